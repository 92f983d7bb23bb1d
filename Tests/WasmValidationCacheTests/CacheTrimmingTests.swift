#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import FileSupport
import Testing
import WasmText
import WasmValidationCache

/// A valid module that returns `k` (two-digit `k`: every such module encodes to the same size).
func answerModule(_ k: Int) throws -> [UInt8] {
    try parseWAT("(module (func (export \"f\") (result i32) (i32.const \(k))))")
}

/// Sets the modification time of `path` to `age` seconds ago.
func age(_ path: String, by age: Int) {
    let then = timespec(tv_sec: time(nil) - age, tv_nsec: 0)
    let times = [then, then]
    _ = utimensat(AT_FDCWD, path, times, 0)
}

@Suite("Persistent validation cache: its size limit")
struct CacheTrimmingTests {
    /// The size of one record of `answerModule`.
    func recordSize() throws -> Int {
        let dir = try TemporaryDirectory()
        _ = try ValidationCache(directory: dir.path, runtimeVersion: "test").load(try answerModule(10))
        return dir.contents(dir.files[0]).count
    }

    @Test("past the limit, the least recently used records go first, down to three quarters of it")
    func leastRecentlyUsedGoFirst() throws {
        let size = try recordSize()
        let dir = try TemporaryDirectory()
        // Three records fit; a fourth passes the limit, and trimming keeps at most 2.6 records.
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test", sizeLimit: size * 7 / 2)
        for k in [41, 42, 43] { #expect(try cache.load(try answerModule(k)).outcome == .miss) }
        #expect(dir.files.count == 3)
        for (i, name) in dir.files.enumerated() { age(dir.path + "/" + name, by: 1000 + i) }
        // Using 41's record makes it the most recently used of the three.
        #expect(try cache.load(try answerModule(41)).outcome == .hit)
        #expect(try cache.load(try answerModule(44)).outcome == .miss)
        #expect(dir.files.count == 2)
        #expect(try cache.load(try answerModule(41)).outcome == .hit)
        #expect(try cache.load(try answerModule(44)).outcome == .hit)
        #expect(try cache.load(try answerModule(42)).outcome == .miss)
    }

    @Test("within the limit nothing is removed")
    func withinLimitKeepsAll() throws {
        let dir = try TemporaryDirectory()
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        for k in 10 ..< 30 { _ = try cache.load(try answerModule(k)) }
        #expect(dir.files.count == 20)
        for k in 10 ..< 30 { #expect(try cache.load(try answerModule(k)).outcome == .hit) }
    }

    @Test("files that are not the cache's own are never removed; stale temporary files are")
    func foreignFilesKept() throws {
        let dir = try TemporaryDirectory()
        let digits = String(repeating: "ab", count: 32)
        let foreign = ["notes.txt", digits + ".valid.bak", "x" + digits.dropFirst() + ".valid"]
        for name in foreign { _ = dir.write(name, [UInt8](repeating: 7, count: 4096)) }
        let stale = "." + digits + ".valid.123.456.tmp"
        let fresh = "." + digits + ".valid.124.457.tmp"
        _ = dir.write(stale, [1])
        _ = dir.write(fresh, [1])
        age(dir.path + "/" + stale, by: 7200)
        // A limit smaller than one record: every new record trims the others.
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test", sizeLimit: 1)
        _ = try cache.load(try answerModule(50))
        _ = try cache.load(try answerModule(51))
        #expect(try cache.load(try answerModule(51)).outcome == .hit)
        let left = dir.files
        for name in foreign { #expect(left.contains(name)) }
        #expect(left.contains(fresh))
        #expect(!left.contains(stale))
        #expect(left.count == foreign.count + 2)  // the fresh temporary file and 51's record
    }
}
