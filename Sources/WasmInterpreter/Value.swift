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
            default: return .funcref(nil)
            }
        }
    }
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

/// A thrown exception object in a store.
public struct ExceptionAddress: Hashable, Sendable {
    /// Index in the store's exception list.
    public let index: Int
    /// Creates an address.
    public init(index: Int) { self.index = index }
}

/// Something an instance exports or an import is satisfied with.
public enum ExternalValue: Hashable, Sendable {
    case function(FunctionAddress)
    case table(TableAddress)
    case memory(MemoryAddress)
    case global(GlobalAddress)
    case tag(TagAddress)
}
