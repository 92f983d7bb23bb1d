import Testing
import WasmBinary
import FileSupport
@testable import WasmValidation

/// The validator's fast loop (`FunctionValidator.runFast`) must accept, reject and describe
/// every body exactly as the general paths alone do: the same facts, or the same error at the
/// same function and offset.
@Suite struct FastRunAgreementTests {
    /// The outcome of validating `module`: the facts of each body, or the error's description.
    static func outcome(_ module: Module, features: ValidationFeatures, fast: Bool) -> String {
        var checker = ModuleChecker(module: module, features: features)
        checker.usesFastRun = fast
        do {
            try checker.checkDeclarations()
            let infos = try checker.checkBodies(0..<module.bodies.count, stopIf: nil)
            return "valid \(infos.map { "\($0.maxStackHeight)/\($0.maxControlDepth)" })"
        } catch {
            return "\(type(of: error)): \(error)"
        }
    }

    /// Reads an unsigned LEB128 at `i`; nil when it runs past `end`.
    static func leb(_ b: [UInt8], _ i: inout Int, _ end: Int) -> Int? {
        var result = 0, shift = 0
        while i < end && shift < 35 {
            let x = b[i]
            i += 1
            result |= Int(x & 0x7F) << shift
            if x < 0x80 { return result }
            shift += 7
        }
        return nil
    }

    /// `module` with `count` `nop`s before the last byte of every body (its final `end`), so
    /// that the body's own instructions start before `runFast`'s limit, and where its code
    /// section's content is; nil when the sections cannot be walked (a malformed module).
    static func padded(_ module: [UInt8], count: Int) -> (bytes: [UInt8], code: Range<Int>)? {
        guard module.count >= 8 else { return nil }
        var out = Array(module[0..<8])
        var code = 0..<0
        var i = 8
        while i < module.count {
            let id = module[i]
            i += 1
            guard let size = leb(module, &i, module.count), i + size <= module.count else { return nil }
            let end = i + size
            guard id == 10 else {
                out += [id] + WasmBuilder.u(UInt64(size)) + module[i..<end]
                i = end
                continue
            }
            guard let bodies = leb(module, &i, end) else { return nil }
            var section = WasmBuilder.u(UInt64(bodies))
            for _ in 0..<bodies {
                guard let n = leb(module, &i, end), n >= 1, i + n <= end else { return nil }
                let body = Array(module[i..<(i + n - 1)]) + [UInt8](repeating: 0x01, count: count) + [module[i + n - 1]]
                section += WasmBuilder.u(UInt64(body.count)) + body
                i += n
            }
            guard i == end else { return nil }
            out += [id] + WasmBuilder.u(UInt64(section.count))
            code = out.count..<(out.count + section.count)
            out += section
        }
        return (out, code)
    }

    /// Every binary module of the spec suites (valid, invalid and malformed ones that decode),
    /// as they are and with padded bodies, validated with and without the fast loop.
    @Test func specModulesGiveTheSameOutcome() throws {
        let root = SpecSuiteTests.specRoot
        var compared = 0
        var fastAccepted = 0
        var random = SplitMix(seed: 8)
        for (dir, features) in [(root + "/wasm-2.0/json", ValidationFeatures.wasm2), (root + "/json", .all)] {
            guard Files.isDirectory(dir) else {
                print("SKIP \(dir) not found")
                continue
            }
            var dirs = [dir]
            while let d = dirs.popLast() {
                for name in Files.list(d) {
                    let path = d + "/" + name
                    if !name.contains(".") && Files.isDirectory(path) {
                        dirs.append(path)
                        continue
                    }
                    guard name.hasSuffix(".wasm"), let bytes = Files.read(path) else { continue }
                    var variants = [bytes]
                    if let (padded, code) = Self.padded(bytes, count: 16) {
                        variants.append(padded)
                        // A few copies with one byte of the code changed: the fast loop meets
                        // wrong types, bad immediates and broken structure.
                        for _ in 0..<3 where !code.isEmpty {
                            var mutated = padded
                            let at = code.lowerBound + random.next(code.count)
                            mutated[at] = UInt8(truncatingIfNeeded: random.next(256))
                            variants.append(mutated)
                        }
                    }
                    for variant in variants {
                        guard let module = try? decodeModule(variant) else { continue }
                        let careful = Self.outcome(module, features: features, fast: false)
                        let fast = Self.outcome(module, features: features, fast: true)
                        #expect(fast == careful, "\(path) (\(variant == bytes ? "as is" : "padded or mutated"))")
                        compared += 1
                        if fast.hasPrefix("valid") { fastAccepted += 1 }
                    }
                }
            }
        }
        print("fast loop agreement: \(compared) modules compared, \(fastAccepted) valid")
    }

