import ComponentBinary
import ComponentModel
import WippyJSON
import WippyRuntime

/// `wippy-wasm run COMPONENT.wasm --invoke 'f(WAVE values)'`: calls a component's export and
/// prints the result in WAVE (as `wasmtime run --invoke` does) or, with `--json`, as JSON.
///
/// Exit codes: 0 on success; 1 when the component cannot be loaded or instantiated or has no
/// such export; 2 for a bad `--invoke` call; `RunCommand.trapExitCode` (134) after a trap.
enum ComponentRunCommand {
    static func run(_ bytes: [UInt8], options: RunOptions) -> Int32 {
        let file = options.file
        let component: LoadedComponent
        do {
            component = try LoadedComponent(bytes: bytes)
        } catch {
            printError("wippy-wasm: \(file): \(error.kind == .decode ? "malformed" : "invalid"): \(error)")
            return 1
        }
        guard let invoke = options.invoke else {
            printError("wippy-wasm: \(file): a component needs --invoke 'NAME(ARGS)' (running a WASI 0.2 command's `wasi:cli/run` needs the wasi:cli host group, not available yet)")
            return 2
        }
        let call: WAVECall
        do {
            call = try WAVECall.parse(invoke)
        } catch {
            printError("wippy-wasm: --invoke: \(error)")
            return 2
        }
        let instance: InstantiatedComponent
        do {
            instance = try ComponentRuntime().instantiate(component, linker: ComponentLinker())
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
        let result: ComponentValue?
        do {
            result = try instance.call(call.name, arguments)
        } catch {
            printError("wippy-wasm: \(file): \(error.kind == .trap ? "trap: " : "")\(error)")
            return error.kind == .trap ? RunCommand.trapExitCode : 1
        }
        guard let result, let resultType = type.result else { return 0 }
        if options.json {
            do {
                print(try ComponentValueJSON.encode(result, as: resultType).serialized())
            } catch {
                printError("wippy-wasm: \(file): result: \(error)")
                return 1
            }
        } else {
            print(WAVE.format(result, as: resultType))
        }
        return 0
    }
}
