import ComponentBinary
import SeededRandom
import FileSupport
import Testing
import WasmBinary

/// Damaged real components end in errors, never in crashes or hangs.
@Suite(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missing)))
struct MalformedInputTests {
    /// A small deterministic generator (SplitMix64).
    struct Random {
        var generator: SplitMix64
        init(state: UInt64) { generator = SplitMix64(state: state) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    /// Decodes, validates and prints; returns whether decoding succeeded.
    @discardableResult
    static func exercise(_ bytes: [UInt8]) -> Bool {
        guard let c = try? decodeComponent(bytes) else { return false }
        _ = try? validateComponent(c)
        _ = witText(of: c)
        return true
    }

    /// The real components under 100 KB.
    static func smallComponents() -> [[UInt8]] {
        SharedComponentTests.componentFiles().compactMap(Files.read).filter { $0.count < 100_000 }
    }

    @Test func everyTruncationIsAnError() throws {
        let bytes = try #require(Fixtures.read("wippy/minimal.wasm"))
        var errors = 0
        for length in 0..<bytes.count {
            do {
                _ = try decodeComponent(Array(bytes[0..<length]))
            } catch {
                errors += 1
                #expect(error.offset >= 0 && error.offset <= length)
            }
        }
        // A prefix that ends exactly between sections is a valid (smaller) component.
        print("truncations of minimal.wasm: \(bytes.count), rejected \(errors)")
        #expect(errors >= bytes.count - 40)
    }

    @Test func bitFlipsOverEveryRealComponent() {
        var rng = Random(state: 1)
        var total = 0, rejected = 0
        for bytes in Self.smallComponents() {
            for _ in 0..<400 {
                var copy = bytes
                let i = rng.below(copy.count)
                copy[i] ^= UInt8(1) << UInt8(rng.below(8))
                total += 1
                if !Self.exercise(copy) { rejected += 1 }
            }
        }
        print("bit flips: \(total), rejected by the decoder \(rejected)")
        #expect(total > 1000)
    }

    @Test func twentyThousandMutations() {
        var rng = Random(state: 42)
        let inputs = Self.smallComponents().filter { $0.count < 30_000 }
        var rejected = 0
        let count = 20_000
        for n in 0..<count {
            var copy = inputs[n % inputs.count]
            switch rng.below(5) {
            case 0:  // random byte
                copy[rng.below(copy.count)] = UInt8(truncatingIfNeeded: rng.next())
            case 1:  // LEB-ish large value
                let i = rng.below(copy.count - 5)
                for k in 0..<5 { copy[i + k] = k == 4 ? 0x0F : 0xFF }
            case 2:  // delete a range
                let i = rng.below(copy.count)
                copy.removeSubrange(i..<min(copy.count, i + 1 + rng.below(16)))
            case 3:  // duplicate a range
                let i = rng.below(copy.count)
                let j = min(copy.count, i + 1 + rng.below(64))
                copy.insert(contentsOf: copy[i..<j], at: i)
            default:  // several flips
                for _ in 0..<(1 + rng.below(8)) { copy[rng.below(copy.count)] ^= UInt8(1) << UInt8(rng.below(8)) }
            }
            if !Self.exercise(copy) { rejected += 1 }
        }
        print("mutations: \(count), rejected by the decoder \(rejected)")
        #expect(rejected > 0)
    }
}
