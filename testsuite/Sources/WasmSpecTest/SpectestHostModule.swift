import WasmBinary
import WasmInterpreter

/// The `spectest` host module the scripts import from (after the reference interpreter's
/// `interpreter/host/spectest.ml`).
enum SpectestHostModule {
    /// Creates the module's entities in `store` and returns its exports. Entities that cannot be
    /// created are left out and described in `problems`.
    static func make(in store: Store) -> (exports: [String: ExternalValue], problems: [String]) {
        var exports: [String: ExternalValue] = [:]
        var problems: [String] = []

        let printFunctions: [(String, [ValueType])] = [
            ("print", []),
            ("print_i32", [.i32]),
            ("print_i64", [.i64]),
            ("print_f32", [.f32]),
            ("print_f64", [.f64]),
            ("print_i32_f32", [.i32, .f32]),
            ("print_f64_f64", [.f64, .f64]),
        ]
        for (name, parameters) in printFunctions {
            let address = store.addHostFunction(
                type: FunctionType(parameters: parameters, results: []),
                name: "spectest.\(name)",
                body: { _, _ throws(TrapCode) -> HostOutcome in .values([]) }
            )
            exports[name] = .function(address)
        }

        exports["global_i32"] = .global(store.addGlobal(GlobalType(valueType: .i32, mutability: .constant), value: .i32(666)))
        exports["global_i64"] = .global(store.addGlobal(GlobalType(valueType: .i64, mutability: .constant), value: .i64(666)))
        exports["global_f32"] = .global(store.addGlobal(
            GlobalType(valueType: .f32, mutability: .constant), value: .f32(Float(666.6).bitPattern)))
        exports["global_f64"] = .global(store.addGlobal(
            GlobalType(valueType: .f64, mutability: .constant), value: .f64(Double(666.6).bitPattern)))

        do {
            exports["table"] = .table(try store.addTable(
                TableType(elementType: .funcref, limits: Limits(min: 10, max: 20)), initial: .funcref(nil)))
        } catch {
            problems.append("spectest table: \(error)")
        }
        do {
            exports["table64"] = .table(try store.addTable(
                TableType(elementType: .funcref, limits: Limits(min: 10, max: 20, is64: true)), initial: .funcref(nil)))
        } catch {
            problems.append("spectest table64: \(error)")
        }
        do {
            exports["memory"] = .memory(try store.addMemory(MemoryType(limits: Limits(min: 1, max: 2))))
        } catch {
            problems.append("spectest memory: \(error)")
        }
        do {
            // The threads proposal's scripts import it as `(memory 1 2 shared)`.
            exports["shared_memory"] = .memory(try store.addMemory(MemoryType(limits: Limits(min: 1, max: 2, shared: true))))
        } catch {
            problems.append("spectest shared_memory: \(error)")
        }
        return (exports, problems)
    }
}
