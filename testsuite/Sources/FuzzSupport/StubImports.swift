import WasmBinary
import WasmInterpreter

/// Imports for modules of unknown origin (fuzz inputs), so instantiation gets as far as it can.
public enum StubImports {
    /// A value for every import of `module`, so instantiation gets as far as possible:
    /// functions answering default values, fresh memories, tables, globals and tags.
    public static func resolver(for module: Module, store: Store) -> (String, String) -> ExternalValue? {
        var values: [String: ExternalValue] = [:]
        for imp in module.imports {
            let key = imp.module + "\u{0}" + imp.name
            switch imp.descriptor {
            case .function(let typeIndex):
                guard Int(typeIndex) < module.types.count else { continue }
                let type = module.types[Int(typeIndex)]
                values[key] = .function(store.addHostFunction(type: type, name: imp.name) { _, _ in
                    .values(type.results.map { Value.defaultValue(of: $0) })
                })
            case .memory(let type):
                if let m = try? store.addMemory(type) { values[key] = .memory(m) }
            case .table(let type):
                if let t = try? store.addTable(type, initial: Value.defaultValue(of: .ref(type.elementType))) { values[key] = .table(t) }
            case .global(let type):
                values[key] = .global(store.addGlobal(type, value: Value.defaultValue(of: type.valueType)))
            case .tag(let tag):
                guard Int(tag.typeIndex) < module.types.count else { continue }
                values[key] = .tag(store.addTag(module.types[Int(tag.typeIndex)]))
            }
        }
        return { m, n in values[m + "\u{0}" + n] }
    }
}
