#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ComponentModel
import FileSupport
import Testing
@testable import WippyRuntime
import WippySHA256

/// The process-wide cache of entries' loaded files: shared while some entry runs the code, kept
/// while recent, freed once neither.
@Suite("Loaded code is shared, then freed")
struct LoadedCodeCacheTests {
    @Test func codeIsSharedBetweenEntriesAndRegistries() throws {
        let fixture = RegistryFixture()
        let first = try fixture.registry([fixture.callee("echo"), fixture.callee("upper")], workers: 1)
        let second = try fixture.registry([fixture.callee("echo")], workers: 1)
        defer { [first, second].forEach { $0.shutdown() } }
        for registry in [first, second] { try registry.preload() }
        let shared = try #require(first.lookup("t:echo")?.loadedCode)
        // Two entries of one file, and the same entry in another registry, run one copy.
        #expect(first.lookup("t:upper")?.loadedCode === shared)
        #expect(second.lookup("t:echo")?.loadedCode === shared)
    }

    /// Registries made one after another, each for another module: the first module's code is
    /// freed once more recent files have pushed it out.
    @Test func codeNoRegistryRunsIsFreedOnceNotRecent() throws {
        let folder = TemporaryFolder()
        folder.makeFolder("mods")
        let callee = try #require(Files.read(repositoryRoot + "/testsuite/components/funcs-callee.wasm"))
        weak var firstCode: SharedLoadedCode?
        for i in 0...LoadedCodeCache.recentFiles {
            // The same component with a custom section of its own: another file, another hash.
            let name = Array("v\(i)".utf8)
            let bytes = callee + [0, UInt8(name.count + 1), UInt8(name.count)] + name
            folder.write("mods/v\(i).wasm", bytes: bytes)
            let path = folder.write("entry.yaml", """
                namespace: t
                entries:
                  - {name: mods, kind: fs.directory, directory: mods}
                  - {name: echo, kind: function.wasm, fs: t:mods, path: /v\(i).wasm, hash: "sha256:\(SHA256.hexDigest(bytes))", method: echo}
                """)
            let registry = try EntryRegistry(paths: [path], workerCount: 1)
            try registry.preload()
            if i == 0 { firstCode = registry.lookup("t:echo")?.loadedCode }
            registry.shutdown()
        }
        // The workers may hold their registries a moment longer while they stop.
        for _ in 0..<200 where firstCode != nil { usleep(10_000) }
        #expect(firstCode == nil)
    }

    /// The cache alone: the files used last stay, within the count and byte bounds.
    @Test func recentFilesStayWithinTheBounds() throws {
        let cache = LoadedCodeCache()
        let component = try LoadedComponent(bytes: [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00])
        func code(_ size: Int) -> SharedLoadedCode { SharedLoadedCode(.component(component), byteCount: size) }
        for i in 0..<LoadedCodeCache.recentFiles { cache.store("k\(i)", code(1)) }
        #expect((0..<LoadedCodeCache.recentFiles).allSatisfy { cache.holds("k\($0)") })
        _ = cache.code("k0")  // used again: now the latest
        cache.store("k-next", code(1))
        #expect(cache.holds("k0") && cache.holds("k-next") && !cache.holds("k1"))
        // A file over the byte bound stays alone while it is the latest; the next file pushes it out.
        cache.store("big", code(LoadedCodeCache.recentBytes))
        #expect(cache.holds("big") && !cache.holds("k0"))
        cache.store("small", code(1))
        #expect(cache.holds("small") && !cache.holds("big"))
    }
}
