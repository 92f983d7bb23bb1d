#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing
@testable import WippyRuntime

/// The process-wide cache of entries' loaded files: shared while some entry runs the code,
/// freed with the last registry that uses it.
@Suite("Loaded code is shared, then freed")
struct LoadedCodeCacheTests {
    @Test func codeIsSharedWhileUsedAndFreedAfterwards() throws {
        let fixture = RegistryFixture()
        weak var code: SharedLoadedCode?
        do {
            let first = try fixture.registry([fixture.callee("echo"), fixture.callee("upper")], workers: 1)
            let second = try fixture.registry([fixture.callee("echo")], workers: 1)
            for registry in [first, second] { try registry.preload() }
            let shared = try #require(first.lookup("t:echo")?.loadedCode)
            // Two entries of one file, and the same entry in another registry, run one copy.
            #expect(first.lookup("t:upper")?.loadedCode === shared)
            #expect(second.lookup("t:echo")?.loadedCode === shared)
            code = shared
            first.shutdown()
            second.shutdown()
        }
        // The workers may hold the registries a moment longer while they stop.
        for _ in 0..<200 where code != nil { usleep(10_000) }
        #expect(code == nil)
    }
}
