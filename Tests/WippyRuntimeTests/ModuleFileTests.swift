#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing
import WasmBinary
import WasmBytes
import WippyRuntime

/// `InputFile.readModule`: a core module read without the content of its large custom
/// sections, and its `name` section read from the file when a name is needed.
@Suite("Reading a module without its large custom sections")
struct ModuleFileTests {
    static func leb(_ value: Int) -> [UInt8] { WasmBytes.unsigned(value) }
    static func section(_ id: UInt8, _ content: [UInt8]) -> [UInt8] { WasmBytes.section(id, content) }
    static func name(_ text: [UInt8]) -> [UInt8] { WasmBytes.name(bytes: text) }

    /// A `name` section's content: a module name of `padding` bytes, then function 0's name.
    static func nameContent(padding: Int, function: String) -> [UInt8] {
        let moduleName = name(Array(repeating: 0x6D, count: padding))
        let functions = leb(1) + leb(0) + name(Array(function.utf8))
        return name(Array("name".utf8)) + section(0, moduleName) + section(1, functions)
    }

    /// A module exporting `f` (two i32 locals, returns 7), then `custom` sections.
    static func module(custom: [[UInt8]]) -> [UInt8] {
        let body: [UInt8] = [0x01, 0x02, 0x7F, 0x41, 0x07, 0x0B]
        return [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
            + section(1, [0x01, 0x60, 0x00, 0x01, 0x7F]) + section(3, [0x01, 0x00])
            + section(7, [0x01] + name(Array("f".utf8)) + [0x00, 0x00])
            + section(10, [0x01] + leb(body.count) + body)
            + custom.flatMap { section(0, $0) }
    }

    static let large = 1 << 21

    @Test("a large name section is left out, reads as zeros and is read from the file for names")
    func largeNameSection() throws {
        let folder = TemporaryFolder()
        let names = Self.nameContent(padding: Self.large, function: "seven")
        let bytes = Self.module(custom: [names, Self.name(Array("producers".utf8)) + [1, 2, 3]])
        let path = folder.write("m.wasm", bytes: bytes)
        let read = try InputFile.readModule(path, limit: 1 << 30)
        #expect(read.bytes.count == bytes.count)
        let skipped = try #require(read.nameSection)
        let start = bytes.count - 15 - (names.count - 5)   // the trailing producers section is 15 bytes
        #expect(skipped == start ..< start + names.count - 5)
        #expect(read.bytes[skipped].allSatisfy { $0 == 0 })
        #expect(Array(read.bytes[..<skipped.lowerBound]) == Array(bytes[..<skipped.lowerBound]))
        #expect(Array(read.bytes[skipped.upperBound...]) == Array(bytes[skipped.upperBound...]))
        // The decoder sees the same module; the names come from the file.
        let full = try decodeModule(bytes)
        var partial = try decodeModule(read.bytes)
        #expect(partial.bodies == full.bodies && partial.exports == full.exports)
        #expect(partial.customSections == full.customSections)
        #expect(full.names[0] == "seven")
        partial.names = InputFile.names(of: skipped, path: path)
        #expect(partial.names[0] == "seven")
    }

    @Test("names read from a file changed or cut short since are untrusted: no names, no crash")
    func changedFile() throws {
        let folder = TemporaryFolder()
        let bytes = Self.module(custom: [Self.nameContent(padding: Self.large, function: "seven")])
        let path = folder.write("m.wasm", bytes: bytes)
        let read = try InputFile.readModule(path, limit: 1 << 30)
        let skipped = try #require(read.nameSection)
        var garbage = bytes
        for i in skipped { garbage[i] = 0xFF }
        folder.write("m.wasm", bytes: garbage)
        #expect(InputFile.names(of: skipped, path: path).all.isEmpty)
        folder.write("m.wasm", bytes: Array(bytes[..<(skipped.lowerBound + 100)]))
        #expect(InputFile.names(of: skipped, path: path).all.isEmpty)
        unlink(path)
        #expect(InputFile.names(of: skipped, path: path).all.isEmpty)
    }

    @Test("small custom sections, malformed custom names and other files are read whole",
          arguments: ["small", "badName", "component", "text"])
    func readWhole(kind: String) throws {
        let folder = TemporaryFolder()
        var bytes: [UInt8]
        switch kind {
        case "small":
            bytes = Self.module(custom: [Self.nameContent(padding: 1000, function: "seven")])
        case "badName":
            // A large section whose name is not UTF-8: the decoder must see it and refuse it.
            bytes = Self.module(custom: [Self.name([0xFF, 0xFE]) + Array(repeating: 0x41, count: Self.large)])
        case "component":
            bytes = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]
                + Self.section(0, Self.name(Array("x".utf8)) + Array(repeating: 0x41, count: Self.large))
        default:
            bytes = Array("(module)".utf8) + Array(repeating: 0x20, count: Self.large)
        }
        let path = folder.write("m.wasm", bytes: bytes)
        let read = try InputFile.readModule(path, limit: 1 << 30)
        #expect(read.bytes == bytes)
        #expect(read.nameSection == nil)
        if kind == "badName" {
            #expect(throws: DecodeError("malformed UTF-8 encoding", offset: bytes.count - Self.large - 3)) {
                try decodeModule(read.bytes)
            }
        }
    }

    @Test("the limit and non-regular files are refused as by read")
    func refusals() throws {
        let folder = TemporaryFolder()
        let path = folder.write("m.wasm", bytes: Self.module(custom: []))
        #expect(throws: InputFileError.self) { try InputFile.readModule(path, limit: 10) }
        #expect(throws: InputFileError.self) { try InputFile.readModule(folder.path, limit: 1 << 30) }
        #expect(throws: InputFileError.self) { try InputFile.readModule(folder.path + "/missing", limit: 1 << 30) }
    }
}
