import ComponentBinary
import Testing
import WasmBinary
import WasmBytes

/// Small hand-assembled binaries for the encodings and errors.
struct HandMadeBinaryTests {
    static let preamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]

    /// A section: id, size, content.
    static func section(_ id: UInt8, _ content: [UInt8]) -> [UInt8] { [id, UInt8(content.count)] + content }

    static func decodeError(_ bytes: [UInt8]) -> DecodeError? {
        do {
            _ = try decodeComponent(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyComponent() throws {
        let c = try decodeComponent(Self.preamble)
        #expect(c.sections.isEmpty)
        #expect(witText(of: c) == "world root {\n}\n")
    }

    @Test func preambleErrors() {
        #expect(Self.decodeError([0, 0x61, 0x73]).map { $0.message.hasPrefix("unexpected end-of-file") } == true)
        #expect(Self.decodeError([1, 2, 3, 4, 0x0D, 0, 1, 0])?.message == "magic header not detected")
        #expect(Self.decodeError([0, 0x61, 0x73, 0x6D, 1, 0, 0, 0])?.message.hasPrefix("expected a version header for a component") == true)
        #expect(Self.decodeError([0, 0x61, 0x73, 0x6D, 0x0C, 0, 1, 0])?.message.hasPrefix("unknown binary version") == true)
    }

    @Test func externNameEncodings() throws {
        // type 0 = (func); imports "a" (0x00), "b" (0x01), "c" (0x02, no attributes),
        // "i" with implements and a version suffix.
        let types = Self.section(7, [1, 0x40, 0, 1, 0])
        var imports: [UInt8] = [4, 0x00, 1, 0x61, 1, 0, 0x01, 1, 0x62, 1, 0, 0x02, 1, 0x63, 0, 1, 0]
        imports += [0x02, 1, 0x69, 2, 0x00, 5] + Array("a:b/x".utf8) + [0x01, 5] + Array("1.2.3".utf8) + [1, 0]
        let c = try decodeComponent(Self.preamble + types + Self.section(10, imports))
        #expect(c.imports.map(\.name.name) == ["a", "b", "c", "i"])
        #expect(c.imports[3].name.implements == "a:b/x")
        #expect(c.imports[3].name.versionSuffix == "1.2.3")
        // `implements` is only allowed on instances.
        #expect(throws: ComponentValidationError.self) { try validateComponent(c) }
        let plain = try decodeComponent(Self.preamble + types + Self.section(10, Array(imports[0..<17]).replacing(at: 0, with: 3)))
        #expect(try validateComponent(plain).imports.count == 3)
    }

    @Test func interfaceNames() {
        let n = InterfaceName(parsing: "wasi:cli/stdout@0.2.0")
        #expect(n?.namespace == "wasi" && n?.package == "cli" && n?.interface == "stdout" && n?.version == "0.2.0")
        #expect(InterfaceName(parsing: "ns:pkg/iface")?.version == nil)
        #expect(InterfaceName(parsing: "compute") == nil)
        #expect(InterfaceName(parsing: "a:b/c@") == nil)
        #expect(ExternName("ns:pkg/iface@1.2.3").interface?.description == "ns:pkg/iface@1.2.3")
    }

    @Test func asyncIsRejectedClearly() {
        // canon lower (func 0) with the async option (0x06).
        let canon = Self.section(8, [1, 0x01, 0x00, 0, 1, 0x06])
        let e = Self.decodeError(Self.preamble + canon)
        #expect(e?.message == "async is not supported: canon option async")
        #expect(e?.offset == 15)
    }

    @Test func duplicateCanonOptionsAreErrors() {
        let canon = Self.section(8, [1, 0x01, 0x00, 0, 2, 0x03, 0, 0x03, 0])
        #expect(Self.decodeError(Self.preamble + canon)?.message == "canon option memory given more than once")
    }

    @Test func nestingIsCapped() {
        // 150 components nested in each other: sizes grow from the inside out.
        var inner = Self.preamble
        for _ in 0..<150 {
            inner = Self.preamble + [4] + WasmBytes.unsigned(inner.count) + inner
        }
        #expect(Self.decodeError(inner)?.message.hasPrefix("components nested too deeply") == true)
    }

    @Test func deepTypeNestingIsCapped() {
        // 200 instance types nested in each other via `0x42 [1 decl] 0x01 <type>`.
        var type: [UInt8] = [0x42, 0]
        for _ in 0..<200 { type = [0x42, 1, 0x01] + type }
        let bytes = Self.preamble + [7] + WasmBytes.unsigned(type.count + 1) + [1] + type
        #expect(Self.decodeError(bytes)?.message.hasPrefix("types nested too deeply") == true)
    }

    @Test func valueSectionIsRejected() {
        #expect(Self.decodeError(Self.preamble + Self.section(12, [0]))?.message.hasPrefix("value sections are not supported") == true)
    }

    @Test func validationErrorsCarryOffsets() throws {
        // export "f" (func 0) with no functions defined.
        let exports = Self.section(11, [1, 0x00, 1, 0x66, 0x01, 0, 0])
        let c = try decodeComponent(Self.preamble + exports)
        #expect(throws: ComponentValidationError.self) { try validateComponent(c) }
        do {
            _ = try validateComponent(c)
        } catch {
            #expect(error.message.hasPrefix("func index 0 out of bounds"))
            #expect(error.offset == 11)  // the export, after the preamble, id, size and count
        }
    }

    @Test func duplicateExportNamesAreInvalid() throws {
        let types = Self.section(7, [1, 0x40, 0, 1, 0])
        let imports = Self.section(10, [1, 0x00, 1, 0x66, 1, 0])
        let exports = Self.section(11, [2, 0x00, 1, 0x61, 0x01, 0, 0, 0x00, 1, 0x41, 0x01, 0, 0])
        let c = try decodeComponent(Self.preamble + types + imports + exports)
        #expect(throws: ComponentValidationError.self) { try validateComponent(c) }
    }

    @Test func liftTypeMustMatchFlattening() throws {
        // A core module exporting "f": [i32] -> [] lifted as (func (param "a" u32) (result u32)).
        let module: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 1, 0, 0, 0,
                               1, 5, 1, 0x60, 1, 0x7F, 0,       // type (i32) -> ()
                               3, 2, 1, 0,                      // func 0: type 0
                               7, 5, 1, 1, 0x66, 0, 0,          // export "f" func 0
                               10, 4, 1, 2, 0, 0x0B]            // body
        let coreModule = Self.section(1, module)
        let coreInstance = Self.section(2, [1, 0x00, 0, 0])
        let alias = Self.section(6, [1, 0x00, 0x00, 0x01, 0, 1, 0x66])
        let types = Self.section(7, [1, 0x40, 1, 1, 0x61, 0x79, 0x00, 0x79])
        let canon = Self.section(8, [1, 0x00, 0x00, 0, 0, 0])
        let c = try decodeComponent(Self.preamble + coreModule + coreInstance + alias + types + canon)
        do {
            _ = try validateComponent(c)
            Issue.record("expected a lift type mismatch")
        } catch {
            #expect(error.message.contains("flattens to [i32] -> [i32]"))
        }
    }
}

extension Array {
    /// A copy with element `i` replaced.
    func replacing(at i: Int, with value: Element) -> [Element] {
        var copy = self
        copy[i] = value
        return copy
    }
}
