import ComponentBinary
import ComponentModel
import Testing

/// Several instances of one loaded component, each in its own runtime (store), as a pool's
/// workers have them: the second and later run the translations the first made (the module's
/// shared code), linked to their own memories, globals and functions, so their state stays
/// their own.
@Test func instancesOfOneComponentKeepTheirOwnState() throws {
    guard let component = try loadFixture("counter.wasm") else { return }
    var results: [[ComponentValue?]] = []
    for _ in 0..<3 {
        let (linker, _) = try counterLinker()
        let instance = try ComponentRuntime().instantiate(component, linker: linker)
        results.append([try instance.call("run-test", [.u32(3)]), try instance.call("run-test", [.u32(4)])])
        #expect(instance.liveHandleCount == 0)
    }
    #expect(results == Array(repeating: [.u32(3), .u32(4)], count: 3))
}

@Test func interleavedCallsOnInstancesOfOneComponent() throws {
    guard let component = try loadFixture("minimal.wasm") else { return }
    let first = try ComponentRuntime().instantiate(component)
    let second = try ComponentRuntime().instantiate(component)
    for (a, b) in [(6, 7), (5, 3), (100, 200)] {
        #expect(try first.call("compute", [.u32(UInt32(a)), .u32(UInt32(b))]) == .u32(UInt32(a * b)))
        #expect(try second.call("compute", [.u32(UInt32(b)), .u32(UInt32(a))]) == .u32(UInt32(a * b)))
    }
}
