import WasmBinary

/// A WebAssembly value as seen from outside the interpreter (arguments, results, globals).
///
/// Floats are carried as their IEEE-754 bit patterns so NaN payloads survive unchanged.
public enum Value: Hashable, Sendable {
    case i32(UInt32)
    case i64(UInt64)
    /// An f32, as its bit pattern.
    case f32(UInt32)
    /// An f64, as its bit pattern.
    case f64(UInt64)
    case v128(V128)
    /// A function reference (nil is `ref.null func`).
    case funcref(FunctionAddress?)
    /// A host reference (nil is `ref.null extern`); the number is the embedder's handle.
    case externref(UInt32?)
    /// An exception reference (nil is `ref.null exn`).
    case exnref(ExceptionAddress?)
    /// A reference of the any hierarchy (GC): an i31, a struct or array, or a host reference
    /// taken in by `any.convert_extern` (nil is a null of `any`, `eq`, `i31`, `struct`, `array`
    /// or `none`). A struct, array or i31 passed out as an `externref` (`extern.convert_any`)
    /// is also seen as this case: it keeps its identity.
    case anyref(AnyReference?)

    /// The type of this value.
    public var type: ValueType {
        switch self {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: return .v128
        case .funcref: return .funcref
        case .externref: return .externref
        case .exnref: return .ref(.exnref)
        case .anyref: return .ref(RefType(nullable: true, heapType: .any))
        }
    }

    /// The zero value of a type (`ref.null` for references).
    public static func defaultValue(of type: ValueType) -> Value {
        switch type {
        case .i32: return .i32(0)
        case .i64: return .i64(0)
        case .f32: return .f32(0)
        case .f64: return .f64(0)
        case .v128: return .v128(.zero)
        case .ref(let r):
            switch r.heapType {
            case .extern, .noExtern: return .externref(nil)
            case .exception, .noException: return .exnref(nil)
            case .any, .eq, .i31, .struct, .array, .none: return .anyref(nil)
            default: return .funcref(nil)
            }
        }
    }
}

/// A non-null reference of the any hierarchy, as a host sees it.
public enum AnyReference: Hashable, Sendable {
    /// An unboxed 31-bit integer (`ref.i31`); the value is its low 31 bits, zero-extended.
    case i31(UInt32)
    /// A struct or array of the store.
    case object(GCObjectAddress)
    /// A host reference (the embedder's handle, as in ``Value/externref(_:)``).
    case host(UInt32)
}

/// A struct or array in a store's GC heap.
///
/// An address the store hands out (a call's result, a host function's argument, a global or
/// table element read) keeps its object alive while any copy of it exists: the collector
/// treats it as a root, from any thread the last copy ends on. An address made with
/// ``init(index:)`` holds nothing: it names whatever object has that index, and the index may
/// be reused once its object is collected (a store refuses an index it has freed).
public struct GCObjectAddress: Hashable, Sendable {
    /// Index in the store's GC heap.
    public var index: Int { held.index }
    let held: HeldIndex

    /// Creates an address that holds nothing (see the type's description).
    public init(index: Int) { held = HeldIndex(index: index, root: nil) }

    init(root: GCRoot) { held = HeldIndex(index: root.index, root: root) }
}

/// An index with the root that holds what it names, when the store made it (`GCObjectAddress`,
/// `ExceptionAddress`). Equal when the indices are, whether either holds or not.
struct HeldIndex: Hashable, Sendable {
    let index: Int
    let root: GCRoot?

    static func == (a: HeldIndex, b: HeldIndex) -> Bool { a.index == b.index }

    func hash(into hasher: inout Hasher) { hasher.combine(index) }
}

/// A function in a store.
public struct FunctionAddress: Hashable, Sendable {
    /// Index in the store's function list.
    public let index: Int
    /// Creates an address.
    public init(index: Int) { self.index = index }
}

/// A memory in a store.
public struct MemoryAddress: Hashable, Sendable {
    /// Index in the store's memory list.
    public let index: Int
    /// Creates an address.
    public init(index: Int) { self.index = index }
}

/// A table in a store.
public struct TableAddress: Hashable, Sendable {
    /// Index in the store's table list.
    public let index: Int
    /// Creates an address.
    public init(index: Int) { self.index = index }
}

/// A global in a store.
public struct GlobalAddress: Hashable, Sendable {
    /// Index in the store's global list.
    public let index: Int
    /// Creates an address.
    public init(index: Int) { self.index = index }
}

/// An exception tag in a store.
public struct TagAddress: Hashable, Sendable {
    /// Index in the store's tag list.
    public let index: Int
    /// Creates an address.
    public init(index: Int) { self.index = index }
}

/// A thrown exception object in a store (an `exnref`).
///
/// As with ``GCObjectAddress``: an address the store hands out keeps its exception alive while
/// any copy of it exists; one made with ``init(index:)`` holds nothing, and its index may be
/// reused once the collector frees the exception (a store refuses an index it has freed).
public struct ExceptionAddress: Hashable, Sendable {
    /// Index in the store's exception list.
    public var index: Int { held.index }
    let held: HeldIndex

    /// Creates an address that holds nothing (see the type's description).
    public init(index: Int) { held = HeldIndex(index: index, root: nil) }

    init(root: GCRoot) { held = HeldIndex(index: root.index, root: root) }
}

/// Something an instance exports or an import is satisfied with.
public enum ExternalValue: Hashable, Sendable {
    case function(FunctionAddress)
    case table(TableAddress)
    case memory(MemoryAddress)
    case global(GlobalAddress)
    case tag(TagAddress)
}
