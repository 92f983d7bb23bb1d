import WasmBinary
import WasmValidation

/// What a host function answers.
public enum HostOutcome: Sendable {
    /// The call finished with these results.
    case values([Value])
    /// The call cannot finish now: the execution is suspended and resumed later with the results.
    case suspend
}

/// The context a host function runs in: the store and the calling instance.
public struct HostContext {
    /// The store the call runs in. (A strong reference: an `unowned` one costs every host call
    /// the atomic updates of the store's unowned count, and a context kept past its call keeps
    /// the store alive rather than trapping.)
    public let store: Store
    /// The instance whose code called the host function, if the caller was WebAssembly code.
    public let callerInstance: Instance?
}

/// A host function: receives the arguments, returns results, asks to suspend, or traps.
public typealias HostFunctionBody = (HostContext, [Value]) throws(TrapCode) -> HostOutcome

/// Why an instantiation failed.
public enum InstantiationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No value was supplied for an import.
    case unknownImport(module: String, name: String)
    /// The supplied value's kind or type does not match the import.
    case incompatibleImportType(module: String, name: String, detail: String)
    /// A segment was out of bounds or the start function trapped.
    case trap(TrapCode)
    /// A resource limit was exceeded (e.g. memory could not be allocated).
    case resourceLimit(String)

    /// Spec-style wording: "unknown import", "incompatible import type", or the trap message.
    public var description: String {
        switch self {
        case .unknownImport(let m, let n): return "unknown import \"\(m)\" \"\(n)\""
        case .incompatibleImportType(let m, let n, let d): return "incompatible import type \"\(m)\" \"\(n)\": \(d)"
        case .trap(let t): return t.description
        case .resourceLimit(let s): return s
        }
    }
}
