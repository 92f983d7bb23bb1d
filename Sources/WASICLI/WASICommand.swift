import ComponentModel
import WasmInterpreter
import WASIHost
import WASIIO

/// Runs a WASI 0.2 command component (`wasi:cli/run`) to completion, as `wasmtime run` does.
public enum WASICommand {
    /// The export a command runs: `wasi:cli/run@0.2.x#run` in whatever 0.2 version it exports.
    public static func runExport(of instance: InstantiatedComponent) -> String? {
        instance.functionNames.first { $0.hasPrefix("wasi:cli/run@") && $0.hasSuffix("#run") }
    }

    /// How a command ended.
    public enum Outcome: Sendable, Equatable {
        /// It finished with this exit status (`run` returned `ok` → 0, `err` → 1, or the guest
        /// called `exit`/`exit-with-code`).
        case exited(Int32)
        /// It trapped.
        case trapped(String)
    }

    /// Instantiates `component` on a new runtime with `context` (arguments, environment,
    /// mounts, stdio) and runs its `run` export on `dispatcher`; waits of the guest park there.
    /// `network` is what the guest may do on the network (nothing by default); `limits` bound the
    /// whole command, instantiation included.
    public static func run(_ component: LoadedComponent, linker: ComponentLinker, context: WASIContext,
                           dispatcher: Dispatcher, network: NetworkPermissions = .denied,
                           configuration: StoreConfiguration = StoreConfiguration(),
                           limits: CallLimits = CallLimits()) throws(ComponentError) -> Outcome {
        let runtime = ComponentRuntime(configuration: limits.applied(to: configuration))
        let deadline = limits.deadlineFromNow()
        runtime.store.deadline = deadline
        let session = WASISession(context: context, dispatcher: dispatcher)
        session.network = network
        runtime.hostState[WASISession.self] = session
        let instance: InstantiatedComponent
        do {
            instance = try runtime.instantiate(component, linker: linker)
        } catch {
            if case .exit(let code)? = error.trap { return .exited(code) }
            throw error
        }
        guard let name = runExport(of: instance) else {
            throw ComponentError(.link, "the component exports no `wasi:cli/run` interface (not a WASI command); call one of its functions with --invoke")
        }
        do {
            let result = try ComponentDriver.run(on: dispatcher, deadline: deadline) { () throws(ComponentError) in
                try instance.start(name, [])
            }
            session.flushStandardStreams()
            if case .result(let ok, _)? = result { return .exited(ok ? 0 : 1) }
            return .exited(0)
        } catch {
            session.flushStandardStreams()
            if case .exit(let code)? = error.trap { return .exited(code) }
            if error.kind == .trap { return .trapped(error.message) }
            throw error
        }
    }
}
