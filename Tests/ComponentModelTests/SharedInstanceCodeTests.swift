import ComponentBinary
import ComponentModel
import Testing

/// Several instances of one loaded component, each in its own runtime (store), as a pool's
/// workers have them: the second and later run the translations the first made (the module's
/// shared code), linked to their own memories, globals and functions, so their state stays
/// their own.
@Test func instancesOfOneComponentKeepTheirOwnState() throws {
    guard let component = try loadFixture("counter.wasm") else { return }
    let iface = "test:counter/host@0.1.0"
    var results: [[ComponentValue?]] = []
    for _ in 0..<3 {
        let linker = ComponentLinker()
        let counters: HostResourceTable<Counter> = try linker.defineResource("\(iface)#counter")
        try linker.define("\(iface)#[constructor]counter") { _ in .own(counters.insert(Counter())) }
        try linker.define("\(iface)#[method]counter.increment") { args in
            counters.object(args[0])?.value += 1
            return nil
        }
        try linker.define("\(iface)#[method]counter.get") { args in .u32(counters.object(args[0])?.value ?? 0) }
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
