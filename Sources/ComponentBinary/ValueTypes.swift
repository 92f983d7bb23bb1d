/// A primitive component value type (`primvaltype`); the raw value is its binary encoding.
public enum PrimitiveValueType: UInt8, Hashable, Sendable, CaseIterable {
    case bool = 0x7F
    case s8 = 0x7E
    case u8 = 0x7D
    case s16 = 0x7C
    case u16 = 0x7B
    case s32 = 0x7A
    case u32 = 0x79
    case s64 = 0x78
    case u64 = 0x77
    case f32 = 0x76
    case f64 = 0x75
    case char = 0x74
    case string = 0x73
    case errorContext = 0x64

    /// The WIT spelling, such as `u32` or `error-context`.
    public var witName: String {
        switch self {
        case .bool: return "bool"
        case .s8: return "s8"
        case .u8: return "u8"
        case .s16: return "s16"
        case .u16: return "u16"
        case .s32: return "s32"
        case .u32: return "u32"
        case .s64: return "s64"
        case .u64: return "u64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .char: return "char"
        case .string: return "string"
        case .errorContext: return "error-context"
        }
    }
}

/// A reference to a value type (`valtype`): a primitive, or an index into the type index space.
public enum ComponentValueType: Hashable, Sendable {
    case primitive(PrimitiveValueType)
    case index(UInt32)
}

/// A named field of a record, or a named parameter of a function.
public struct LabeledValueType: Hashable, Sendable {
    /// The label (kebab-case).
    public var label: String
    /// Its type.
    public var type: ComponentValueType

    /// Creates a labelled type.
    public init(label: String, type: ComponentValueType) {
        self.label = label
        self.type = type
    }
}

/// One case of a variant.
public struct VariantCase: Hashable, Sendable {
    /// The case name.
    public var label: String
    /// Its payload type, if any.
    public var type: ComponentValueType?

    /// Creates a case.
    public init(label: String, type: ComponentValueType?) {
        self.label = label
        self.type = type
    }
}

/// A defined value type (`defvaltype`).
public enum DefinedValueType: Hashable, Sendable {
    case primitive(PrimitiveValueType)
    case record([LabeledValueType])
    case variant([VariantCase])
    case list(ComponentValueType)
    /// A list of a fixed length (`list<T, N>`).
    case fixedList(ComponentValueType, length: UInt32)
    case tuple([ComponentValueType])
    case flags([String])
    case `enum`([String])
    case option(ComponentValueType)
    case result(ok: ComponentValueType?, error: ComponentValueType?)
    /// An owned handle to the resource type at the index.
    case own(UInt32)
    /// A borrowed handle to the resource type at the index.
    case borrow(UInt32)
    /// An async stream (decoded only; the runtime does not support async).
    case stream(ComponentValueType?)
    /// An async future (decoded only; the runtime does not support async).
    case future(ComponentValueType?)
    /// A map from keys to values.
    case map(key: ComponentValueType, value: ComponentValueType)
}

/// A component function type (`functype`).
public struct ComponentFunctionType: Hashable, Sendable {
    /// Named parameters, in order.
    public var parameters: [LabeledValueType]
    /// The result type, or nil for none.
    public var result: ComponentValueType?
    /// Whether the type was declared `async` (decoded; rejected by validation).
    public var isAsync: Bool

    /// Creates a function type.
    public init(parameters: [LabeledValueType], result: ComponentValueType?, isAsync: Bool = false) {
        self.parameters = parameters
        self.result = result
        self.isAsync = isAsync
    }
}

/// A resource type definition (`resourcetype`): its representation is always `i32`.
public struct ResourceTypeDefinition: Hashable, Sendable {
    /// The core function that destroys a resource's representation, if any.
    public var destructor: UInt32?

    /// Creates a resource type.
    public init(destructor: UInt32?) { self.destructor = destructor }
}
