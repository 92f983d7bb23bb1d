import WasmBinary
import WasmInterpreter
import WasmValidation

/// `--trap-unknown-imports` (wasmtime's `-W unknown-imports-trap=y`): every function import
/// nothing provides is linked to a host function that traps when called, naming the import, so
/// a module that imports more than it calls still runs. Other kinds of import still have to be
/// provided.
enum UnknownImports {
    /// `resolve`, and for each function import of `module` it leaves out, a trapping function.
    /// The stub is made when the import is looked up and `resolve` has nothing, so an import
    /// something else provides (WASI preview 1 on the `_start` path, where this resolver is
    /// consulted last) costs no host function.
    static func trapping(
        _ module: ValidatedModule, store: Store, _ resolve: @escaping (String, String) -> ExternalValue?
    ) -> (String, String) -> ExternalValue? {
        var functionTypes: [String: FunctionType] = [:]
        let types = module.module.types
        for imp in module.module.imports {
            guard case .function(let typeIndex) = imp.descriptor, Int(typeIndex) < types.count else { continue }
            functionTypes[key(imp.module, imp.name)] = types[Int(typeIndex)]
        }
        let stubs = StubCache()
        return { importModule, name in
            if let found = resolve(importModule, name) { return found }
            let key = key(importModule, name)
            if let stub = stubs.made[key] { return stub }
            guard let type = functionTypes[key] else { return nil }
            let what = "\(importModule)::\(name)"
            let address = store.addHostFunction(type: type, name: what) { _, _ throws(TrapCode) -> HostOutcome in
                throw TrapCode.hostTrap("unknown import: `\(what)` has not been defined")
            }
            stubs.made[key] = .function(address)
            return .function(address)
        }
    }

    private static func key(_ module: String, _ name: String) -> String { module + "\u{0}" + name }

    /// The stubs made so far, so an import listed twice gets one host function.
    private final class StubCache {
        var made: [String: ExternalValue] = [:]
    }
}
