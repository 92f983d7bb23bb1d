#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import FileSupport
import Testing
import WasmBinary
import WasmText
import WasmValidation
import WasmValidationCache

let validText = """
(module
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "answer") (result i32) (block (result i32) (i32.const 41)) (i32.const 1) (i32.add)))
"""

/// The same module with the constant 41 changed to 42: still valid, one byte different.
let changedText = validText.split(separator: "41", omittingEmptySubsequences: false).joined(separator: "42")

/// A module whose second function body does not type-check.
let invalidText = """
(module
  (func (result i32) (i32.const 1))
  (func (result i32) (i64.const 1)))
"""

@Suite("Persistent validation cache")
struct ValidationCacheTests {
    func cache(_ dir: TemporaryDirectory, version: String = "test") throws -> ValidationCache {
        try ValidationCache(directory: dir.path, runtimeVersion: version)
    }

    @Test("the second load of a module is a hit that skips body validation, with the same facts")
    func hitSkipsValidation() throws {
        let dir = try TemporaryDirectory()
        let bytes = try parseWAT(validText)
        let (first, firstOutcome) = try cache(dir).load(bytes)
        #expect(firstOutcome == .miss)
        #expect(dir.files.count == 1)
        let (second, secondOutcome) = try cache(dir).load(bytes)
        #expect(secondOutcome == .hit)
        #expect(second.functions == first.functions)
        #expect(second.canonicalTypeIndices == first.canonicalTypeIndices)
        #expect(second.functions == (try validateModule(try decodeModule(bytes))).functions)
    }

    @Test("a changed byte is a miss")
    func changedByteMisses() throws {
        let dir = try TemporaryDirectory()
        let bytes = try parseWAT(validText)
        _ = try cache(dir).load(bytes)
        // The constant 41 becomes 42: still valid, different bytes.
        let changed = try parseWAT(changedText)
        #expect(changed.count == bytes.count && changed != bytes)
        #expect(try cache(dir).load(changed).outcome == .miss)
        #expect(try cache(dir).load(changed).outcome == .hit)
        #expect(dir.files.count == 2)
    }

    @Test("another runtime version or other features miss")
    func staleIdentityMisses() throws {
        let dir = try TemporaryDirectory()
        let bytes = try parseWAT(validText)
        _ = try cache(dir, version: "1").load(bytes)
        #expect(try cache(dir, version: "2").load(bytes).outcome == .miss)
        #expect(try cache(dir, version: "1").load(bytes, features: .wasm2).outcome == .miss)
        #expect(try cache(dir, version: "1").load(bytes).outcome == .hit)
    }

    @Test("a corrupt, truncated or foreign record is ignored and rewritten",
          arguments: ["flip", "truncate", "empty", "foreign"])
    func corruptRecordIgnored(damage: String) throws {
        let dir = try TemporaryDirectory()
        let bytes = try parseWAT(validText)
        _ = try cache(dir).load(bytes)
        let name = dir.files[0]
        let good = dir.contents(name)
        _ = try cache(dir).load(try parseWAT(changedText))
        let otherName = dir.files.first { $0 != name } ?? name
        var bad = good
        switch damage {
        case "flip": bad[bad.count / 2] ^= 0x40
        case "truncate": bad.removeLast(9)
        case "empty": bad = []
        default: bad = dir.contents(otherName)  // a valid record, of another module
        }
        #expect(bad != good)
        dir.write(name, bad)
        #expect(try cache(dir).load(bytes).outcome == .miss)
        #expect(dir.contents(name) == good)
        #expect(try cache(dir).load(bytes).outcome == .hit)
    }

