import ComponentModel
import Synchronization
import WASIHost
import WASIHTTP
import WasmInterpreter
import WasmValidation
import WippyFuncs

/// An entry's code once loaded: shared by every instance of the entry.
enum PreparedCode: @unchecked Sendable {
    /// A core module (`function.wat`, or a `function.wasm` file holding a module).
    case core(ValidatedModule, method: String, wit: WITSignatures?)
    /// A component with the linker its `imports` list names.
    case component(LoadedComponent, ComponentLinker, WasmFunction)
}

/// One entry of the registry: its definition, its code (read, verified, decoded, validated and
/// linked once, on first use, then shared) and its pool.
final class RegistryEntry: Sendable {
    let entry: Entry
    /// The entry's file, its entries extended with those of the registry's other files (so
    /// `fs`, `wasi.env` and `wasi.mounts` may name entries of any of them).
    let file: EntryFile
    /// Nil for entries that are not functions, and for processes (one instance per run).
    let pool: EntryPool?
    /// The prepared code, and the file's code it comes from (nil for `function.wat` entries),
    /// held while the entry lives: the process-wide cache holds that only weakly.
    private let code = Mutex<(prepared: PreparedCode, file: SharedLoadedCode?)?>(nil)
    /// The file's code, once loaded (nil for `function.wat` entries).
    var loadedCode: SharedLoadedCode? { code.withLock { $0?.file } }

    var id: String { entry.id }

    /// A warm instance holding more linear memory than this (`limits.max_retained_memory_bytes`)
    /// is recycled after its call.
    let maxRetainedMemory: UInt64
    /// How the entry's https requests verify servers when it names an extra CA (`tls.ca_file`):
    /// one configuration (one OpenSSL context) shared by all its instances.
    let tls: TLSClientConfiguration?

    /// What each call may use: the entry's `limits` tightened by the registry's.
    let limits: CallLimits

    init(entry: Entry, file: EntryFile, workers: [RegistryWorker], limits: CallLimits) {
        self.entry = entry
        self.file = file
        self.limits = entry.limits.callLimits.tightened(by: limits)
        maxRetainedMemory = UInt64(max(entry.limits.maxRetainedMemoryBytes, 0))
        switch entry.definition {
        case .wasmFunction(let function), .process(let function):
            tls = function.tls.caCertificates.map {
                TLSClientConfiguration(caCertificates: $0, source: MessageText.short(function.tls.caFile ?? "tls.ca_file"))
            }
        case .watFunction, .directory, .variable, .unknown: tls = nil
        }
        switch entry.definition {
        case .wasmFunction(let function): pool = EntryPool(config: function.pool, workers: workers)
        case .watFunction(let function): pool = EntryPool(config: function.pool, workers: workers)
        case .process, .directory, .variable, .unknown: pool = nil
        }
    }

    func error(_ message: String, _ kind: EntryError.Kind = .invalid) -> EntryError {
        EntryError(kind, file: file.path, entryID: entry.id, message)
    }

    /// Whether calls run on the caller's thread instead of the instance's worker: core
    /// modules, which have no imports and so never wait (set once the code is loaded).
    var runsOnCallerThread: Bool { isCore.load(ordering: .acquiring) }
    private let isCore = Atomic<Bool>(false)
    private let isLoaded = Atomic<Bool>(false)

    /// Loads the entry's code if that has not been done (a cheap check once it has).
    func ensureLoaded() throws(EntryError) {
        if !isLoaded.load(ordering: .acquiring) { _ = try prepared() }
    }

    /// The entry's code, loaded on the first call (concurrent first calls load it once).
    func prepared() throws(EntryError) -> PreparedCode {
        let outcome: Result<PreparedCode, EntryError> = code.withLock { code in
            if let code { return .success(code.prepared) }
            let loaded = Result { () throws(EntryError) -> (prepared: PreparedCode, file: SharedLoadedCode?) in try load() }
            if case .success(let value) = loaded {
                code = value
                if case .core = value.prepared { isCore.store(true, ordering: .releasing) }
                isLoaded.store(true, ordering: .releasing)
            }
            return loaded.map(\.prepared)
        }
        return try outcome.get()
    }

    private func load() throws(EntryError) -> (prepared: PreparedCode, file: SharedLoadedCode?) {
        let loading = ModuleLoading(file: file, entry: entry)
        switch entry.definition {
        case .wasmFunction(let function), .process(let function):
            let loaded = try loading.load(function)
            switch loaded.code {
            case .module(let module): return (.core(module, method: function.method, wit: function.wit), loaded)
            case .component(let component):
                do {
                    return (.component(component, try ImportLinking.linker(for: function.imports), function), loaded)
                } catch {
                    throw self.error("cannot set up the host: \(error)")
                }
            }
        case .watFunction(let function):
            return (.core(try loading.load(function), method: function.method, wit: function.wit), nil)
        case .directory, .variable:
            throw error("an \(entry.kind) entry cannot be run")
        case .unknown:
            throw error("kind '\(entry.kind)' is not supported (known: fs.directory, env.variable, function.wasm, function.wat, process.wasm)")
        }
    }

    /// A new instance on `worker` (called on the worker's thread).
    func makeInstance(on worker: RegistryWorker, targets: any FuncsTargets, limits: CallLimits) throws(EntryError) -> LiveInstance {
        let file = file.path, id = entry.id
        let fail: @Sendable (String, EntryError.Kind) -> EntryError = { message, kind in
            EntryError(kind, file: file, entryID: id, message)
        }
        let configuration = limits.applied(to: StoreConfiguration())
        switch try prepared() {
        case .core(let module, let method, let wit):
            return try CoreInstance(module: module, method: method, wit: wit, configuration: configuration, fail: fail)
        case .component(let component, let linker, let function):
            let funcs = function.imports.contains("funcs")
                ? FuncsSession(targets: targets) { work in worker.execute(work) } : nil
            // `wasi:sockets` in `imports` grants the network, within the entry's socket limits.
            let network = NetworkPermissions(
                allowed: ImportLinking.grantsNetwork(function.imports), maxOpenSockets: entry.limits.maxOpenSockets,
                socketTimeoutMilliseconds: entry.limits.socketTimeoutMilliseconds)
            return try ComponentInstance(component: component, linker: linker, function: function,
                                         environment: EntryEnvironment(file: self.file, entry: entry, wasi: function.wasi),
                                         configuration: configuration, network: network, tls: tls,
                                         dispatcher: worker.dispatcher, funcs: funcs, fail: fail)
        }
    }
}
