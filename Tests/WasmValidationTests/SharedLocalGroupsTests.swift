import Testing
import WasmBinary
@testable import WasmValidation

/// The decoder makes every body's runs of locals a slice of one array
/// (`Module.sharedLocalGroups`), which the validator then reads in place; a module whose bodies
/// were changed afterwards is read body by body. Both must type each body with its own locals.
@Suite struct SharedLocalGroupsTests {
    static let types: [UInt8] = [B.i32, B.i64, B.f32, B.f64]

    /// `count` functions `() -> ()`; function `i` declares runs of locals of types rotated by
    /// `i` (one to three locals each) and reads its last local as the type it declared, so a body
    /// typed with another body's locals fails. `wrong` makes function `wrong` read it as
    /// another type.
    static func module(count: Int, wrong: Int? = nil) -> [UInt8] {
        var b = WasmBuilder()
        let t = b.type([], [])
        for i in 0..<count {
            var locals: [(UInt32, [UInt8])] = []
            var total: UInt32 = 0
            var last = B.i32
            for k in 0..<(1 + i % 4) {
                let type = types[(i + k) % types.count]
                let n = UInt32(1 + (i + k) % 3)
                locals.append((n, [type]))
                total += n
                last = type
            }
            let readAs = i == wrong ? types[((types.firstIndex(of: last) ?? 0) + 1) % types.count] : last
            let set = readAs == B.i32 ? [UInt8]([0x41, 0x00]) : readAs == B.i64 ? [0x42, 0x00]
                : readAs == B.f32 ? [0x43, 0, 0, 0, 0] : [0x44, 0, 0, 0, 0, 0, 0, 0, 0]
            // local.set last (a constant of the type read), local.get last, drop
            let index = UInt8(total - 1)
            b.function(type: t, locals: locals, set + [0x21, index, 0x20, index, 0x1A])
        }
        return b.build()
    }

    @Test func decodedBodiesShareOneArrayAndValidate() throws {
        let module = try decodeModule(Self.module(count: 300))
        #expect(module.sharedLocalGroups != nil)
        let validated = try validateModule(module)
        #expect(validated.functions.count == 300)
    }

    @Test func changedBodiesAreReadOneByOneWithTheSameOutcome() throws {
        let decoded = try decodeModule(Self.module(count: 300))
        var changed = decoded
        changed.bodies = decoded.bodies.map { FunctionBody(locals: $0.locals, code: $0.code) }
        #expect(changed.sharedLocalGroups == nil)
        #expect(try validateModule(changed).functions == validateModule(decoded).functions)
        // Changing one body in place also stops the shared reading.
        var one = decoded
        one.bodies[7].code = decoded.bodies[7].code
        #expect(one.sharedLocalGroups == nil)
    }

    @Test func aBodyReadingItsLocalAsAnotherTypeIsReported() throws {
        for wrong in [0, 1, 149, 299] {
            for shared in [true, false] {
                var module = try decodeModule(Self.module(count: 300, wrong: wrong))
                if !shared { module.bodies = module.bodies.map { FunctionBody(locals: $0.locals, code: $0.code) } }
                #expect(throws: ValidationError.self) { try validateModule(module) }
                do {
                    _ = try validateModule(module)
                } catch let e as ValidationError {
                    #expect(e.functionIndex == UInt32(wrong))
                    #expect(e.message.hasPrefix("type mismatch"))
                }
            }
        }
    }
}
