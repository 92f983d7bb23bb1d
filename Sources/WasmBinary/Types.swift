/// A heap type: what a reference points to.
public enum HeapType: Hashable, Sendable {
    case function
    case extern
    case exception
    case any
    case eq
    case i31
    case `struct`
    case array
    case none
    case noFunction
    case noExtern
    case noException
    /// A type defined in the module's type section (typed function references).
    case concrete(UInt32)
    /// The exact form of a defined type (custom-descriptors proposal, `(exact $t)`): its values
    /// have exactly that type, not one of its declared subtypes.
    case exact(UInt32)

    /// The type index of a defined heap type, exact or not; nil for an abstract one.
    public var typeIndex: UInt32? {
        switch self {
        case .concrete(let i), .exact(let i): return i
        default: return nil
        }
    }

    /// Whether this is the exact form of a defined type.
    public var isExact: Bool {
        if case .exact = self { return true }
        return false
    }
}

/// A reference type: a heap type and whether `null` is a member.
public struct RefType: Hashable, Sendable {
    /// Whether the null reference belongs to this type.
    public var nullable: Bool
    /// What the reference points to.
    public var heapType: HeapType

    /// Creates a reference type.
    public init(nullable: Bool, heapType: HeapType) {
        self.nullable = nullable
        self.heapType = heapType
    }

    /// `funcref`, i.e. `(ref null func)`.
    public static let funcref = RefType(nullable: true, heapType: .function)
    /// `externref`, i.e. `(ref null extern)`.
    public static let externref = RefType(nullable: true, heapType: .extern)
    /// `exnref`, i.e. `(ref null exn)`.
    public static let exnref = RefType(nullable: true, heapType: .exception)
}

/// A value type of the operand stack, locals and globals.
public enum ValueType: Hashable, Sendable {
    case i32
    case i64
    case f32
    case f64
    case v128
    case ref(RefType)

    /// `funcref`.
    public static let funcref = ValueType.ref(.funcref)
    /// `externref`.
    public static let externref = ValueType.ref(.externref)

    /// Whether values of this type are references.
    public var isReference: Bool {
        if case .ref = self { return true }
        return false
    }

    /// Whether a local of this type has a default value (numbers, vectors, nullable references).
    public var isDefaultable: Bool {
        if case .ref(let r) = self { return r.nullable }
        return true
    }
}

/// The signature of a function.
public struct FunctionType: Hashable, Sendable {
    /// Parameter types, in order.
    public var parameters: [ValueType]
    /// Result types, in order.
    public var results: [ValueType]

    /// Creates a function type.
    public init(parameters: [ValueType], results: [ValueType]) {
        self.parameters = parameters
        self.results = results
    }
}

/// What a struct field or array element stores: a value type, or a packed 8- or 16-bit integer
/// (GC), read back with sign or zero extension.
public enum StorageType: Hashable, Sendable {
    case value(ValueType)
    case i8
    case i16

    /// The type a value of this storage has on the operand stack (`i32` for packed ones).
    public var unpacked: ValueType {
        if case .value(let t) = self { return t }
        return .i32
    }
}

/// A struct field or array element type: its storage and whether it can be set.
public struct FieldType: Hashable, Sendable {
    /// What the field stores.
    public var storage: StorageType
    /// Whether `struct.set` / `array.set` may change it.
    public var mutable: Bool
    /// Creates a field type.
    public init(storage: StorageType, mutable: Bool) {
        self.storage = storage
        self.mutable = mutable
    }
}

/// The shape a defined type describes: a function signature, a struct or an array (GC).
public enum CompositeType: Hashable, Sendable {
    case function(FunctionType)
    case `struct`([FieldType])
    case array(FieldType)

    /// The function type, or an empty one for a struct or array (``Module/types``' entry).
    var functionTypeOrEmpty: FunctionType {
        if case .function(let f) = self { return f }
        return FunctionType(parameters: [], results: [])
    }
}

