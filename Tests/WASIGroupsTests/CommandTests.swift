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

/// Starts `count` instances of `component` calling `export(argument)` on one dispatcher; each
/// must suspend at once. Runs the dispatcher until all are done; returns their `u64` results
/// and the failures.
func sleepAll(_ component: LoadedComponent, count: Int, export: String, argument: UInt64) throws -> (results: [UInt64], failures: [String]) {
    let linker = try allGroupsLinker()
    let dispatcher = try Dispatcher()
    var results: [UInt64] = []
    var failures: [String] = []
    var instances: [InstantiatedComponent] = []
    for _ in 0..<count {
        let runtime = ComponentRuntime()
        runtime.hostState[WASISession.self] = WASISession(context: WASIContext(), dispatcher: dispatcher)
        let instance = try runtime.instantiate(component, linker: linker)
        instances.append(instance)
        let started = try instance.start(export, [.u64(argument)])
        guard case .suspended = started else {
            failures.append("call \(instances.count) did not suspend")
            continue
        }
        ComponentDriver.drive(on: dispatcher, started) { outcome in
            switch outcome {
            case .success(.u64(let value)?): results.append(value)
            case .success(let other): failures.append("unexpected result \(String(describing: other))")
            case .failure(let e): failures.append(e.message)
            }
        }
    }
    dispatcher.run()
    return (results, failures)
}

/// Many guests sleep at once on one dispatcher, from one thread: all 200 sleeps of 50 ms
/// overlap (each resumes when its own timer fires), none holds a thread.
@Test func manyGuestsSleepAtOnceOnOneThread() throws {
    let (results, failures) = try sleepAll(try ownComponent("sleeper.wasm"), count: 200, export: "sleep", argument: 50_000_000)
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
    let (sums, failures) = try sleepAll(try ownComponent("nested-sleeper.wasm"), count: 50, export: "sleep-twice", argument: 20_000_000)
    #expect(failures.isEmpty)
    #expect(sums.count == 50)
    #expect(sums.allSatisfy { $0 >= 40_000_000 })
}
