import ComponentBinary
import WasmBinary
import WasmInterpreter
import WasmValidation

/// What a type index refers to at run time (resources are run-time resource types).
indirect enum RuntimeType {
    case value(ResolvedValueType)
    case function(ResolvedFunctionType)
    case resource(ResourceID)
    /// An instance type, resolved when an import of it is linked.
    case instance([TypeDeclaration], RuntimeScope)
    /// A component type (kept for index bookkeeping).
    case component([TypeDeclaration], RuntimeScope)
    case unknown
}

/// A component definition closed over the scope it was defined in (for outer aliases).
struct ComponentClosure {
    let component: Component
    let parent: RuntimeScope?
}

/// Something a component instance exports or an import is given.
enum ComponentItem {
    case function(ComponentFunction)
    case instance(ComponentInstanceValue)
    case type(RuntimeType)
    // Boxed: an item is copied out on every call of an export by name, and these two payloads
    // are large (a plain copy of the enum was a `memcpy`).
    indirect case component(ComponentClosure)
    indirect case coreModule(ValidatedModule)
    case value
}

/// A component instance at run time: its exports by name.
final class ComponentInstanceValue {
    // Read on every call of an export by name; written only while instantiating, by `add`,
    // which calls out to nothing: no two accesses overlap, so the dynamic exclusivity checks
    // are left out.
    @exclusivity(unchecked) private(set) var names: [String] = []
    @exclusivity(unchecked) private var values: [ComponentItem] = []
    /// Positions by name, built once the instance has more items than a linear search suits
    /// (most instances have a handful: one per interface function).
    @exclusivity(unchecked) private var positions: [String: Int]?
    private static let indexedAbove = 16

    init() {}

    private func position(_ name: String) -> Int? {
        if let positions { return positions[name] }
        return names.firstIndex(of: name)
    }

    func add(_ name: String, _ item: ComponentItem) {
        if let i = position(name) {
            values[i] = item
            return
        }
        names.append(name)
        values.append(item)
        if positions != nil {
            positions?[name] = names.count - 1
        } else if names.count > Self.indexedAbove {
            var index: [String: Int] = [:]
            index.reserveCapacity(names.count * 2)
            for (i, n) in names.enumerated() { index[n] = i }
            positions = index
        }
    }

    subscript(name: String) -> ComponentItem? { position(name).map { values[$0] } }
}

/// The index spaces of one component being instantiated (or of a type declaration's scope).
final class RuntimeScope {
    let parent: RuntimeScope?
    let state: ComponentInstanceState
    var coreFunctions: [FunctionAddress] = []
    var coreTables: [TableAddress] = []
    var coreMemories: [MemoryAddress] = []
    var coreGlobals: [GlobalAddress] = []
    var coreTags: [TagAddress] = []
    var coreModules: [ValidatedModule] = []
    var coreInstances: [[String: ExternalValue]] = []
    var coreTypes = 0
    var functions: [ComponentFunction] = []
    var types: [RuntimeType] = []
    var components: [ComponentClosure] = []
    var instances: [ComponentInstanceValue] = []
    var values = 0

    /// Every scope made below this one, when this is the outermost (see ``releaseAll()``).
    private var descendants: [RuntimeScope] = []

    init(parent: RuntimeScope?, state: ComponentInstanceState) {
        self.parent = parent
        self.state = state
        var root = parent
        while let up = root?.parent { root = up }
        root?.descendants.append(self)
    }

    /// Empties the index spaces of this (outermost) scope and of every scope below it, once the
    /// instantiation is over. Types and component closures refer back to the scope they were
    /// defined in (`RuntimeType.instance`, `ComponentClosure.parent`), so without this no
    /// instantiated component's scopes, definitions and core instances would ever be freed.
    func releaseAll() {
        for scope in descendants { scope.releaseDefinitions() }
        descendants = []
        releaseDefinitions()
    }

    private func releaseDefinitions() {
        functions = []
        types = []
        components = []
        instances = []
        coreModules = []
        coreInstances = []
    }

    /// The scope `count` levels out (0 = this one).
    func outer(_ count: UInt32, at offset: Int) throws(ComponentError) -> RuntimeScope {
        var s: RuntimeScope = self
        var n = count
        while n > 0 {
            guard let p = s.parent else { throw ComponentError(.instantiation, "outer alias count \(count) leaves the outermost component", at: offset) }
            s = p
            n -= 1
        }
        return s
    }

    func type(_ i: UInt32, at offset: Int) throws(ComponentError) -> RuntimeType {
        guard let n = Int(exactly: i), n < types.count else {
            throw ComponentError(.instantiation, "type index \(i) out of bounds", at: offset)
        }
        return types[n]
    }

    /// Adds an item to the index space of its sort.
    func add(_ item: ComponentItem) {
        switch item {
        case .function(let f): functions.append(f)
        case .instance(let i): instances.append(i)
        case .type(let t): types.append(t)
        case .component(let c): components.append(c)
        case .coreModule(let m): coreModules.append(m)
        case .value: values += 1
        }
    }

    /// Adds a core definition to its sort's index space.
    func addCore(_ value: ExternalValue) {
        switch value {
        case .function(let f): coreFunctions.append(f)
        case .table(let t): coreTables.append(t)
        case .memory(let m): coreMemories.append(m)
        case .global(let g): coreGlobals.append(g)
        case .tag(let t): coreTags.append(t)
        }
    }

    /// The item at a sort index.
    func item(_ s: SortIndex, at offset: Int) throws(ComponentError) -> ComponentItem {
        func get<T>(_ list: [T]) throws(ComponentError) -> T {
            guard let n = Int(exactly: s.index), n < list.count else {
                throw ComponentError(.instantiation, "\(s.sort.name) index \(s.index) out of bounds", at: offset)
            }
            return list[n]
        }
        switch s.sort {
        case .function: return .function(try get(functions))
        case .instance: return .instance(try get(instances))
        case .type: return .type(try get(types))
        case .component: return .component(try get(components))
        case .core(.module): return .coreModule(try get(coreModules))
        case .value: return .value
        case .core:
            throw ComponentError(.instantiation, "a \(s.sort.name) cannot be used here", at: offset)
        }
    }

    /// The core definition at a core sort index.
    func coreItem(_ sort: CoreSort, _ index: UInt32, at offset: Int) throws(ComponentError) -> ExternalValue {
        func get<T>(_ list: [T]) throws(ComponentError) -> T {
            guard let n = Int(exactly: index), n < list.count else {
                throw ComponentError(.instantiation, "core index \(index) out of bounds", at: offset)
            }
            return list[n]
        }
        switch sort {
        case .function: return .function(try get(coreFunctions))
        case .table: return .table(try get(coreTables))
        case .memory: return .memory(try get(coreMemories))
        case .global: return .global(try get(coreGlobals))
        case .tag: return .tag(try get(coreTags))
        default: throw ComponentError(.instantiation, "a core \(sort) cannot be exported from a core instance", at: offset)
        }
    }
}
