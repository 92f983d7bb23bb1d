import WasmBinary

/// A component could not be validated: an index out of bounds, a type mismatch, a duplicate
/// name or an unsupported feature.
public struct ComponentValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public var message: String
    /// Byte offset in the binary of the definition at fault.
    public var offset: Int

    /// Creates an error.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `"<message> (at byte offset 0x…)"`.
    public var description: String { "\(message) (at byte offset 0x\(String(offset, radix: 16)))" }
}

/// What a core instance export or a core module export is.
enum CoreExtern: Sendable {
    case function(FunctionType?)
    case table(TableType?)
    case memory(MemoryType?)
    case global(GlobalType?)
    case tag
    case other

    /// The core sort it belongs to.
    var sort: CoreSort {
        switch self {
        case .function: return .function
        case .table: return .table
        case .memory: return .memory
        case .global: return .global
        case .tag: return .tag
        case .other: return .type
        }
    }
}

/// The imports and exports of a core module (or module type), as far as validation needs them.
struct ModuleInfo: Sendable {
    var imports: [(module: String, name: String, extern: CoreExtern)]
    var exports: [String: CoreExtern]
}

/// The imports and exports of a component (or component type).
struct ComponentInfo: Sendable {
    var imports: [String: ResolvedExtern]
    var exports: [String: ResolvedExtern]
    /// The module types of the component's core module imports, by import name.
    var moduleImports: [String: ModuleInfo] = [:]
    /// What its imports and exports refer to, for the external-visibility rule.
    var visibility: ComponentVisibility
}

/// A type index entry: the resolved type and, for value types, its size and nesting depth.
struct TypeSlot: Sendable {
    var type: ResolvedType
    var size: Int
    var depth: Int
    /// Its identity and what it refers to, for the external-visibility rule.
    var visibility: TypeVisibility
}

/// What kind of scope is being validated.
enum ScopeKind {
    case component
    case componentType
    case instanceType
}

/// The typed index spaces of one component, component type or instance type being validated.
struct ValidationScope: Sendable {
    var kind: ScopeKind
    var types: [TypeSlot] = []
    var coreTypes: [CoreType?] = []
    var coreFunctions: [FunctionType?] = []
    var coreTables: [TableType?] = []
    var coreMemories: [MemoryType?] = []
    var coreGlobals: [GlobalType?] = []
    var coreTags = 0
    var coreModules: [ModuleInfo?] = []
    var coreInstances: [[String: CoreExtern]?] = []
    var functions: [ResolvedFunctionType?] = []
    var values = 0
    var components: [ComponentInfo?] = []
    var instances: [[String: ResolvedExtern]?] = []
    /// Import and export names seen, by their uniqueness key (see ``NameRules/uniquenessKeys(_:)``).
    var importNames: [String: String] = [:]
    var exportNames: [String: String] = [:]
    var imports: [String: ResolvedExtern] = [:]
    var exports: [String: ResolvedExtern] = [:]
    var definedResources: Set<ResourceID> = []
    /// The module types of core module imports, by import name.
    var moduleImports: [String: ModuleInfo] = [:]
    /// Resource types imported by name, for the annotated function name rules.
    var importedResourceNames: [String: ResourceID] = [:]
    /// Resource types exported by name (the export namespace is separate from the import one).
    var exportedResourceNames: [String: ResourceID] = [:]
    /// The external-visibility rule's state.
    var visibility = ScopeVisibility()

    init(kind: ScopeKind) { self.kind = kind }

    /// The number of entries of a sort.
    func count(_ sort: ComponentSort) -> Int {
        switch sort {
        case .core(let s):
            switch s {
            case .function: return coreFunctions.count
            case .table: return coreTables.count
            case .memory: return coreMemories.count
            case .global: return coreGlobals.count
            case .tag: return coreTags
            case .type: return coreTypes.count
            case .module: return coreModules.count
            case .instance: return coreInstances.count
            }
        case .function: return functions.count
        case .value: return values
        case .type: return types.count
        case .component: return components.count
        case .instance: return instances.count
        }
    }

    /// Appends an entry of a core sort.
    mutating func addCore(_ extern: CoreExtern) {
        switch extern {
        case .function(let t): coreFunctions.append(t)
        case .table(let t): coreTables.append(t)
        case .memory(let m): coreMemories.append(m)
        case .global(let g): coreGlobals.append(g)
        case .tag: coreTags += 1
        case .other: coreTypes.append(nil)
        }
    }
}

extension ModuleInfo {
    /// The imports and exports of a decoded core module.
    init(_ module: Module) {
        func type(_ index: UInt32) -> FunctionType? {
            guard let i = Int(exactly: index), i < module.types.count else { return nil }
            return module.types[i]
        }
        var functionTypes: [FunctionType?] = []
        var tables: [TableType] = []
        var memories: [MemoryType] = []
        var globals: [GlobalType] = []
        imports = []
        for i in module.imports {
            let e = CoreExtern(i.descriptor, type: type)
            switch e {
            case .function(let t): functionTypes.append(t)
            case .table(let t?): tables.append(t)
            case .memory(let m?): memories.append(m)
            case .global(let g?): globals.append(g)
            default: break
            }
            imports.append((i.module, i.name, e))
        }
        // Defined functions' types are looked up only for the exports (a large module defines
        // tens of thousands of functions and exports a few).
        let importedFunctions = functionTypes.count
        tables += module.tables.map(\.type)
        memories += module.memories
        globals += module.globals.map(\.type)
        func at<T>(_ list: [T], _ index: UInt32) -> T? {
            guard let i = Int(exactly: index), i < list.count else { return nil }
            return list[i]
        }
        exports = [:]
        for e in module.exports {
            switch e.kind {
            case .function:
                let i = Int(e.index)
                if i < importedFunctions {
                    exports[e.name] = .function(functionTypes[i])
                } else {
                    exports[e.name] = .function(at(module.functionTypeIndices, UInt32(i - importedFunctions)).flatMap(type))
                }
            case .table: exports[e.name] = .table(at(tables, e.index))
            case .memory: exports[e.name] = .memory(at(memories, e.index))
            case .global: exports[e.name] = .global(at(globals, e.index))
            case .tag: exports[e.name] = .tag
            }
        }
    }

    /// The imports and exports a core module type declares.
    init(_ declarations: [CoreModuleDeclaration]) {
        var types: [FunctionType?] = []
        func type(_ index: UInt32) -> FunctionType? {
            guard let i = Int(exactly: index), i < types.count else { return nil }
            return types[i]
        }
        imports = []
        exports = [:]
        for d in declarations {
            switch d {
            case .type(let t):
                if case .function(let f) = t { types.append(f) } else { types.append(nil) }
            case .outerAlias: types.append(nil)
            case .import(let i): imports.append((i.module, i.name, CoreExtern(i.descriptor, type: type)))
            case .export(let name, let d): exports[name] = CoreExtern(d, type: type)
            }
        }
    }
}

extension CoreExtern {
    /// The extern an import descriptor describes.
    init(_ descriptor: ImportDescriptor, type: (UInt32) -> FunctionType?) {
        switch descriptor {
        case .function(let ti): self = .function(type(ti))
        case .table(let t): self = .table(t)
        case .memory(let m): self = .memory(m)
        case .global(let g): self = .global(g)
        case .tag: self = .tag
        }
    }
}
