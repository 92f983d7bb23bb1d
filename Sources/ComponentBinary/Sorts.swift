/// The sort of a core definition that a component can refer to (`core:sort`).
public enum CoreSort: UInt8, Hashable, Sendable {
    case function = 0x00
    case table = 0x01
    case memory = 0x02
    case global = 0x03
    case tag = 0x04
    case type = 0x10
    case module = 0x11
    case instance = 0x12
}

/// The sort of a definition in a component's index spaces (`sort`).
public enum ComponentSort: Hashable, Sendable {
    /// A core definition of the given core sort.
    case core(CoreSort)
    case function
    case value
    case type
    case component
    case instance

    /// The WAT keyword of the sort, such as `core func` or `instance`.
    public var name: String {
        switch self {
        case .core(let s):
            switch s {
            case .function: return "core func"
            case .table: return "core table"
            case .memory: return "core memory"
            case .global: return "core global"
            case .tag: return "core tag"
            case .type: return "core type"
            case .module: return "core module"
            case .instance: return "core instance"
            }
        case .function: return "func"
        case .value: return "value"
        case .type: return "type"
        case .component: return "component"
        case .instance: return "instance"
        }
    }
}

/// A sort and an index into that sort's index space (`sortidx`).
public struct SortIndex: Hashable, Sendable {
    /// Which index space.
    public var sort: ComponentSort
    /// The index in it.
    public var index: UInt32

    /// Creates a sort index.
    public init(sort: ComponentSort, index: UInt32) {
        self.sort = sort
        self.index = index
    }
}