    /// A small deterministic generator (SplitMix64).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        /// A number in `0..<bound`.
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// Bodies built to take each `runFast` case, valid and with each kind of mistake.
    @Test func handWrittenBodiesGiveTheSameOutcome() throws {
        let pad = [UInt8](repeating: 0x01, count: 16)
        let bodies: [[UInt8]] = [
            [0x20, 0x00, 0x20, 0x01, 0x6A, 0x21, 0x02, 0x20, 0x02],  // locals, i32.add, local.set
            [0x20, 0x00, 0x20, 0x03, 0x6A],  // local 3 is an i64: mismatch
            [0x20, 0x09],  // unknown local
            [0x20, 0x80, 0x80, 0x80, 0x80, 0x10],  // local index past 32 bits
            [0x41, 0x80, 0x80, 0x80, 0x80, 0x10],  // i32.const: fifth byte not a sign extension
            [0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x1A, 0x41, 0x00],  // 10-byte i64.const
            [0x02, 0x40, 0x41, 0x00, 0x0D, 0x00, 0x0B, 0x41, 0x01],  // block, br_if
            [0x02, 0x7F, 0x41, 0x00, 0x0C, 0x00, 0x0B],  // br with a value
            [0x02, 0x7F, 0x42, 0x00, 0x0C, 0x00, 0x0B],  // br with the wrong value
            [0x02, 0x40, 0x0C, 0x05, 0x0B, 0x41, 0x00],  // unknown label
            [0x41, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B],  // if/else
            [0x41, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x0B],  // if without else with a result
            [0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x41, 0x00],  // else twice
            [0x41, 0x00, 0x28, 0x02, 0x00],  // i32.load
            [0x41, 0x00, 0x28, 0x03, 0x00],  // alignment larger than natural
            [0x41, 0x00, 0x41, 0x00, 0x36, 0x02, 0x04],  // i32.store
            [0x41, 0x00, 0x42, 0x00, 0x36, 0x02, 0x04],  // i32.store of an i64
            [0x41, 0x00, 0x41, 0x01, 0x41, 0x02, 0x1B],  // select
            [0x41, 0x00, 0x42, 0x01, 0x41, 0x02, 0x1B],  // select of different types
            [0x41, 0x05, 0x10, 0x00],  // call (the function itself)
            [0x42, 0x05, 0x10, 0x00],  // call with the wrong argument
            [0x41, 0x05, 0x10, 0x07],  // unknown function
            [0x41, 0x05, 0x41, 0x00, 0x11, 0x00, 0x00],  // call_indirect
            [0x41, 0x05, 0x41, 0x00, 0x11, 0x04, 0x00],  // unknown type
            [0x23, 0x00, 0x24, 0x00, 0x41, 0x00],  // global.get, global.set
            [0x23, 0x01, 0x24, 0x01, 0x41, 0x00],  // immutable global
            [0x41, 0x00, 0x0F],  // return
            [0x42, 0x00, 0x0F],  // return of the wrong type
            [0x00, 0x6A],  // unreachable, then i32.add on the polymorphic stack
            [0x0C, 0x00, 0x1A, 0x1A],  // br, then drops below the frame
            [0x41, 0x00],  // the final end with its result
            [0x41, 0x00, 0x41, 0x00],  // a value too many at the end
            [0x41, 0x00, 0x0B, 0x41, 0x00],  // instructions after the function's end
        ]
        for code in bodies {
            for padding in [[], pad] {
                Self.expectSameOutcome(padding + code)
            }
        }
    }

