import WasmBytes
import Testing
import WasmBinary

/// `DecodeOptions.deferCode` (the validation cache's decoding): the code section is not walked,
/// bodies come from the extents a record keeps, and each body's local declarations are decoded
/// when it is asked for, giving the bodies eager decoding gives.
@Suite("Deferred code section")
struct DeferredCodeTests {
    static var deferred: DecodeOptions {
        var options = DecodeOptions()
        options.deferCode = true
        return options
    }

    /// A module of one type and one body per entry of `bodies` (each: declarations + code).
    func module(_ bodies: [[UInt8]]) -> [UInt8] {
        WasmBytes.module(
            WasmBytes.section(1, WasmBytes.vec([[0x60, 0x00, 0x00]])),
            WasmBytes.section(3, WasmBytes.vec(bodies.map { _ in [0x00] })),
            WasmBytes.section(10, WasmBytes.vec(bodies.map { WasmBytes.unsigned(UInt64($0.count)) + $0 })))
    }

    static let bodies: [[UInt8]] = [[0x00, 0x0B], [0x03, 0x02, 0x7F, 0x00, 0x7E, 0x01, 0x7D, 0x01, 0x0B], [0x01, 0x03, 0x7C, 0x0B]]

    @Test("bodies adopted from the extents decode to the eager ones")
    func sameBodies() throws {
        var bytes = module(Self.bodies)
        // A padded size (two bytes for 2) for the first body: the extents keep its length.
        let codeStart = bytes.count - Self.bodies.map { $0.count + 1 }.reduce(0, +)
        #expect(bytes[codeStart] == 0x02)
        bytes.replaceSubrange(codeStart ..< codeStart + 1, with: [0x82, 0x00])
        bytes[codeStart - 2] += 1   // the section size
        let eager = try decodeModule(bytes)
        let extents = eager.bodyExtents()
        #expect(extents.map(\.headerLength) == [2, 1, 1])
        #expect(extents.map(\.size) == Self.bodies.map(\.count))
        var lazy = try decodeModule(bytes, options: Self.deferred)
        #expect(lazy.bodies.isEmpty && lazy.codeSection?.count == 3)
        let adopted1 = lazy.adoptBodies(extents)
        #expect(adopted1)
        #expect(lazy.bodies.allSatisfy { $0.localsDeferred && $0.locals.isEmpty })
        #expect(eager.bodies.allSatisfy { !$0.localsDeferred })
        for i in eager.bodies.indices {
            #expect(try lazy.decodedBody(i) == eager.bodies[i])
            #expect(try eager.decodedBody(i) == eager.bodies[i])
        }
        #expect(try lazy.decodedBody(1).locals == [.i32, .i32, .f32])
        #expect(throws: DecodeError.self) { try lazy.decodedBody(3) }
        let adopted2 = lazy.adoptBodies(extents)   // only once
        #expect(!adopted2)
    }

    @Test("bodies in every declaration form decode as their declarations read on their own")
    func quickAndGeneralDecodingAgree() throws {
        // Short and padded numbers, reference-typed and empty runs: the decoder reads the common
        // forms straight from the bytes and leaves the rest to the general reader.
        let bodies: [[UInt8]] = [
            [0x00, 0x0B],
            [0x02, 0x00, 0x7F, 0x83, 0x80, 0x80, 0x00, 0x7E, 0x0B],  // an empty run; a 4-byte count
            [0x01, 0x83, 0x80, 0x80, 0x80, 0x00, 0x7C, 0x0B],  // a 5-byte count
            [0x81, 0x80, 0x00, 0x02, 0x7B, 0x0B],  // a padded run count
            [0x02, 0x01, 0x70, 0x02, 0x7F, 0x0B],  // a funcref run (one-byte shorthand)
            [0x01, 0xFF, 0x01, 0x7D, 0x01, 0x01, 0x0B],
            [0x02, 0x01, 0x63, 0x70, 0x01, 0x69, 0x0B],  // (ref null func) in two bytes; exnref
        ]
        var bytes = module(bodies)
        // The first body's size padded to five bytes.
        let codeStart = bytes.count - bodies.map { $0.count + 1 }.reduce(0, +)
        bytes.replaceSubrange(codeStart ..< codeStart + 1, with: [0x82, 0x80, 0x80, 0x80, 0x00])
        bytes[codeStart - 2] += 4   // the section size
        let eager = try decodeModule(bytes)
        var lazy = try decodeModule(bytes, options: Self.deferred)
        let adopted = lazy.adoptBodies(eager.bodyExtents())
        #expect(adopted)
        #expect(eager.bodies.count == bodies.count)
        for i in eager.bodies.indices {
            #expect(try lazy.decodedBody(i) == eager.bodies[i])
        }
        #expect(eager.bodies[1].locals == [.i64, .i64, .i64])
        #expect(eager.bodies[4].locals == [.funcref, .i32, .i32])
        #expect(eager.bodies[5].locals.count == 255)
        #expect(eager.bodies[6].locals == [.funcref, .ref(RefType(nullable: true, heapType: .exception))])
    }

