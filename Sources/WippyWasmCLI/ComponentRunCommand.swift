import ComponentBinary
import ComponentModel
import WASICLI
import WASIHost
import WASIIO
import WasmInterpreter
import WasmSpecTest
import WippyJSON
import WippyRuntime

/// `wippy-wasm run COMPONENT.wasm [ARGS]` runs a WASI 0.2 command (`wasi:cli/run`);
/// `--invoke 'f(WAVE values)'` calls an export and prints the result in WAVE (as `wasmtime run
/// --invoke` does) or, with `--json`, as JSON. Both link the local WASI groups with the
/// options' arguments, environment and mounts; the guest's waits park on one dispatcher.
///
/// Exit codes: the command's status (`run` returning `err` → 1, `exit-with-code(n)` → n); 1
/// when the component cannot be loaded or instantiated or has no such export; 2 for a bad
/// `--invoke` call; `RunCommand.trapExitCode` (134) after a trap.
enum ComponentRunCommand {
    static func run(_ bytes: [UInt8], options: RunOptions, timings: StartupTimings?) -> Int32 {
        let file = options.file
        let component: LoadedComponent
        do {
            component = try ModuleLoad.component(bytes, options: options)
            timings?.markValidation(cached: options.cache)
        } catch {
            printError("wippy-wasm: \(file): \(error.kind == .decode ? "malformed" : "invalid"): \(error)")
            return 1
        }
        guard let host = ComponentHost(options) else { return 1 }
        let (linker, dispatcher, network, context) = (host.linker, host.dispatcher, host.network, host.context)
        guard let invoke = options.invoke else {
            // Instantiation (with the core modules' start functions) and `run` are one call here.
            timings?.firstCall("instantiation, then `wasi:cli/run`")
            defer { timings?.mark("run") }
            do {
                switch try WASICommand.run(component, linker: linker, context: context, dispatcher: dispatcher, network: network, limits: options.limits) {
                case .exited(let status): return status
                case .trapped(let message):
                    printError("wippy-wasm: \(file): trap: \(message)")
                    return RunCommand.trapExitCode
                }
            } catch {
                printError("wippy-wasm: \(file): \(error.kind == .instantiation ? "cannot instantiate: " : "")\(error)")
                return 1
            }
        }
        let call: WAVECall
        do {
            call = try WAVECall.parse(invoke)
        } catch {
            printError("wippy-wasm: --invoke: \(error)")
            return 2
        }
        let instance: InstantiatedComponent
        let deadline = options.limits.deadlineFromNow()
        let configuration = options.limits.applied(to: StoreConfiguration())
        do {
            let runtime = ComponentRuntime(configuration: configuration)
            runtime.store.deadline = deadline
            let session = WASISession(context: context, dispatcher: dispatcher)
            session.network = network
            runtime.hostState[WASISession.self] = session
            instance = try runtime.instantiate(component, linker: linker)
            timings?.mark("instantiate (the core modules' start functions included)")
        } catch {
            printError("wippy-wasm: \(file): cannot instantiate: \(error)")
            return error.kind == .trap ? RunCommand.trapExitCode : 1
        }
        guard let type = instance.functionType(call.name) else {
            let known = instance.functionNames.joined(separator: ", ")
            printError("wippy-wasm: \(file): no exported function named `\(MessageText.short(call.name))` (exports: \(known.isEmpty ? "none" : known))")
            return 1
        }
        let arguments: [ComponentValue]
        do {
            arguments = try call.arguments(for: type)
        } catch {
            printError("wippy-wasm: --invoke: \(error)")
            return 2
        }
        timings?.firstCall("`\(MessageText.short(call.name))`")
        defer { timings?.mark("run") }
        let result: ComponentValue?
        do {
            result = try ComponentDriver.run(on: dispatcher, deadline: deadline) { () throws(ComponentError) in
                try instance.start(call.name, arguments)
            }
        } catch {
            if case .exit(let status)? = error.trap { return status }
            printError("wippy-wasm: \(file): \(error.kind == .trap ? "trap: " : "")\(error)")
            return error.kind == .trap ? RunCommand.trapExitCode : 1
        }
        guard let result, let resultType = type.result else { return 0 }
        if options.json {
            do {
                // Within the lift's bound, as an entry's result is.
                Console.printOutput(try ComponentValueJSON.encodeText(result, as: resultType, limit: configuration.maxLiftedBytes))
            } catch {
                guard error.exceedsLimit else {
                    printError("wippy-wasm: \(file): result: \(error)")
                    return 1
                }
                printError("wippy-wasm: \(file): trap: result: \(error) (StoreConfiguration.maxLiftedBytes)")
                return RunCommand.trapExitCode
            }
        } else {
            print(WAVE.format(result, as: resultType))
        }
        return 0
    }
}
