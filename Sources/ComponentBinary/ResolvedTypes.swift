import WasmBinary

/// Identifies one resource type: each resource definition or `(sub resource)` import or export
/// gets its own id while a component is validated.
public struct ResourceID: Hashable, Sendable {
    /// The number, unique within one validation.
    public var value: Int
    /// Creates an id.
    public init(_ value: Int) { self.value = value }
}

/// A value type with every type index replaced by what it refers to.
///
/// Sub-trees are shared, not copied, when several types refer to the same definition.
public indirect enum ResolvedValueType: Hashable, Sendable {
    case primitive(PrimitiveValueType)
    case record([ResolvedField])
    case variant([ResolvedCase])
    case list(ResolvedValueType)
    case fixedList(ResolvedValueType, length: UInt32)
    case tuple([ResolvedValueType])
    case flags([String])
    case `enum`([String])
    case option(ResolvedValueType)
    case result(ok: ResolvedValueType?, error: ResolvedValueType?)
    case own(ResourceID)
    case borrow(ResourceID)
    case stream(ResolvedValueType?)
    case future(ResolvedValueType?)
    case map(key: ResolvedValueType, value: ResolvedValueType)
}

/// A record field of a ``ResolvedValueType``.
public struct ResolvedField: Hashable, Sendable {
    /// The field name.
    public var label: String
    /// Its type.
    public var type: ResolvedValueType
    /// Creates a field.
    public init(label: String, type: ResolvedValueType) {
        self.label = label
        self.type = type
    }
}

/// A variant case of a ``ResolvedValueType``.
public struct ResolvedCase: Hashable, Sendable {
    /// The case name.
    public var label: String
    /// Its payload, if any.
    public var type: ResolvedValueType?
    /// Creates a case.
    public init(label: String, type: ResolvedValueType?) {
        self.label = label
        self.type = type
    }
}

/// A component function type with resolved parameter and result types.
public struct ResolvedFunctionType: Hashable, Sendable {
    /// Named parameters.
    public var parameters: [ResolvedField]
    /// The result, if any.
    public var result: ResolvedValueType?
    /// Creates a function type.
    public init(parameters: [ResolvedField], result: ResolvedValueType?) {
        self.parameters = parameters
        self.result = result
    }
}

/// What a type index refers to after resolution.
public indirect enum ResolvedType: Sendable {
    case value(ResolvedValueType)
    case function(ResolvedFunctionType)
    /// An instance type: its exports by name.
    case instance([String: ResolvedExtern])
    /// A component type: its imports and exports by name.
    case component(imports: [String: ResolvedExtern], exports: [String: ResolvedExtern])
    case resource(ResourceID)
    /// A type the validator could not resolve, such as an export of an instance whose type is
    /// not known (an instance of a component it has no type for).
    case unknown
}

/// The type of an import or export after resolution.
public indirect enum ResolvedExtern: Sendable {
    case coreModule
    case function(ResolvedFunctionType?)
    case value
    /// A type, with its effective size and nesting depth (for the validator's limits).
    case type(ResolvedType, size: Int, depth: Int)
    case component(imports: [String: ResolvedExtern], exports: [String: ResolvedExtern])
    /// An instance: its exports by name (nil when not known).
    case instance([String: ResolvedExtern]?)

    /// The sort this extern occupies.
    public var sort: ComponentSort {
        switch self {
        case .coreModule: return .core(.module)
        case .function: return .function
        case .value: return .value
        case .type: return .type
        case .component: return .component
        case .instance: return .instance
        }
    }
}
