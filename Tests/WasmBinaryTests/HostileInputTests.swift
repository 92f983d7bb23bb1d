import WasmBytes
import Testing
import WasmBinary
import SeededRandom

/// Inputs meant to make a decoder allocate or crash.
struct HostileInputTests {
    /// `0xFFFF_FFFF` as a u32 LEB.
    static let hugeCount: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]

    @Test("A count of 4 billion is refused before anything is reserved", arguments: [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13] as [UInt8])
    func hugeCounts(section id: UInt8) {
        expectDecodeError(WasmBytes.module(WasmBytes.section(id, Self.hugeCount + [0x00, 0x00])), "unexpected end of section or function")
    }

    @Test("Huge counts inside entries")
    func hugeInnerCounts() {
        // Parameter count, element item count, local group count, name length, data length.
        expectDecodeError(WasmBytes.module(WasmBytes.section(1, [0x01, 0x60] + Self.hugeCount)), "unexpected end of section or function")
        expectDecodeError(WasmBytes.module(WasmBytes.section(9, [0x01, 0x01, 0x00] + Self.hugeCount)), "unexpected end of section or function")
        expectDecodeError(WasmBytes.module(WasmBytes.section(9, [0x01, 0x05, 0x70] + Self.hugeCount)), "unexpected end of section or function")
        expectDecodeError(
            WasmBytes.module(WasmBytes.oneType, WasmBytes.oneFunction, WasmBytes.section(10, [0x01, 0x06] + Self.hugeCount + [0x0B])),
            "unexpected end of section or function")
        expectDecodeError(WasmBytes.module(WasmBytes.section(7, [0x01] + Self.hugeCount)), "unexpected end of section or function")
        expectDecodeError(WasmBytes.module(WasmBytes.section(11, [0x01, 0x01] + Self.hugeCount)), "unexpected end of section or function")
        expectDecodeError(WasmBytes.module(WasmBytes.section(0, Self.hugeCount)), "unexpected end of section or function")
        // Many locals in few bytes.
        expectDecodeError(
            WasmBytes.module(WasmBytes.oneType, WasmBytes.oneFunction, WasmBytes.section(10, [0x01, 0x07, 0x01] + Self.hugeCount + [0x7F, 0x0B])),
            "too many locals")
    }

    @Test("Truncations and byte flips of a rich module never crash")
    func mutations() throws {
        let offset: [UInt8] = [0x41, 0x00, 0x0B]
        let original = WasmBytes.module(
            WasmBytes.section(1, WasmBytes.vec([[0x60, 0x01, 0x7F, 0x01, 0x7F], [0x60, 0x00, 0x00]])),
            WasmBytes.section(2, WasmBytes.vec([WasmBytes.name("m") + WasmBytes.name("g") + [0x03, 0x7F, 0x00]])),
            WasmBytes.section(3, WasmBytes.vec([[0x00], [0x01]])),
            WasmBytes.section(4, WasmBytes.vec([[0x70, 0x00, 0x02], [0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD2, 0x00, 0x0B]])),
            WasmBytes.section(5, WasmBytes.vec([[0x01, 0x01, 0x02]])),
            WasmBytes.section(13, WasmBytes.vec([[0x00, 0x01]])),
            WasmBytes.section(6, WasmBytes.vec([[0x7F, 0x01, 0x23, 0x00, 0x0B]])),
            WasmBytes.section(7, WasmBytes.vec([WasmBytes.name("f") + [0x00, 0x01]])),
            WasmBytes.section(8, [0x02]),
            WasmBytes.section(9, WasmBytes.vec([[0x00] + offset + [0x01, 0x01], [0x05, 0x70, 0x01, 0xD0, 0x70, 0x0B]])),
            WasmBytes.section(12, [0x02]),
            WasmBytes.section(10, WasmBytes.vec([[0x07, 0x01, 0x02, 0x7F, 0x20, 0x00, 0x0B, 0x0B], [0x02, 0x00, 0x0B]])),
            WasmBytes.section(11, WasmBytes.vec([[0x00] + offset + [0x02, 0x01, 0x02], [0x01, 0x00]])),
            WasmBytes.section(0, WasmBytes.name("name") + [0x01, 0x04, 0x01, 0x00, 0x01, 0x61]))
        let module = try decodeModule(original)
        #expect(module.functionNames == [0: "a"])
        #expect(module.bodies.count == 2 && module.data.count == 2 && module.elements.count == 2)

        var outcomes = (decoded: 0, rejected: 0)
        func attempt(_ bytes: [UInt8]) {
            do {
                _ = try decodeModule(bytes)
                outcomes.decoded += 1
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                outcomes.rejected += 1
            }
        }
        for length in 0..<original.count { attempt(Array(original.prefix(length))) }
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<20_000 {
            var bytes = original
            for _ in 0...(generator.next() % 3) {
                let index = 8 + Int(generator.next() % UInt64(bytes.count - 8))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            attempt(bytes)
        }
        #expect(outcomes.rejected > 0)
    }
}

/// The module-wide limit on declared locals.
struct ModuleLocalsLimitTests {
    @Test("The module-wide locals limit grows with the binary between 2^20 and 2^24")
    func limitShape() {
        #expect(DecoderLimits.maxLocalsPerModule(binarySize: 0) == 1 << 20)
        #expect(DecoderLimits.maxLocalsPerModule(binarySize: 100_000) == 1_600_000)
        #expect(DecoderLimits.maxLocalsPerModule(binarySize: 1 << 30) == 1 << 24)
        #expect(DecoderLimits.maxLocalsPerModule(binarySize: Int.max) == 1 << 24)
    }

    @Test("Many small bodies each declaring the per-function maximum are refused")
    func manyBodies() {
        // Each body: one group of 50,000 i32 locals and `end`, seven bytes.
        let perFunction = UInt64(DecoderLimits.maxLocalsPerFunction)
        let bodyContent = [0x01] + WasmBytes.unsigned(perFunction) + [0x7F, 0x0B]
        let body = WasmBytes.unsigned(UInt64(bodyContent.count)) + bodyContent
        let count = DecoderLimits.maxLocalsPerModule(binarySize: 0) / Int(perFunction) + 1
        let bytes = WasmBytes.module(
            WasmBytes.oneType,
            WasmBytes.section(3, WasmBytes.vec(Array(repeating: [0x00], count: count))),
            WasmBytes.section(10, WasmBytes.vec(Array(repeating: body, count: count))))
        #expect(bytes.count < 1000)
        expectDecodeError(bytes, "too many locals")
    }
}
