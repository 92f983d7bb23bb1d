#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WASIHost
import WASIPreview1
import WasmBinary
import WasmInterpreter
import WasmSpecTest
import WasmText
import WasmValidation
import WippyRuntime

/// `wippy-wasm run FILE.wasm [ARGS...]`: runs a WASI command module, or calls one export with
/// `--invoke`.
///
/// Exit codes (``ExitStatus``): the guest's `proc_exit` status in 0…125 (0 when `_start`
/// returns; 1 for one outside); 134 after a trap, the start function's included, with
/// `wippy-wasm: FILE: trap: MESSAGE` on stderr; 1 when the module cannot be read, decoded,
/// validated or linked; 3 when memory or tables cannot be allocated; 2 for a bad `--invoke` call.
/// A limit (`--max-time`, `--fuel`) ends the guest with a trap: 134.
enum RunCommand {
    /// The exit code after a trap.
    static let trapExitCode = ExitStatus.trap

    static func run(_ options: RunOptions) -> Int32 {
        // A guest writing to a closed pipe gets `EPIPE` (errno `pipe`) instead of killing us.
        signal(SIGPIPE, SIG_IGN)
        let file = options.file
        if EntryCommand.isEntryFile(file) {
            return EntryCommand.run(options)
        }
        let module: ValidatedModule
        var sourceMap: WATSourceMap?
        let timings = options.timings ? StartupTimings() : nil
        do {
            let input = try ModuleInput.loadForRun(file)
            timings?.mark("read")
            sourceMap = input.sourceMap
            if InspectCommand.isComponent(input.bytes) {
                return ComponentRunCommand.run(input.bytes, options: options, timings: timings)
            }
            module = try ModuleLoad.validated(input.bytes, options: options, names: input.names)
            timings?.markValidation(cached: options.cache)
            KeepUntilExit.keep(module)
        } catch let error as ModuleInput.Failure {
            printError("wippy-wasm: \(error.message)")
            return 1
        } catch let error as DecodeError {
            printError("wippy-wasm: \(file): malformed: \(error)")
            return 1
        } catch {
            printError("wippy-wasm: " + ModuleInput.invalid(file, error, sourceMap))
            return 1
        }
        let context = WASIContext(
            arguments: options.guestArguments, environment: options.environment, mounts: options.mounts)
        if let invoke = options.invoke {
            return call(invoke, module: module, context: context, options: options, timings: timings)
        }
        do {
            let store = limitedStore(options.limits)
            KeepUntilExit.keep(store)
            let others: (String, String) -> ExternalValue? = options.trapUnknownImports
                ? UnknownImports.trapping(module, store: store) { _, _ in nil } : { _, _ in nil }
            // The command's instantiation (and start function) and `_start` are one call here.
            timings?.firstCall("instantiation, then `_start`")
            defer { timings?.mark("run") }
            return ExitStatus.guest(try WASIPreview1.runCommand(module, context: context, store: store, otherImports: others), file: file)
        } catch {
            switch error {
            case .trap(let trap):
                printError("wippy-wasm: \(file): trap: \(trap)")
                return trapExitCode
            case .instantiation(let failure):
                return ExitStatus.instantiation(failure, file: file)
            default:
                printError("wippy-wasm: \(file): \(error)")
                return 1
            }
        }
    }

    /// A store under the `--max-time`, `--max-memory` and `--fuel` limits; the time runs from now.
    private static func limitedStore(_ limits: CallLimits) -> Store {
        let store = Store(configuration: limits.applied(to: StoreConfiguration()))
        store.deadline = limits.deadlineFromNow()
        return store
    }

    /// `--invoke`: instantiates with WASI (so command modules link), calls the export, prints
    /// each result on its own line.
    private static func call(_ text: String, module: ValidatedModule, context: WASIContext, options: RunOptions,
                             timings: StartupTimings?) -> Int32 {
        let file = options.file
        let call: InvokeCall
        switch InvokeCall.parse(text, extra: text.contains("(") ? [] : options.arguments) {
        case .success(let parsed): call = parsed
        case .failure(let error):
            printError("wippy-wasm: \(error.message)")
            return 2
        }
        let wasi: WASIPreview1
        do { wasi = try WASIPreview1(context: context) } catch {
            printError("wippy-wasm: \(error)")
            return 1
        }
        defer { wasi.closeAll() }
        let store = limitedStore(options.limits)
        KeepUntilExit.keep(store)
        let instance: Instance
        do {
            let wasiImports = wasi.imports(into: store)
            let resolve = options.trapUnknownImports ? UnknownImports.trapping(module, store: store, wasiImports) : wasiImports
            let hasStart = module.module.start != nil
            if hasStart { timings?.firstCall("instantiation, which runs the start function") }
            instance = try store.instantiate(module, imports: resolve)
            timings?.mark(hasStart ? "instantiate (its start function included)" : "instantiate")
        } catch {
            return ExitStatus.instantiation(error, file: file)
        }
        defer { timings?.mark("run") }
        // A reactor initializes itself before any export is called (as wasmtime does).
        if call.name != "_initialize", let initialize = instance.exportedFunction("_initialize"),
           store.functionType(initialize) == FunctionType(parameters: [], results: []) {
            timings?.firstCall("`_initialize`")
            do {
                _ = try store.invoke(initialize, [])
            } catch {
                if case .exit(let status) = error { return ExitStatus.guest(status, file: file) }
                printError("wippy-wasm: \(file): trap in _initialize: \(error)")
                return trapExitCode
            }
        }
        guard let function = instance.exportedFunction(call.name) else {
            printError("wippy-wasm: \(file): no exported function named `\(MessageText.short(call.name))`")
            return 1
        }
        let arguments: [Value]
        switch call.values(for: store.functionType(function)) {
        case .success(let values): arguments = values
        case .failure(let error):
            printError("wippy-wasm: \(error.message)")
            return 2
        }
        timings?.firstCall("`\(MessageText.short(call.name))`")
        do {
            let results = try store.invoke(function, arguments)
            for result in results { print(InvokeCall.format(result)) }
            return 0
        } catch {
            if case .exit(let status) = error { return ExitStatus.guest(status, file: file) }
            printError("wippy-wasm: \(file): trap: \(error)")
            return trapExitCode
        }
    }
}
