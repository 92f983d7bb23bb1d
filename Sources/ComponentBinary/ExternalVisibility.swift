// The component model's rule of external visibility of types (Explainer.md, "external
// visibility of types"): when a function, type or instance is imported or exported, every
// nominal type (record, variant, enum, flags, resource) its type refers to, through any number
// of anonymous types (lists, options, results, tuples, handles, function parameters and
// results, instance exports), must be referred to through a type index that an import or an
// export introduced. Structurally equal types are not enough: `(export $R' "r" (type $R))`
// names `$R'`, and `$R` stays unnamed.
//
// The resolved types are structural, so the rule keeps its own record of identities: every
// definition of a nominal type and every import or export of one gets a fresh
// ``TypeIdentity``, and each item remembers which identities it refers to. An import may refer
// to types its scope imported; an export to types its scope imported or exported. Component
// types check their imports and exports as they are declared; instance types only when an
// import or export of the instance uses them; components are closed and always pass.

/// The identity of one nominal type, or of one named (imported or exported) alias of it.
struct TypeIdentity: Hashable, Sendable {
    var value: Int
}

/// What the visibility rule knows of a type index entry.
indirect enum TypeVisibility: Sendable {
    /// A value, resource or function type: its identity when it is nominal (nil for anonymous
    /// types, whose references stand in for them), and the identities its parts refer to.
    case value(identity: TypeIdentity?, references: Set<TypeIdentity>)
    /// An instance type: its exports.
    case instance(VisibleItems)
    /// A component type: its imports and exports.
    case component(ComponentVisibility)
    /// A type the validator could not resolve: nothing is checked.
    case unknown

    /// What a value type that refers to this type depends on: the type itself when it is
    /// nominal, else whatever its parts refer to.
    var asReference: Set<TypeIdentity> {
        guard case .value(let identity, let references) = self else { return [] }
        return identity.map { [$0] } ?? references
    }

    /// The identities the parts of a value or function type refer to.
    var references: Set<TypeIdentity> {
        guard case .value(_, let references) = self else { return [] }
        return references
    }

    /// Whether everything the type's parts refer to is in `named`. An instance type's exports
    /// are checked in order, each type export naming its type for the exports after it.
    func partsNamed(in named: Set<TypeIdentity>) -> Bool {
        switch self {
        case .value(_, let references): return references.isSubset(of: named)
        case .instance(let exports):
            var inside = named
            return ExternVisibility.instance(exports).isNamed(adding: &inside)
        case .component, .unknown: return true
        }
    }
}

/// What the visibility rule knows of a definition of any sort.
indirect enum ExternVisibility: Sendable {
    /// Core modules, values and definitions whose type is not known: nothing to check.
    case opaque
    /// A function: the identities its parameter and result types refer to.
    case function(Set<TypeIdentity>)
    case type(TypeVisibility)
    /// An instance: its exports.
    case instance(VisibleItems)
    /// A component: its imports and exports (components are closed, so never checked).
    case component(ComponentVisibility)

    /// Whether the item refers only to identities in `named`; the types it introduces (a type's
    /// own identity, an instance's type exports, in order) are added to `named` as they come.
    func isNamed(adding named: inout Set<TypeIdentity>) -> Bool {
        switch self {
        case .opaque, .component: return true
        case .function(let references): return references.isSubset(of: named)
        case .type(let t):
            guard t.partsNamed(in: named) else { return false }
            if case .value(let identity?, _) = t { named.insert(identity) }
            return true
        case .instance(let exports):
            for name in exports.names {
                if let export = exports[name], !export.isNamed(adding: &named) { return false }
            }
            return true
        }
    }

    /// A function's references (none for other sorts).
    var functionReferences: Set<TypeIdentity> {
        guard case .function(let references) = self else { return [] }
        return references
    }

    /// A type's visibility (unknown for other sorts).
    var typeVisibility: TypeVisibility {
        guard case .type(let t) = self else { return .unknown }
        return t
    }

    /// An instance's exports (none for other sorts).
    var instanceExports: VisibleItems {
        guard case .instance(let exports) = self else { return VisibleItems() }
        return exports
    }

    /// A component's imports and exports (none for other sorts).
    var componentVisibility: ComponentVisibility {
        guard case .component(let c) = self else { return ComponentVisibility() }
        return c
    }
}

/// Named items in declaration order (the order matters: an instance's type export names the
/// type for the exports after it).
struct VisibleItems: Sendable {
    private(set) var names: [String] = []
    private var items: [String: ExternVisibility] = [:]

    /// The item named `name`.
    subscript(name: String) -> ExternVisibility? { items[name] }

    /// Adds (or replaces) an item.
    mutating func append(_ name: String, _ item: ExternVisibility) {
        if items.updateValue(item, forKey: name) == nil { names.append(name) }
    }

    /// The items, each transformed.
    func map(_ transform: (ExternVisibility) -> ExternVisibility) -> VisibleItems {
        var out = VisibleItems()
        for name in names { if let item = items[name] { out.append(name, transform(item)) } }
        return out
    }
}

/// The imports and exports of a component or component type.
struct ComponentVisibility: Sendable {
    var imports = VisibleItems()
    var exports = VisibleItems()
}

/// The visibility state of one scope: what its functions and instances refer to (types and
/// components keep theirs in ``TypeSlot`` and ``ComponentInfo``), which identities its imports
/// and exports have named, and its imports and exports themselves.
struct ScopeVisibility: Sendable {
    /// By function index.
    var functions: [Set<TypeIdentity>] = []
    /// By instance index.
    var instances: [VisibleItems] = []
    /// Identities named by imports: what an import may refer to.
    var importable: Set<TypeIdentity> = []
    /// Identities named by imports or exports: what an export may refer to.
    var exportable: Set<TypeIdentity> = []
    var imports = VisibleItems()
    var exports = VisibleItems()

    /// Checks an item being imported or exported and names the types it introduces (see
    /// ``ExternVisibility/isNamed(adding:)``); what an import names, exports may use too.
    /// Returns false when the item refers to a type that is not named.
    mutating func admit(_ item: ExternVisibility, asImport: Bool) -> Bool {
        guard asImport else { return item.isNamed(adding: &exportable) }
        // What imports name goes in both sets, so `importable` stays a subset of `exportable`.
        let before = importable.count
        guard item.isNamed(adding: &importable) else { return false }
        if importable.count != before { exportable.formUnion(importable) }
        return true
    }
}
