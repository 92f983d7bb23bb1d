import Testing
@testable import ComponentModel

/// A frozen linker caches its answers by import name, but not without bound: the names are the
/// components' own, and a shared linker outlives them.
@Suite("Linker lookups")
struct LinkerLookupCacheTests {
    @Test func cachedLookupsAreBounded() throws {
        let linker = ComponentLinker()
        try linker.defineFunction("wasi:test/x@0.2.0#f") { _ in .value(nil) }
        linker.freeze()
        #expect(linker.provides(interface: "wasi:test/x@0.2.1"))
        for i in 0..<(ComponentLinker.maxCachedLookups + 100) {
            #expect(!linker.provides(interface: "guest:chosen/name-\(i)"))
        }
        #expect(linker.cachedLookupCount == ComponentLinker.maxCachedLookups)
        // Past the bound, answers are still right, found again each time.
        #expect(linker.provides(interface: "wasi:test/x@0.2.0"))
        #expect(!linker.provides(interface: "guest:chosen/another"))
    }
}
