import WasmBinary
import WasmInterpreter
import WasmValidation

/// `--trap-unknown-imports` (wasmtime's `-W unknown-imports-trap=y`): every function import
/// nothing provides is linked to a host function that traps when called, naming the import, so
/// a module that imports more than it calls still runs. Other kinds of import still have to be
/// provided.
enum UnknownImports {
    /// `resolve`, with a trapping function for each function import of `module` it leaves out.
    static func trapping(
        _ module: ValidatedModule, store: Store, _ resolve: @escaping (String, String) -> ExternalValue?
    ) -> (String, String) -> ExternalValue? {
        var stubs: [String: ExternalValue] = [:]
        let types = module.module.types
        for imp in module.module.imports {
            guard case .function(let typeIndex) = imp.descriptor, Int(typeIndex) < types.count,
                  resolve(imp.module, imp.name) == nil else { continue }
            let what = "\(imp.module)::\(imp.name)"
            let address = store.addHostFunction(type: types[Int(typeIndex)], name: what) { _, _ throws(TrapCode) -> HostOutcome in
                throw TrapCode.hostTrap("unknown import: `\(what)` has not been defined")
            }
            stubs[imp.module + "\u{0}" + imp.name] = .function(address)
        }
        return { module, name in resolve(module, name) ?? stubs[module + "\u{0}" + name] }
    }
}
