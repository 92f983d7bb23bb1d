import FuzzSupport
import SeededRandom
import Testing
import WasmBinary
import WasmBytes

/// A large code section is walked on several chains at once, each but the first from a guessed
/// body start (`BodyWalks`). Whatever the guesses, the bodies and errors must be those of one
/// walk from the start: these tests decode the same bytes with one walk and with many.
@Suite("Code section walked on several chains")
struct BodyWalksTests {
    static let walkCounts = [2, 3, 8, 64]

    func decode(_ bytes: [UInt8], walks: Int) -> Result<[FunctionBody], DecodeError> {
        WalkedDecoding.bodies(bytes, walks: walks)
    }

    /// A module of one function type and one function per body.
    func module(_ bodies: [[UInt8]]) -> [UInt8] {
        WasmBytes.module(
            WasmBytes.section(1, WasmBytes.vec([[0x60, 0x00, 0x00]])),
            WasmBytes.section(3, WasmBytes.vec(bodies.map { _ in [0x00] })),
            WasmBytes.section(10, WasmBytes.vec(bodies.map { WasmBytes.unsigned(UInt64($0.count)) + $0 })))
    }

    /// A body in one of many forms: common and uncommon local declarations (padded counts,
    /// reference types, empty runs), and code full of `end` bytes and of `block end` pairs, which
    /// look like chains of tiny bodies (`02 40 0B`: size 2, then `40 0B`) to a guess.
    func randomBody(_ random: inout SplitMix64) -> [UInt8] {
        var declarations: [[UInt8]] = []
        for _ in 0 ..< Int(random.next() % 4) {
            let count = WasmBytes.unsigned(UInt64(random.next() % 40))
            switch random.next() % 8 {
            case 0: declarations.append([0x83, 0x80, 0x80, 0x80, 0x00] + [0x7F])  // a 5-byte count
            case 1: declarations.append(count + [0x63, 0x70])                      // (ref null func)
            case 2: declarations.append(count + [0x6F])                            // externref
            default: declarations.append(count + [[0x7F, 0x7E, 0x7D, 0x7C, 0x7B][Int(random.next() % 5)]])
            }
        }
        var code: [UInt8] = []
        for _ in 0 ..< Int(random.next() % 300) {
            switch random.next() % 4 {
            case 0: code += [0x02, 0x40, 0x0B]             // block end
            case 1: code += [0x41, 0x0B, 0x1A]             // i32.const 11, drop
            case 2: code += [0x41, UInt8(truncatingIfNeeded: random.next() & 0x3F), 0x1A]
            default: code += [0x01]                        // nop
            }
        }
        return WasmBytes.vec(declarations) + code + [0x0B]
    }

    func randomModule(seed: UInt64, bodies: Int) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        return module((0 ..< bodies).map { _ in randomBody(&random) })
    }

    @Test("many walks read the bodies one walk reads", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func sameBodies(seed: UInt64) {
        let bytes = randomModule(seed: seed, bodies: 400)
        let one = decode(bytes, walks: 1)
        guard case .success(let bodies) = one else {
            Issue.record("the module does not decode: \(one)")
            return
        }
        #expect(bodies.count == 400)
        for walks in Self.walkCounts {
            #expect(decode(bytes, walks: walks) == one, "walks: \(walks)")
        }
    }

    @Test("a damaged code section gives the same bodies or error with many walks", arguments: [11, 12, 13] as [UInt64])
    func sameErrors(seed: UInt64) {
        let bytes = randomModule(seed: seed, bodies: 200)
        var random = SplitMix64(seed: seed &* 977)
        var failures = 0
        for _ in 0 ..< 150 {
            var damaged = bytes
            let at = bytes.count / 8 + Int(random.next() % UInt64(bytes.count - bytes.count / 8))
            switch random.next() % 3 {
            case 0: damaged[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: damaged[at] ^= 0x80
            default: damaged.removeSubrange(at ..< min(bytes.count, at + Int(random.next() % 40)))
            }
            let one = decode(damaged, walks: 1)
            if case .failure = one { failures += 1 }
            for walks in Self.walkCounts {
                #expect(decode(damaged, walks: walks) == one, "walks: \(walks), damage at \(at)")
            }
        }
        #expect(failures > 10)   // the damage reaches the reading of bodies, not only their code
    }

    @Test("the module's budget of locals fails at the same body with many walks")
    func localBudget() {
        // 25 bodies of 50,000 locals each: 1.25 million, past the budget of 2^20 for a module
        // this small, at the 21st body.
        let body = WasmBytes.vec([WasmBytes.unsigned(UInt64(50_000)) + [0x7F]]) + [0x0B]
        let bytes = module(Array(repeating: body, count: 25))
        let one = decode(bytes, walks: 1)
        guard case .failure(let error) = one else {
            Issue.record("the budget was not enforced: \(one)")
            return
        }
        #expect(error.message == "too many locals")
        for walks in Self.walkCounts {
            #expect(decode(bytes, walks: walks) == one, "walks: \(walks)")
        }
    }

    @Test("a body count above or below the bodies there are is reported as with one walk")
    func wrongCount() {
        var random = SplitMix64(seed: 99)
        let bodies = (0 ..< 120).map { _ in randomBody(&random) }
        let entries = bodies.map { WasmBytes.unsigned(UInt64($0.count)) + $0 }
        for declared in [119, 121] {
            let content = WasmBytes.unsigned(UInt64(declared)) + entries.flatMap { $0 }
            let bytes = WasmBytes.module(
                WasmBytes.section(1, WasmBytes.vec([[0x60, 0x00, 0x00]])),
                WasmBytes.section(3, WasmBytes.vec((0 ..< declared).map { _ in [0x00] })),
                WasmBytes.section(10, content))
            let one = decode(bytes, walks: 1)
            guard case .failure = one else {
                Issue.record("count \(declared) was accepted")
                continue
            }
            for walks in Self.walkCounts {
                #expect(decode(bytes, walks: walks) == one, "declared: \(declared), walks: \(walks)")
            }
        }
    }

    @Test("a large section (walked on several chains by default) decodes as with one walk")
    func defaultWalks() {
        // Over 1 MiB of code: the default is several walks.
        let bytes = randomModule(seed: 7, bodies: 6_000)
        let one = decode(bytes, walks: 1)
        #expect(bytes.count > 1 << 20)
        guard case .success = one else {
            Issue.record("the module does not decode: \(one)")
            return
        }
        #expect((try? decodeModule(bytes).bodies) == (try? one.get()))
    }
}
