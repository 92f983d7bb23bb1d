import ComponentModel
import Testing
import WASICLI
import WASIHost
import WASIIO

/// The shared fixtures of the local groups that need no mounts, with their recorded output.
@Test(arguments: ["cli-hello-wat", "cli-exit-code-wat", "clocks-c", "random-c", "io-poll-c"])
func fixtureCommandsMatchWasmtime(_ name: String) throws {
    guard let component = try sharedComponent(name + ".wasm"), let expected = fixtureExpectation(name) else { return }
    let run = try runCommand(component, arguments: [name])
    #expect(run.outcome == .exited(expected.exitCode))
    #expect(run.stdout == expected.stdout)
}

@Test func aCommandSleepsOnTheDispatcher() throws {
    let run = try runCommand(try ownComponent("sleeper.wasm"))
    #expect(run.outcome == .exited(0))
}

/// Many guests sleep at once on one dispatcher, from one thread: all 200 sleeps of 50 ms
/// overlap (each resumes when its own timer fires), none holds a thread.
@Test func manyGuestsSleepAtOnceOnOneThread() throws {
    let component = try ownComponent("sleeper.wasm")
    let linker = try allGroupsLinker()
    let dispatcher = try Dispatcher()
    var results: [UInt64] = []
    var failures: [String] = []
    var instances: [InstantiatedComponent] = []
    for _ in 0..<200 {
        let runtime = ComponentRuntime()
        runtime.hostState[WASISession.self] = WASISession(context: WASIContext(), dispatcher: dispatcher)
        let instance = try runtime.instantiate(component, linker: linker)
        instances.append(instance)
        let started = try instance.start("sleep", [.u64(50_000_000)])
        guard case .suspended = started else {
            Issue.record("a sleeping guest should suspend")
            return
        }
        ComponentDriver.drive(on: dispatcher, started) { outcome in
            switch outcome {
            case .success(.u64(let took)?): results.append(took)
            case .success(let other): failures.append("unexpected result \(String(describing: other))")
            case .failure(let e): failures.append(e.message)
            }
        }
    }
    dispatcher.run()
    #expect(failures.isEmpty)
    #expect(results.count == 200)
    #expect(results.allSatisfy { $0 >= 50_000_000 })
}

@Test func anImportNobodyProvidesTrapsOnlyWhenCalled() throws {
    // sleeper imports wasi:io and wasi:clocks; with an empty linker it still instantiates, and
    // its first call traps naming the missing function.
    let component = try ownComponent("sleeper.wasm")
    let run = try runCommand(component, linker: ComponentLinker())
    guard case .trapped(let message) = run.outcome else {
        Issue.record("expected a trap, got \(run.outcome)")
        return
    }
    #expect(message.contains("host function not available: wasi:clocks/monotonic-clock@0.2.0#now"))
}

@Test func aCallWithoutAWASISessionTrapsWithAClearMessage() throws {
    let component = try ownComponent("sleeper.wasm")
    let instance = try ComponentRuntime().instantiate(component, linker: try allGroupsLinker())
    #expect {
        _ = try instance.call("sleep", [.u64(1_000_000_000)])
    } throws: { error in
        (error as? ComponentError)?.message.contains("no WASI context") ?? false
    }
}

/// A wait below a call between two components: the outer component's core code calls the
/// inner component's `sleep`, which blocks on a pollable. The whole chain suspends on the
/// dispatcher (no "cannot suspend here"), and 50 such calls are suspended at once on one thread.
@Test func aWaitBelowACallBetweenComponentsSuspendsTheWholeChain() throws {
    let component = try ownComponent("nested-sleeper.wasm")
    let linker = try allGroupsLinker()
    let dispatcher = try Dispatcher()
    var sums: [UInt64] = []
    var failures: [String] = []
    var instances: [InstantiatedComponent] = []
    for _ in 0..<50 {
        let runtime = ComponentRuntime()
        runtime.hostState[WASISession.self] = WASISession(context: WASIContext(), dispatcher: dispatcher)
        let instance = try runtime.instantiate(component, linker: linker)
        instances.append(instance)
        let started = try instance.start("sleep-twice", [.u64(20_000_000)])
        guard case .suspended = started else {
            Issue.record("the outer call should suspend")
            return
        }
        ComponentDriver.drive(on: dispatcher, started) { outcome in
            switch outcome {
            case .success(.u64(let sum)?): sums.append(sum)
            case .success(let other): failures.append("unexpected \(String(describing: other))")
            case .failure(let e): failures.append(e.message)
            }
        }
    }
    dispatcher.run()
    #expect(failures.isEmpty)
    #expect(sums.count == 50)
    #expect(sums.allSatisfy { $0 >= 40_000_000 })
}
