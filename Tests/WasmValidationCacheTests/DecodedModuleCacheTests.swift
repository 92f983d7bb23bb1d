import FileSupport
import Testing
import WasmBinary
import WasmText
import WasmValidation
import WasmValidationCache

/// `ValidationCache.validate`: modules already decoded, such as a component's core modules
/// decoded in place inside the component binary.
@Suite("Validation cache for decoded modules")
struct DecodedModuleCacheTests {
    /// `bytes` decoded in place between `before` and `after` bytes of something else.
    func embedded(_ bytes: [UInt8], before: Int, after: Int = 7) throws -> Module {
        let whole = [UInt8](repeating: 0xEE, count: before) + bytes + [UInt8](repeating: 0xEE, count: after)
        return try decodeModule(whole, range: before ..< before + bytes.count)
    }

    @Test("a module decoded in place is a miss, then a hit with the same facts as validating it")
    func embeddedMissThenHit() throws {
        let dir = try TemporaryDirectory()
        let bytes = try parseWAT(validText)
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        let (first, firstOutcome) = try cache.validate(try embedded(bytes, before: 100))
        #expect(firstOutcome == .miss)
        #expect(dir.files.count == 1)
        // Elsewhere in another binary: the same module bytes, the same record.
        let (second, secondOutcome) = try cache.validate(try embedded(bytes, before: 3, after: 0))
        #expect(secondOutcome == .hit)
        #expect(second.functions == first.functions)
        #expect(second.functions == (try validateModule(try decodeModule(bytes))).functions)
        #expect(dir.files.count == 1)
    }

    @Test("the record of a module decoded in place serves the same bytes loaded on their own, and back")
    func sharedWithLoad() throws {
        let dir = try TemporaryDirectory()
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        let bytes = try parseWAT(validText)
        #expect(try cache.validate(try embedded(bytes, before: 40)).outcome == .miss)
        #expect(try cache.load(bytes).outcome == .hit)
        let changed = try parseWAT(changedText)
        #expect(try cache.load(changed).outcome == .miss)
        #expect(try cache.validate(try embedded(changed, before: 9)).outcome == .hit)
        #expect(dir.files.count == 2)
    }

    @Test("an invalid module decoded in place gives validateModule's error and is never recorded")
    func invalidNotRecorded() throws {
        let dir = try TemporaryDirectory()
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        let module = try embedded(try parseWAT(invalidText), before: 16)
        var expected = ""
        do { _ = try validateModule(module) } catch { expected = "\(error)" }
        #expect(!expected.isEmpty)
        for _ in 0 ..< 2 {
            var actual = ""
            do { _ = try cache.validate(module) } catch { actual = "\(error)" }
            #expect(actual == expected)
        }
        #expect(dir.files.isEmpty)
    }

    @Test("a module with a data section decoded in place hits regardless of its data")
    func dataTailNotHashed() throws {
        let dir = try TemporaryDirectory()
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        let a = try parseWAT("(module (memory 1) (func (export \"f\") (result i32) (i32.const 7)) (data (i32.const 0) \"aaaa\"))")
        let b = try parseWAT("(module (memory 1) (func (export \"f\") (result i32) (i32.const 7)) (data (i32.const 0) \"bbbb\"))")
        #expect(try cache.validate(try embedded(a, before: 5)).outcome == .miss)
        #expect(try cache.validate(try embedded(b, before: 50)).outcome == .hit)
    }
}