    @Test("an invalid module is rejected on every run, with and without the cache, and never recorded")
    func invalidModuleRejected() throws {
        let dir = try TemporaryDirectory()
        let bytes = try parseWAT(invalidText)
        for _ in 0 ..< 3 {
            #expect(throws: ValidationError.self) { try cache(dir).load(bytes) }
            #expect(throws: ValidationError.self) { try validateModule(try decodeModule(bytes)) }
        }
        #expect(dir.files.isEmpty)
        var truncated = bytes
        truncated.removeLast()
        #expect(throws: DecodeError.self) { try cache(dir).load(truncated) }
        #expect(dir.files.isEmpty)
    }

    @Test("a directory writable by its group or others, or a symbolic link, is refused")
    func unsafeDirectoryRefused() throws {
        let dir = try TemporaryDirectory()
        chmod(dir.path, 0o770)
        #expect(throws: ValidationCacheError.self) { try cache(dir) }
        chmod(dir.path, 0o707)
        #expect(throws: ValidationCacheError.self) { try cache(dir) }
        chmod(dir.path, 0o700)
        #expect(throws: Never.self) { try cache(dir) }
        let link = dir.path + "-link"
        symlink(dir.path, link)
        defer { unlink(link) }
        #expect(throws: ValidationCacheError.self) { try ValidationCache(directory: link, runtimeVersion: "test") }
    }

    @Test("a missing directory is created with mode 0700")
    func createdPrivate() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/a/b"
        _ = try ValidationCache(directory: path, runtimeVersion: "test")
        var status = stat()
        #expect(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o700)
        rmdir(path)
        rmdir(dir.path + "/a")
    }
}

/// A module with one memory and one data segment written into `memory` at offset `offset`,
/// followed by a custom section `note` holding `note`.
func moduleWithData(memory: UInt8 = 0, address: Int = 0, bytes data: [UInt8], note: [UInt8]) throws -> [UInt8] {
    var module = try parseWAT("""
    (module (memory 1) (func (export "f") (result i32) (i32.load8_u (i32.const \(address)))))
    """)
    var segment: [UInt8] = memory == 0 ? [0x00] : [0x02, memory]
    segment += [0x41, 0x00, 0x0b, UInt8(data.count)] + data
    let section = [UInt8(1)] + segment
    module += [11, UInt8(section.count)] + section
    let custom = [UInt8(4)] + Array("note".utf8) + note
    module += [0, UInt8(custom.count)] + custom
    return module
}

@Suite("Persistent validation cache: what the key covers")
struct ValidationCachePrefixTests {
    @Test("modules that differ only in their data bytes or trailing custom sections share a record")
    func dataAndCustomTailShareTheRecord() throws {
        let dir = try TemporaryDirectory()
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        let first = try moduleWithData(bytes: [1, 2, 3], note: [9])
        let second = try moduleWithData(bytes: [4, 5, 6, 7], note: [8, 8])
        #expect(try cache.load(first).outcome == .miss)
        #expect(try cache.load(second).outcome == .hit)
        #expect(dir.files.count == 1)
    }

    @Test("a data section that breaks the module-level rules is rejected even when the prefix hits")
    func invalidDataRejectedOnHit() throws {
        let dir = try TemporaryDirectory()
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        _ = try cache.load(try moduleWithData(bytes: [1], note: []))
        // The same prefix, but the segment names memory 1, which does not exist.
        let bad = try moduleWithData(memory: 1, bytes: [1], note: [])
        #expect(throws: (any Error).self) { try validateModule(try decodeModule(bad)) }
        for _ in 0 ..< 2 {
            #expect(throws: (any Error).self) { try cache.load(bad) }
        }
        #expect(dir.files.count == 1)
    }

    @Test("a change before the data section misses")
    func changeInCodeMisses() throws {
        let dir = try TemporaryDirectory()
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        let first = try moduleWithData(bytes: [1], note: [])
        // The load's address is in the code section, before the data section.
        let second = try moduleWithData(address: 1, bytes: [1], note: [])
        #expect(first.count == second.count && first != second)
        #expect(try cache.load(first).outcome == .miss)
        #expect(try cache.load(second).outcome == .miss)
        #expect(dir.files.count == 2)
    }
}
