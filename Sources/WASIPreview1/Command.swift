import WasmBinary
import WasmInterpreter
import WasmValidation
import WASIHost

/// Why a WASI command could not run to its end.
public enum WASIRunError: Error, CustomStringConvertible {
    /// A mount directory could not be opened.
    case mount(WASIMountError)
    /// Instantiation failed (an import not provided, a segment out of bounds, ...).
    case instantiation(InstantiationError)
    /// The module exports no `_start` function of type `[] -> []`.
    case noStart
    /// The guest trapped.
    case trap(TrapCode)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .mount(let error): return error.description
        case .instantiation(let error): return "cannot instantiate: \(error)"
        case .noStart: return "the module exports no `_start` function of type () -> ()"
        case .trap(let trap): return "trap: \(trap)"
        }
    }
}

extension WASIPreview1 {
    /// Runs a WASI command module: instantiates it with preview 1 (and `otherImports` for
    /// anything else) in `store`, calls `_start`, and returns the exit status: 0 when `_start`
    /// returns, `n` after `proc_exit(n)`. `poll_oneoff` parks the guest on `dispatcher` (a new
    /// one when none is given) instead of blocking the thread.
    ///
    /// - Throws: `WASIRunError` for a mount that cannot be opened, a failed instantiation, a
    ///   missing `_start`, or a trap.
    public static func runCommand(
        _ module: ValidatedModule,
        context: WASIContext,
        store: Store = Store(),
        dispatcher: Dispatcher? = nil,
        otherImports: (String, String) -> ExternalValue? = { _, _ in nil }
    ) throws(WASIRunError) -> Int32 {
        let wasi: WASIPreview1
        do { wasi = try WASIPreview1(context: context) } catch { throw .mount(error) }
        wasi.dispatcher = dispatcher ?? (try? Dispatcher())
        defer { wasi.closeAll() }
        let resolve = wasi.imports(into: store)
        let instance: Instance
        do {
            instance = try store.instantiate(module) { resolve($0, $1) ?? otherImports($0, $1) }
        } catch {
            if case .trap(.exit(let status)) = error { return status }
            throw .instantiation(error)
        }
        guard let start = instance.exportedFunction("_start"),
              store.functionType(start) == FunctionType(parameters: [], results: []) else { throw .noStart }
        do {
            _ = try wasi.drive(try store.start(start, []))
            return 0
        } catch {
            if case .exit(let status) = error { return status }
            throw .trap(error)
        }
    }
}
