import Testing
import WasmBinary

/// `DecodeOptions.deferLocals` (the validation cache's decoding): bodies keep their local
/// declarations undecoded until asked, and give the same bodies and errors as eager decoding.
@Suite("Deferred local declarations")
struct DeferredLocalsTests {
    static var deferred: DecodeOptions {
        var options = DecodeOptions()
        options.deferLocals = true
        return options
    }

    /// A module of one type and one body per entry of `bodies` (each: declarations + code).
    func module(_ bodies: [[UInt8]]) -> [UInt8] {
        Bin.module(
            Bin.section(1, Bin.vec([[0x60, 0x00, 0x00]])),
            Bin.section(3, Bin.vec(bodies.map { _ in [0x00] })),
            Bin.section(10, Bin.vec(bodies.map { Bin.leb(UInt64($0.count)) + $0 })))
    }

    @Test("a deferred body decodes to the eager one, one by one or all together")
    func sameBodies() throws {
        let bytes = module([[0x00, 0x0B], [0x03, 0x02, 0x7F, 0x00, 0x7E, 0x01, 0x7D, 0x01, 0x0B], [0x01, 0x03, 0x7C, 0x0B]])
        let eager = try decodeModule(bytes)
        var lazy = try decodeModule(bytes, options: Self.deferred)
        #expect(lazy.bodies.allSatisfy { $0.localsDeferred && $0.locals.isEmpty })
        #expect(eager.bodies.allSatisfy { !$0.localsDeferred })
        for i in eager.bodies.indices {
            #expect(try lazy.decodedBody(i) == eager.bodies[i])
            #expect(try eager.decodedBody(i) == eager.bodies[i])
        }
        #expect(try lazy.decodedBody(1).locals == [.i32, .i32, .f32])
        #expect(throws: DecodeError.self) { try lazy.decodedBody(3) }
        try lazy.decodeDeferredLocals()
        #expect(lazy.bodies == eager.bodies)
    }

    @Test("malformed declarations: decoding them later throws what eager decoding throws")
    func sameErrors() throws {
        let limit = UInt64(DecoderLimits.maxLocalsPerFunction)
        let cases: [[[UInt8]]] = [
            [[0x00, 0x0B], [0x02, 0x01, 0x7F, 0x0B]],  // declarations past the body
            [[0x01, 0x01, 0x40, 0x0B]],  // a bad value type
            [[0x00, 0x0B], Bin.leb(1) + Bin.leb(limit + 1) + [0x7F, 0x0B]],  // too many locals
        ]
        for bodies in cases {
            let bytes = module(bodies)
            var eagerError: DecodeError?
            do { _ = try decodeModule(bytes) } catch { eagerError = error }
            #expect(eagerError != nil)
            var lazy = try decodeModule(bytes, options: Self.deferred)
            var lazyError: DecodeError?
            do { try lazy.decodeDeferredLocals() } catch { lazyError = error }
            #expect(lazyError == eagerError)
            #expect(throws: DecodeError.self) { try lazy.decodedBody(bodies.count - 1) }
        }
    }

    @Test("the module-wide budget of locals holds when the declarations are decoded later")
    func moduleBudget() throws {
        // Enough bodies at the per-function maximum to pass the module's budget.
        let perBody = UInt64(DecoderLimits.maxLocalsPerFunction)
        let body = Bin.leb(1) + Bin.leb(perBody) + [0x7F, 0x0B]
        let budget = DecoderLimits.maxLocalsPerModule(binarySize: 0)
        let bytes = module(Array(repeating: body, count: budget / Int(perBody) + 1))
        var eagerError: DecodeError?
        do { _ = try decodeModule(bytes) } catch { eagerError = error }
        #expect(eagerError?.message == "too many locals")
        var lazy = try decodeModule(bytes, options: Self.deferred)
        #expect(throws: eagerError ?? DecodeError("", offset: 0)) { try lazy.decodeDeferredLocals() }
        // One body alone is within the per-function limit.
        #expect(try lazy.decodedBody(0).locals.count == Int(perBody))
    }
}
