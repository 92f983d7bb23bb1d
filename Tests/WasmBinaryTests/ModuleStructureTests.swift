import WasmBytes
import Testing
import WasmBinary

/// Preamble, section framing and order, and the cross-section counts.
struct ModuleStructureTests {
    @Test("Preamble")
    func preamble() throws {
        let empty = try decodeModule(WasmBytes.header)
        #expect(empty.types.isEmpty && empty.bodies.isEmpty && empty.start == nil)
        expectDecodeError([], "unexpected end")
        expectDecodeError([0x00, 0x61, 0x73], "unexpected end")
        expectDecodeError([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00], "unexpected end")
        expectDecodeError([0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00], "magic header not detected", offset: 0)
        expectDecodeError([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00], "unknown binary version", offset: 4)
        expectDecodeError([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x00, 0x00], "unknown binary version")
        expectDecodeError(
            [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00],
            "unknown binary version: this is a component, not a core module")
    }

    @Test("Section ids, order and duplicates")
    func order() throws {
        expectDecodeError(WasmBytes.module([0x0E, 0x00]), "malformed section id", offset: 8)
        expectDecodeError(WasmBytes.module([0x80, 0x00]), "malformed section id")
        expectDecodeError(
            WasmBytes.module(WasmBytes.section(6, [0x00]), WasmBytes.section(6, [0x00])),
            "unexpected content after last section", offset: 11)
        expectDecodeError(
            WasmBytes.module(WasmBytes.section(2, [0x00]), WasmBytes.section(1, [0x00])),
            "unexpected content after last section")
        // Data count sits between element and code; tag between memory and global.
        _ = try decodeModule(WasmBytes.module(
            WasmBytes.section(1, [0x00]), WasmBytes.section(5, [0x00]), WasmBytes.section(13, [0x00]),
            WasmBytes.section(6, [0x00]), WasmBytes.section(9, [0x00]), WasmBytes.section(12, [0x00]),
            WasmBytes.section(10, [0x00]), WasmBytes.section(11, [0x00])))
        expectDecodeError(
            WasmBytes.module(WasmBytes.section(10, [0x00]), WasmBytes.section(12, [0x00])),
            "unexpected content after last section")
        expectDecodeError(
            WasmBytes.module(WasmBytes.section(6, [0x00]), WasmBytes.section(13, [0x00])),
            "unexpected content after last section")
        // Custom sections go anywhere, any number of times.
        let custom = WasmBytes.section(0, WasmBytes.name("x") + [1, 2, 3])
        let module = try decodeModule(WasmBytes.module(
            custom, WasmBytes.oneType, custom, WasmBytes.oneFunction, custom, WasmBytes.oneBody, custom))
        #expect(module.customSections.count == 4)
        #expect(module.customSections.allSatisfy { $0.name == "x" && $0.content.count == 3 })
    }

    @Test("Section sizes")
    func sizes() {
        // Size past the end of the binary.
        expectDecodeError(WasmBytes.module([0x01, 0x05, 0x00]), "length out of bounds", offset: 9)
        expectDecodeError(WasmBytes.module([0x00, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00]), "integer representation too long")
        expectDecodeError(WasmBytes.module([0x00]), "unexpected end")
        // Content shorter than the size.
        expectDecodeError(WasmBytes.module([0x01, 0x02, 0x00, 0x00]), "section size mismatch", offset: 11)
        // Content longer than the size.
        expectDecodeError(WasmBytes.module([0x01, 0x01, 0x01, 0x60, 0x00, 0x00]), "unexpected end of section or function")
        // A custom section without room for its name.
        expectDecodeError(WasmBytes.module([0x00, 0x00]), "unexpected end of section or function")
    }

    @Test("Function and code counts must agree")
    func functionCodeCounts() throws {
        expectDecodeError(WasmBytes.module(WasmBytes.oneType, WasmBytes.oneFunction), "function and code section have inconsistent lengths")
        expectDecodeError(WasmBytes.module(WasmBytes.oneBody), "function and code section have inconsistent lengths")
        expectDecodeError(
            WasmBytes.module(WasmBytes.oneType, WasmBytes.oneFunction, WasmBytes.section(10, WasmBytes.vec([[0x02, 0x00, 0x0B], [0x02, 0x00, 0x0B]]))),
            "function and code section have inconsistent lengths")
        _ = try decodeModule(WasmBytes.module(WasmBytes.section(3, [0x00])))
        _ = try decodeModule(WasmBytes.module(WasmBytes.section(10, [0x00])))
    }

    @Test("Data count and data section must agree")
    func dataCount() throws {
        let passive: [UInt8] = [0x01, 0x00]
        expectDecodeError(
            WasmBytes.module(WasmBytes.section(12, [0x03]), WasmBytes.section(11, WasmBytes.vec([passive, passive]))),
            "data count and data section have inconsistent lengths")
        expectDecodeError(WasmBytes.module(WasmBytes.section(12, [0x01])), "data count and data section have inconsistent lengths")
        let ok = try decodeModule(WasmBytes.module(WasmBytes.section(12, [0x02]), WasmBytes.section(11, WasmBytes.vec([passive, passive]))))
        #expect(ok.dataCount == 2 && ok.data.count == 2)
        #expect(try decodeModule(WasmBytes.module(WasmBytes.section(12, [0x00]))).dataCount == 0)
    }

    @Test("Start section")
    func start() throws {
        let module = try decodeModule(WasmBytes.module(WasmBytes.oneType, WasmBytes.oneFunction, WasmBytes.section(8, [0x00]), WasmBytes.oneBody))
        #expect(module.start == 0)
        expectDecodeError(WasmBytes.module(WasmBytes.section(8, [0x00, 0x00])), "section size mismatch")
    }
}
