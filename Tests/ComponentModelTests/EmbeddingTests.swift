import ComponentBinary
import ComponentModel
import Testing

@Test func minimalWithAndWithoutHost() throws {
    guard let component = try loadFixture("minimal.wasm") else { return }
    // Without the host interface: `compute` works; the import is a trapping stub.
    let bare = try ComponentRuntime().instantiate(component)
    #expect(try bare.call("compute", [.u32(6), .u32(7)]) == .u32(42))
    #expect(try bare.call("compute", [.u32(5), .u32(3)]) == .u32(15))
    #expect(throws: ComponentError.self) { try bare.call("compute-using-host", [.u32(7), .u32(8)]) }
    do {
        _ = try bare.call("compute-using-host", [.u32(7), .u32(8)])
    } catch {
        #expect(error.message.contains("host function not available: test:minimal/host@0.1.0#add"))
    }

    // With a Swift `add`.
    let linker = ComponentLinker()
    var calls: [[ComponentValue]] = []
    try linker.define("test:minimal/host@0.1.0#add") { args in
        calls.append(args)
        guard case .u32(let a) = args[0], case .u32(let b) = args[1] else { return nil }
        return .u32(a &+ b)
    }
    let hosted = try ComponentRuntime().instantiate(component, linker: linker)
    #expect(try hosted.call("compute-using-host", [.u32(7), .u32(8)]) == .u32(15))
    #expect(calls == [[.u32(7), .u32(8)]])
}

final class Counter {
    var value: UInt32 = 0
}

/// A linker giving counter.wasm its host resource `test:counter/host@0.1.0#counter`, and the
/// table of the counters it makes.
func counterLinker() throws -> (ComponentLinker, HostResourceTable<Counter>) {
    let linker = ComponentLinker()
    let iface = "test:counter/host@0.1.0"
    let counters: HostResourceTable<Counter> = try linker.defineResource("\(iface)#counter")
    try linker.define("\(iface)#[constructor]counter") { _ in .own(counters.insert(Counter())) }
    try linker.define("\(iface)#[method]counter.increment") { args in
        counters.object(args[0])?.value += 1
        return nil
    }
    try linker.define("\(iface)#[method]counter.get") { args in .u32(counters.object(args[0])?.value ?? 0) }
    return (linker, counters)
}

@Test func counterWithAHostResource() throws {
    guard let component = try loadFixture("counter.wasm") else { return }
    let (linker, counters) = try counterLinker()
    let instance = try ComponentRuntime().instantiate(component, linker: linker)
    #expect(try instance.call("run-test", [.u32(5)]) == .u32(5))
    #expect(counters.count == 0)
    #expect(instance.liveHandleCount == 0)
    _ = try instance.call("multi-test", [])
    #expect(counters.count == 0)
}

@Test func stringsThroughHostFunctions() throws {
    guard let component = try loadFixture("strings.wasm") else { return }
    let linker = ComponentLinker()
    let iface = "test:strings/host@0.1.0"
    var logged: [String] = []
    try linker.define("\(iface)#log") { args in
        if case .string(let s) = args[0] { logged.append(s) }
        return nil
    }
    try linker.define("\(iface)#concat") { args in
        guard case .string(let a) = args[0], case .string(let b) = args[1] else { return nil }
        return .string(a + b)
    }
    let instance = try ComponentRuntime().instantiate(component, linker: linker)
    let big = String(repeating: "abcdefgh", count: 128 * 1024)
    for s in ["", "hello", "ünï ☃ 日本語 🎉", big] {
        #expect(try instance.call("echo", [.string(s)]) == .string(s))
    }
    let processed = try instance.call("process", [.string("abc")])
    #expect(processed != nil)
    #expect(!logged.isEmpty)
}
