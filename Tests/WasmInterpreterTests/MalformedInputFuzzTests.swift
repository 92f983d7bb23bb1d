import Foundation
import FuzzSupport
import Testing
import WasmBinary
import WasmValidation
@testable import WasmInterpreter
import SeededRandom

/// Feeds mutated spec modules through decode, validate, instantiate and calls: every input must
/// end in a value or a typed error, never a crash or a hang.
struct MalformedInputFuzzTests {
    static let iterations = 100_000

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        if bytes.isEmpty { return [UInt8(truncatingIfNeeded: rng.next())] }
        switch rng.next() % 5 {
        case 0:  // flip 1-8 bits
            for _ in 0..<(1 + Int(rng.next() % 8)) {
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes[i] ^= UInt8(1) << UInt8(rng.next() % 8)
            }
        case 1:  // truncate
            bytes.removeLast(Int(rng.next() % UInt64(bytes.count)))
        case 2:  // overwrite a run with random bytes
            let start = Int(rng.next() % UInt64(bytes.count))
            let length = min(bytes.count - start, 1 + Int(rng.next() % 16))
            for i in start..<(start + length) { bytes[i] = UInt8(truncatingIfNeeded: rng.next()) }
        case 3:  // insert random bytes
            let at = Int(rng.next() % UInt64(bytes.count + 1))
            let insert = (0..<(1 + Int(rng.next() % 8))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            bytes.insert(contentsOf: insert, at: at)
        default:  // set a byte to an interesting value
            let i = Int(rng.next() % UInt64(bytes.count))
            let interesting: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x40, 0x0B, 0x41, 0x10, 0xFC, 0xFD]
            bytes[i] = interesting[Int(rng.next() % UInt64(interesting.count))]
        }
        return bytes
    }

    /// Runs one input to its end. Returns which stage stopped it.
    static func run(_ bytes: [UInt8]) -> String {
        let module: Module
        do { module = try decodeModule(bytes) } catch { return "decode" }
        let validated: ValidatedModule
        do { validated = try validateModule(module) } catch { return "validate" }
        var configuration = StoreConfiguration()
        configuration.fuel = 500
        configuration.maxStackSlots = 1 << 16
        configuration.maxCallDepth = 2_000
        let store = Store(configuration: configuration)
        let instance: Instance
        do {
            instance = try store.instantiate(validated, imports: StubImports.resolver(for: module, store: store))
        } catch {
            return "instantiate"
        }
        // Call a few exported functions too: traps and fuel exhaustion are values, not crashes.
        for export in instance.exports.prefix(3) {
            guard case .function(let f) = export.value else { continue }
            let args = store.functionType(f).parameters.map { Value.defaultValue(of: $0) }
            _ = try? store.invoke(f, args)
        }
        return "ran"
    }

    @Test(.enabled(if: SharedSuite.hasSpec20, Comment(rawValue: SharedSuite.missingMessage)))
    func hundredThousandMutatedSpecModulesNeverCrash() throws {
        let files = SharedSuite.wasmFiles(under: SharedSuite.spec20)
        let corpus: [[UInt8]] = files.compactMap { url in
            guard let data = try? Data(contentsOf: url), data.count < 64 * 1024 else { return nil }
            return [UInt8](data)
        }
        try #require(corpus.count > 1000, "expected the spec suite's modules")
        var rng = SplitMix64(state: 0x5EED_2026)
        var stages: [String: Int] = [:]
        for _ in 0..<Self.iterations {
            let base = corpus[Int(rng.next() % UInt64(corpus.count))]
            let input = Self.mutate(base, &rng)
            stages[Self.run(input), default: 0] += 1
        }
        let total = stages.values.reduce(0, +)
        #expect(total == Self.iterations)
        // Mutations must reach every stage, or the test exercises too little.
        #expect(stages["decode", default: 0] > 0)
        #expect(stages["validate", default: 0] > 0)
        #expect(stages["ran", default: 0] > 0)
        print("fuzz: \(total) inputs; stopped at: \(stages.sorted { $0.key < $1.key })")
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix64(state: 42)
        for _ in 0..<20_000 {
            var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
            for _ in 0..<Int(rng.next() % 64) { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
            _ = Self.run(bytes)
        }
    }
}