/// One entry of the type section: a composite type with its declared supertype (at most one)
/// and whether it may have subtypes, plus the recursion group it was defined in.
///
/// A plain function type (`0x60`) outside a `rec` is a final type without supertypes, alone in
/// its own recursion group.
public struct SubType: Hashable, Sendable {
    /// Whether no type may declare this one as its supertype.
    public var isFinal: Bool
    /// The declared supertypes' type indices (the validator allows at most one).
    public var supertypes: [UInt32]
    /// The shape of the type.
    public var composite: CompositeType
    /// The type index of the first type of this type's recursion group.
    public var recGroupStart: UInt32
    /// How many types the recursion group holds.
    public var recGroupCount: UInt32
    /// The type this one is the custom descriptor of (`describes $t`, custom-descriptors
    /// proposal), if any.
    public var describes: UInt32?
    /// The type of this type's custom descriptors (`descriptor $t`), if any: every object of
    /// this type holds a reference to one.
    public var descriptor: UInt32?

    /// Creates a defined type.
    public init(isFinal: Bool, supertypes: [UInt32], composite: CompositeType,
                recGroupStart: UInt32, recGroupCount: UInt32,
                describes: UInt32? = nil, descriptor: UInt32? = nil) {
        self.isFinal = isFinal
        self.supertypes = supertypes
        self.composite = composite
        self.recGroupStart = recGroupStart
        self.recGroupCount = recGroupCount
        self.describes = describes
        self.descriptor = descriptor
    }

    /// The function type, when this is one.
    public var functionType: FunctionType? {
        if case .function(let f) = composite { return f }
        return nil
    }
}

/// Size limits of a memory or table.
public struct Limits: Hashable, Sendable {
    /// Initial size (pages or elements).
    public var min: UInt64
    /// Optional maximum size.
    public var max: UInt64?
    /// Whether the memory or table is indexed with i64 (memory64 / table64).
    public var is64: Bool
    /// Whether the memory is shared (threads proposal; decoded but not executed).
    public var shared: Bool

    /// Creates limits.
    public init(min: UInt64, max: UInt64?, is64: Bool = false, shared: Bool = false) {
        self.min = min
        self.max = max
        self.is64 = is64
        self.shared = shared
    }
}

/// The type of a linear memory.
public struct MemoryType: Hashable, Sendable {
    /// Sizes in pages of `1 << pageSizeLog2` bytes.
    public var limits: Limits
    /// log2 of the page size in bytes: 16 (64 KiB) unless the custom-page-sizes proposal's
    /// `(pagesize N)` says otherwise; the validator accepts 0 and 16.
    public var pageSizeLog2: UInt8
    /// Creates a memory type (pages of 64 KiB unless `pageSizeLog2` says otherwise).
    public init(limits: Limits, pageSizeLog2: UInt8 = 16) {
        self.limits = limits
        self.pageSizeLog2 = pageSizeLog2
    }

    /// The most pages the memory's addresses can reach: 2^16 (32-bit) or 2^48 (64-bit) pages
    /// of 64 KiB; 2^32 - 1 or 2^64 - 1 of any other page size (the validator accepts only one
    /// byte besides 64 KiB).
    public var addressablePages: UInt64 {
        pageSizeLog2 == 16 ? (limits.is64 ? 1 << 48 : 1 << 16) : (limits.is64 ? UInt64.max : UInt64(UInt32.max))
    }
}

/// The type of a table.
public struct TableType: Hashable, Sendable {
    /// The type of the table's elements.
    public var elementType: RefType
    /// Sizes in elements.
    public var limits: Limits
    /// Creates a table type.
    public init(elementType: RefType, limits: Limits) {
        self.elementType = elementType
        self.limits = limits
    }
}

/// Whether a global can be changed after instantiation.
public enum Mutability: Hashable, Sendable {
    case constant
    case variable
}

/// The type of a global.
public struct GlobalType: Hashable, Sendable {
    /// The stored value's type.
    public var valueType: ValueType
    /// Whether `global.set` is allowed.
    public var mutability: Mutability
    /// Creates a global type.
    public init(valueType: ValueType, mutability: Mutability) {
        self.valueType = valueType
        self.mutability = mutability
    }
}

/// The type of an exception tag: its function type index (results must be empty).
public struct TagType: Hashable, Sendable {
    /// Index into the module's type section.
    public var typeIndex: UInt32
    /// Creates a tag type.
    public init(typeIndex: UInt32) { self.typeIndex = typeIndex }
}

/// The kind of an import or export.
public enum ExternalKind: UInt8, Hashable, Sendable {
    case function = 0
    case table = 1
    case memory = 2
    case global = 3
    case tag = 4
}