    @Test("extents that do not tile the code section are refused", arguments: [0, 1, 2, 3, 4])
    func refusedExtents(damage: Int) throws {
        let bytes = module(Self.bodies)
        let good = try decodeModule(bytes).bodyExtents()
        var bad = good
        switch damage {
        case 0: bad.removeLast()
        case 1: bad[0] = BodyExtent(headerLength: 1, size: good[0].size + 1)
        case 2: bad[2] = BodyExtent(headerLength: 0, size: good[2].size + 1)
        case 3: bad[1] = BodyExtent(headerLength: 6, size: good[1].size - 5)
        default: bad[2] = BodyExtent(headerLength: 1, size: good[2].size - 1)
        }
        var lazy = try decodeModule(bytes, options: Self.deferred)
        let adopted3 = lazy.adoptBodies(bad)
        #expect(!adopted3)
        #expect(lazy.bodies.isEmpty)
        let adopted4 = lazy.adoptBodies(good)
        #expect(adopted4)
    }

    @Test("a deferred decode does not look inside bodies; counts are still checked")
    func deferredChecks() throws {
        // Malformed locals: eager decoding refuses them, a deferred decode does not read them.
        let bytes = module([[0x01, 0x01, 0x40, 0x0B]])
        #expect(throws: DecodeError.self) { try decodeModule(bytes) }
        var lazy = try decodeModule(bytes, options: Self.deferred)
        let adopted5 = lazy.adoptBodies([BodyExtent(headerLength: 1, size: 4)])
        #expect(adopted5)
        #expect(throws: DecodeError("malformed value type", offset: bytes.count - 2)) { try lazy.decodedBody(0) }
        // The function and code sections still have to agree.
        let mismatch = WasmBytes.module(WasmBytes.oneType, WasmBytes.section(3, WasmBytes.vec([[0x00], [0x00]])), WasmBytes.oneBody)
        #expect(throws: DecodeError.self) { try decodeModule(mismatch, options: Self.deferred) }
        // No code section: nothing to adopt.
        var empty = try decodeModule(WasmBytes.module(WasmBytes.oneType), options: Self.deferred)
        let adopted6 = empty.adoptBodies([])
        #expect(adopted6)
        let adopted7 = empty.adoptBodies([BodyExtent(headerLength: 1, size: 1)])
        #expect(!adopted7)
    }

    @Test("one body's locals are held to the per-function limit when decoded later")
    func perFunctionLimit() throws {
        let limit = UInt64(DecoderLimits.maxLocalsPerFunction)
        let bytes = module([WasmBytes.unsigned(1) + WasmBytes.unsigned(limit + 1) + [0x7F, 0x0B]])
        var lazy = try decodeModule(bytes, options: Self.deferred)
        let size = WasmBytes.unsigned(1).count + WasmBytes.unsigned(limit + 1).count + 2
        let adopted8 = lazy.adoptBodies([BodyExtent(headerLength: 1, size: size)])
        #expect(adopted8)
        #expect(throws: DecodeError.self) { try lazy.decodedBody(0) }
    }
}
