/// The names and definitions the WIT printer knows for one component or instance type.
struct WITScope {
    /// What a type index refers to.
    enum TypeEntry {
        /// A definition in this scope.
        case definition(ComponentTypeDefinition)
        /// A fresh resource type.
        case resource
        /// An alias of entry `index` of the scope `depth` levels out (0 = this one).
        case alias(depth: Int, index: Int)
        /// Not known to the printer.
        case unknown
    }

    /// What a function index refers to.
    enum FunctionEntry {
        /// A function of the type at this index of the scope.
        case typed(UInt32)
        /// Export `name` of instance `instance`.
        case instanceExport(instance: UInt32, name: String)
        case unknown
    }

    /// What an instance index refers to.
    enum InstanceEntry {
        /// An instance of the instance type at this index.
        case typed(UInt32)
        /// An instance made of these exports.
        case inline([InlineExport])
        /// An instance of the nested component at this index.
        case instantiated(UInt32)
        case unknown
    }

    var types: [(entry: TypeEntry, name: String?)] = []
    var functions: [FunctionEntry] = []
    var instances: [InstanceEntry] = []
    /// The names of imported instances, by instance index.
    var instanceNames: [Int: String] = [:]
    /// For types aliased from an instance export: the instance index and the export name.
    var typeOrigins: [Int: (instance: UInt32, name: String)] = [:]

    /// Entry `i` of a list, or nil.
    static func at<T>(_ list: [T], _ i: UInt32) -> T? {
        guard let n = Int(exactly: i), n < list.count else { return nil }
        return list[n]
    }

    /// Appends a type equal to type `i` of this scope, named `name`.
    mutating func addTypeAlias(of i: UInt32, name: String?) {
        guard let n = Int(exactly: i), n < types.count else {
            types.append((.unknown, name))
            return
        }
        types.append((.alias(depth: 0, index: n), name))
    }

    /// Applies the type-related effect of an extern descriptor named `name`.
    mutating func add(_ desc: ExternDescriptor, name: String) {
        switch desc {
        case .type(.equal(let i)): addTypeAlias(of: i, name: name)
        case .type(.subResource): types.append((.resource, name))
        case .function(let t): functions.append(.typed(t))
        case .instance(let t): instances.append(.typed(t))
        case .coreModule, .value, .component: break
        }
    }
}
