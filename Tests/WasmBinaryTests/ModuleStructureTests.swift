import Testing
import WasmBinary

/// Preamble, section framing and order, and the cross-section counts.
struct ModuleStructureTests {
    @Test("Preamble")
    func preamble() throws {
        let empty = try decodeModule(Bin.header)
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
        expectDecodeError(Bin.module([0x0E, 0x00]), "malformed section id", offset: 8)
        expectDecodeError(Bin.module([0x80, 0x00]), "malformed section id")
        expectDecodeError(
            Bin.module(Bin.section(6, [0x00]), Bin.section(6, [0x00])),
            "unexpected content after last section", offset: 11)
        expectDecodeError(
            Bin.module(Bin.section(2, [0x00]), Bin.section(1, [0x00])),
            "unexpected content after last section")
        // Data count sits between element and code; tag between memory and global.
        _ = try decodeModule(Bin.module(
            Bin.section(1, [0x00]), Bin.section(5, [0x00]), Bin.section(13, [0x00]),
            Bin.section(6, [0x00]), Bin.section(9, [0x00]), Bin.section(12, [0x00]),
            Bin.section(10, [0x00]), Bin.section(11, [0x00])))
        expectDecodeError(
            Bin.module(Bin.section(10, [0x00]), Bin.section(12, [0x00])),
            "unexpected content after last section")
        expectDecodeError(
            Bin.module(Bin.section(6, [0x00]), Bin.section(13, [0x00])),
            "unexpected content after last section")
        // Custom sections go anywhere, any number of times.
        let custom = Bin.section(0, Bin.name("x") + [1, 2, 3])
        let module = try decodeModule(Bin.module(
            custom, Bin.oneType, custom, Bin.oneFunction, custom, Bin.oneBody, custom))
        #expect(module.customSections.count == 4)
        #expect(module.customSections.allSatisfy { $0.name == "x" && $0.content.count == 3 })
    }

    @Test("Section sizes")
    func sizes() {
        // Size past the end of the binary.
        expectDecodeError(Bin.module([0x01, 0x05, 0x00]), "length out of bounds", offset: 9)
        expectDecodeError(Bin.module([0x00, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00]), "integer representation too long")
        expectDecodeError(Bin.module([0x00]), "unexpected end")
        // Content shorter than the size.
        expectDecodeError(Bin.module([0x01, 0x02, 0x00, 0x00]), "section size mismatch", offset: 11)
        // Content longer than the size.
        expectDecodeError(Bin.module([0x01, 0x01, 0x01, 0x60, 0x00, 0x00]), "unexpected end of section or function")
        // A custom section without room for its name.
        expectDecodeError(Bin.module([0x00, 0x00]), "unexpected end of section or function")
    }

    @Test("Function and code counts must agree")
    func functionCodeCounts() throws {
        expectDecodeError(Bin.module(Bin.oneType, Bin.oneFunction), "function and code section have inconsistent lengths")
        expectDecodeError(Bin.module(Bin.oneBody), "function and code section have inconsistent lengths")
        expectDecodeError(
            Bin.module(Bin.oneType, Bin.oneFunction, Bin.section(10, Bin.vec([[0x02, 0x00, 0x0B], [0x02, 0x00, 0x0B]]))),
            "function and code section have inconsistent lengths")
        _ = try decodeModule(Bin.module(Bin.section(3, [0x00])))
        _ = try decodeModule(Bin.module(Bin.section(10, [0x00])))
    }

    @Test("Data count and data section must agree")
    func dataCount() throws {
        let passive: [UInt8] = [0x01, 0x00]
        expectDecodeError(
            Bin.module(Bin.section(12, [0x03]), Bin.section(11, Bin.vec([passive, passive]))),
            "data count and data section have inconsistent lengths")
        expectDecodeError(Bin.module(Bin.section(12, [0x01])), "data count and data section have inconsistent lengths")
        let ok = try decodeModule(Bin.module(Bin.section(12, [0x02]), Bin.section(11, Bin.vec([passive, passive]))))
        #expect(ok.dataCount == 2 && ok.data.count == 2)
        #expect(try decodeModule(Bin.module(Bin.section(12, [0x00]))).dataCount == 0)
    }

    @Test("Start section")
    func start() throws {
        let module = try decodeModule(Bin.module(Bin.oneType, Bin.oneFunction, Bin.section(8, [0x00]), Bin.oneBody))
        #expect(module.start == 0)
        expectDecodeError(Bin.module(Bin.section(8, [0x00, 0x00])), "section size mismatch")
    }
}