    /// Bodies longer than the fast loop's window in unoptimised builds (`debugWindow`), nested
    /// deeper than the control stack's first buffer and pushing more operands than the operand
    /// stack's first buffer (the handlers stop at each of these limits and the general paths
    /// grow the buffers), and long bodies with one byte changed at many places.
    @Test func longAndDeepBodiesGiveTheSameOutcome() throws {
        let nested: [UInt8] = [0x02, 0x40].repeated(100) + [0x0B].repeated(100) + [0x41, 0x00]
        // More operands than the operand stack's first buffer (4,096 slots).
        let deep: [UInt8] = [0x20, 0x00].repeated(5000) + [0x6A].repeated(4999)
        // local.get 0; local.get 0; i32.const 7; i32.add; i32.add; local.set 1; local.get 1; drop
        let unit: [UInt8] = [0x20, 0x00, 0x20, 0x00, 0x41, 0x07, 0x6A, 0x6A, 0x21, 0x01, 0x20, 0x01, 0x1A]
        let long: [UInt8] = unit.repeated(200) + [0x41, 0x00]
        // The facts: the largest height and the deepest nesting.
        #expect(Self.expectSameOutcome(nested) == "valid [\"1/101\"]")
        #expect(Self.expectSameOutcome(deep) == "valid [\"5000/1\"]")
        #expect(Self.expectSameOutcome(long) == "valid [\"3/1\"]")
        var bodies: [[UInt8]] = []
        for at in stride(from: 1, to: long.count - 2, by: 97) {
            for byte: UInt8 in [0x42, 0x6A, 0x0B, 0x80, 0x1A] {
                var mutated = long
                mutated[at] = byte
                bodies.append(mutated)
            }
        }
        for code in bodies { Self.expectSameOutcome(code) }
    }

    /// The largest height of each function is its own: the fast loop finds it from the operand
    /// slots written since the function began (`ValType.unwritten` marks the others), so a deep
    /// function must not leave written slots that a shallower one after it would count, also
    /// when the general paths typed some of its instructions or grew the buffer.
    @Test func eachFunctionHasItsOwnLargestHeight() throws {
        let deep: [UInt8] = [0x20, 0x00].repeated(5000) + [0x6A].repeated(4999)
        let shallow: [UInt8] = [0x20, 0x00]
        let medium: [UInt8] = [0x20, 0x00].repeated(300) + [0x6A].repeated(299)
        // A typed `select` (left to the general paths) between two runs of pushes.
        let mixed: [UInt8] = [0x20, 0x00].repeated(2500) + [0x1C, 0x01, 0x7F] + [0x20, 0x00].repeated(2500)
            + [0x6A].repeated(4997)
        var b = WasmBuilder()
        let t = b.type([[B.i32]], [[B.i32]])
        for code in [deep, shallow, medium, shallow, mixed, shallow, deep, medium] {
            _ = b.function(type: t, locals: [], code)
        }
        let module = try decodeModule(b.build())
        let careful = Self.outcome(module, features: .all, fast: false)
        let fast = Self.outcome(module, features: .all, fast: true)
        #expect(fast == careful)
        #expect(careful == "valid [\"5000/1\", \"1/1\", \"300/1\", \"1/1\", \"4998/1\", \"1/1\", \"5000/1\", \"300/1\"]")
    }

