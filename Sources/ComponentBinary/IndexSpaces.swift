/// The index spaces of one component: for every sort, what each index refers to.
///
/// Imports, aliases, definitions and exports each append to the index space of their sort, in
/// section order; ``add(_:)`` applies one section. Outer aliases refer to the index spaces of
/// enclosing components, which a caller resolves with the ``Origin/alias(_:)`` entries.
public struct ComponentIndexSpaces: Sendable {
    /// Where an index comes from.
    public enum Origin: Sendable {
        case `import`(ComponentImport)
        case alias(Alias)
        /// The n-th embedded core module.
        case coreModule(EmbeddedModule)
        case coreInstance(CoreInstance)
        case coreType(CoreTypeEntry)
        /// A nested component (its position among the nested components).
        case component(Int)
        case instance(ComponentInstance)
        case type(ComponentType)
        case canon(Canon)
        /// An export, which adds a new index for the exported definition.
        case export(ComponentExport)
    }

    /// The entries of every sort's index space, in index order.
    public private(set) var entries: [ComponentSort: [Origin]] = [:]
    /// How many nested components have been added.
    private var nestedComponents = 0

    /// Empty index spaces.
    public init() {}

    /// The index spaces of all of `component`'s sections.
    public init(_ component: Component) {
        for section in component.sections { add(section) }
    }

    /// The number of entries of a sort.
    public func count(_ sort: ComponentSort) -> Int { entries[sort]?.count ?? 0 }

    /// The origin of `index` in `sort`'s index space, or nil when out of bounds.
    public func origin(_ sort: ComponentSort, _ index: UInt32) -> Origin? {
        guard let list = entries[sort], let i = Int(exactly: index), i < list.count else { return nil }
        return list[i]
    }

    /// Whether `index` is in bounds for `sort`.
    public func contains(_ sort: ComponentSort, _ index: UInt32) -> Bool {
        guard let i = Int(exactly: index) else { return false }
        return i < count(sort)
    }

    /// Appends one entry.
    mutating func append(_ sort: ComponentSort, _ origin: Origin) {
        entries[sort, default: []].append(origin)
    }

    /// Applies one section.
    public mutating func add(_ section: ComponentSection) {
        switch section {
        case .custom, .start: break
        case .coreModule(let m): append(.core(.module), .coreModule(m))
        case .coreInstances(let items): for i in items { append(.core(.instance), .coreInstance(i)) }
        case .coreTypes(let items): for t in items { append(.core(.type), .coreType(t)) }
        case .component:
            append(.component, .component(nestedComponents))
            nestedComponents += 1
        case .instances(let items): for i in items { append(.instance, .instance(i)) }
        case .aliases(let items): for a in items { append(a.sort, .alias(a)) }
        case .types(let items): for t in items { append(.type, .type(t)) }
        case .canons(let items): for c in items { append(c.sort, .canon(c)) }
        case .imports(let items): for i in items { append(i.descriptor.sort, .import(i)) }
        case .exports(let items): for e in items { append(e.item.sort, .export(e)) }
        }
    }
}
