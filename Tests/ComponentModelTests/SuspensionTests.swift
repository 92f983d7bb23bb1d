import ComponentModel
import Testing

/// Host functions that answer later: the guest's call suspends and is resumed by the embedder.
@Test func aSuspendingHostFunctionSuspendsTheCall() throws {
    guard let component = try loadFixture("minimal.wasm") else { return }
    let linker = ComponentLinker()
    var waiting: [ComponentPendingResult] = []
    var seen: [[ComponentValue]] = []
    try linker.defineFunction("test:minimal/host@0.1.0#add") { call in
        let args = call.arguments
        seen.append(args)
        let pending = ComponentPendingResult()
        waiting.append(pending)
        return .pending(pending)
    }
    let instance = try ComponentRuntime().instantiate(component, linker: linker)
    guard case .suspended(let call) = try instance.start("compute-using-host", [.u32(7), .u32(8)]) else {
        Issue.record("expected the call to suspend")
        return
    }
    #expect(seen == [[.u32(7), .u32(8)]])
    #expect(throws: ComponentError.self) { try call.resume() }  // not resolved yet
    // The instance is busy while its call waits.
    #expect(throws: ComponentError.self) { try instance.call("compute", [.u32(2), .u32(3)]) }
    waiting[0].resolve(.u32(15))
    guard case .finished(let value) = try call.resume() else {
        Issue.record("expected the call to finish")
        return
    }
    #expect(value == .u32(15))
    #expect(try instance.call("compute", [.u32(2), .u32(3)]) == .u32(6))
    // A call made with `call` (not `start`) cannot wait: it traps with a message saying so.
    do {
        _ = try instance.call("compute-using-host", [.u32(1), .u32(2)])
        Issue.record("expected a trap")
    } catch {
        #expect(error.message.contains("cannot suspend here"))
    }
}

@Test func aFailedPendingResultTrapsAndTheInstanceRecovers() throws {
    guard let component = try loadFixture("minimal.wasm") else { return }
    let linker = ComponentLinker()
    let pending = ComponentPendingResult()
    try linker.defineFunction("test:minimal/host@0.1.0#add") { _ in .pending(pending) }
    let instance = try ComponentRuntime().instantiate(component, linker: linker)
    guard case .suspended(let call) = try instance.start("compute-using-host", [.u32(1), .u32(2)]) else {
        Issue.record("expected the call to suspend")
        return
    }
    pending.fail("connection reset")
    do {
        _ = try call.resume()
        Issue.record("expected a trap")
    } catch {
        #expect(error.kind == .trap)
        #expect(error.message == "connection reset")
    }
    #expect(try instance.call("compute", [.u32(6), .u32(7)]) == .u32(42))
}

@Test func stringResultsAreLoweredWhenTheCallResumes() throws {
    guard let component = try loadFixture("strings.wasm") else { return }
    let linker = ComponentLinker()
    var pendings: [(ComponentPendingResult, String)] = []
    try linker.define("test:strings/host@0.1.0#log") { _ in nil }
    try linker.defineFunction("test:strings/host@0.1.0#concat") { call in
        let args = call.arguments
        guard case .string(let a) = args[0], case .string(let b) = args[1] else { return .value(nil) }
        let p = ComponentPendingResult()
        pendings.append((p, a + b))
        return .pending(p)
    }
    // Many instances suspended at once, resumed in reverse order.
    let runtime = ComponentRuntime()
    var calls: [(ComponentCall, InstantiatedComponent)] = []
    for _ in 0..<100 {
        let instance = try runtime.instantiate(component, linker: linker)
        if case .suspended(let call) = try instance.start("process", [.string("héllo")]) {
            calls.append((call, instance))
        }
    }
    #expect(calls.count == 100)
    let direct = try ComponentRuntime().instantiate(component, linker: { () throws -> ComponentLinker in
        let l = ComponentLinker()
        try l.define("test:strings/host@0.1.0#log") { _ in nil }
        try l.define("test:strings/host@0.1.0#concat") { args in
            guard case .string(let a) = args[0], case .string(let b) = args[1] else { return nil }
            return .string(a + b)
        }
        return l
    }())
    let expected = try direct.call("process", [.string("héllo")])
    for (call, _) in calls.reversed() {
        var result = ComponentCallResult.suspended(call)
        while case .suspended(let c) = result {
            if let entry = pendings.first(where: { $0.0 === c.pending }) { entry.0.resolve(.string(entry.1)) }
            result = try c.resume()
        }
        guard case .finished(let value) = result else { continue }
        #expect(value == expected)
    }
}