    /// The fast loop's vector rows cover every vector sub-opcode the decoder knows: none at
    /// or past `OpcodeTables.vectorRowCount` decodes.
    @Test func vectorRowsCoverEveryVectorInstruction() {
        for sub in OpcodeTables.vectorRowCount..<(1 << 14) {
            var probe: [UInt8] = [0xFD, UInt8(sub & 0x7F | 0x80), UInt8(sub >> 7)]
            probe += [UInt8](repeating: 0, count: 32)
            var decoder = InstructionDecoder(bytes: probe, range: 0..<probe.count)
            #expect((try? decoder.next()) == nil, "0xFD \(sub) decodes")
        }
        // And the rows are filled from the decoder: `v128.load` (0) and `f32x4.mul` (0xE6).
        #expect(OpcodeTables.vectorRows[0] != 0)
        #expect(OpcodeTables.vectorRows[0xE6] != 0)
    }

    /// Validates a function of type [i32] -> [i32] with locals (i32, i32, i64) and body `code`
    /// (its final `end` added) in a module with a memory, a table and two globals, with and
    /// without the fast loop, expects the same outcome and returns it (nil when the module
    /// does not decode).
    @discardableResult
    static func expectSameOutcome(_ code: [UInt8]) -> String? {
        var b = WasmBuilder()
        let t = b.type([[B.i32]], [[B.i32]])
        b.memories.append([0x00, 0x01])
        b.tables.append([0x70, 0x00, 0x01])
        b.globals.append([0x7F, 0x01, 0x41, 0x00, 0x0B])
        b.globals.append([0x7F, 0x00, 0x41, 0x00, 0x0B])
        b.function(type: t, locals: [(2, [B.i32]), (1, [B.i64])], code)
        guard let module = try? decodeModule(b.build()) else { return nil }
        let careful = Self.outcome(module, features: .all, fast: false)
        let fast = Self.outcome(module, features: .all, fast: true)
        #expect(fast == careful, "\(code)")
        return fast
    }

    /// Bodies whose last instruction starts inside the body and runs on past its end (into the
    /// next body and the data section). The fast loop types instructions up to the body's end
    /// when the bytes that follow are there to read; one that ran past the end must give the
    /// error the general paths give.
    @Test func instructionsRunningPastTheBodyGiveTheSameOutcome() throws {
        let cut: [[UInt8]] = [
            [0x41, 0x80],  // i32.const, its number continues
            [0x42, 0xFF, 0xFF],  // i64.const
            [0x20],  // local.get without its index
            [0x41, 0x00, 0x21],  // local.set without its index
            [0x10],  // call without its index
            [0x44, 0x00, 0x00],  // f64.const, four of its eight bytes missing
            [0x41, 0x00, 0x0E, 0x02, 0x00],  // br_table without its targets
            [0x41, 0x00, 0x28, 0x02],  // i32.load without its offset
            [0x02, 0x40, 0x0B, 0x41, 0x00, 0x41, 0x00, 0x11, 0x00],  // call_indirect without its table
            [0x41, 0x00, 0x04],  // if without its block type
        ]
        let follower = [UInt8](repeating: 0x01, count: 16) + [0x41, 0x00]
        for code in cut {
            var b = WasmBuilder()
            let t = b.type([[B.i32]], [[B.i32]])
            b.memories.append([0x00, 0x01])
            b.tables.append([0x70, 0x00, 0x01])
            b.function(type: t, locals: [(2, [B.i32])], code, end: false)
            b.function(type: t, follower)
            b.data.append([0x01] + WasmBuilder.u(24) + [UInt8](repeating: 0x0B, count: 24))
            let bytes = b.build()
            guard let module = try? decodeModule(bytes) else { continue }
            let careful = Self.outcome(module, features: .all, fast: false)
            let fast = Self.outcome(module, features: .all, fast: true)
            #expect(!careful.hasPrefix("valid"), "\(code)")
            #expect(fast == careful, "\(code)")
        }
    }
}
