import ComponentBinary

/// A resource handle as it crosses a component boundary: the resource type and its representation.
///
/// For a resource defined by a component the representation is the `i32` the guest gave
/// `resource.new`; for a host resource it is the number the host's resource table assigned.
public struct ResourceHandle: Hashable, Sendable, CustomStringConvertible {
    /// The runtime resource type (unique per resource definition and component instantiation).
    public var type: ResourceID
    /// The representation.
    public var rep: UInt32

    /// Creates a handle.
    public init(type: ResourceID, rep: UInt32) {
        self.type = type
        self.rep = rep
    }

    /// `resource#TYPE:REP`.
    public var description: String { "resource#\(type.value):\(rep)" }
}

/// A component-level value: the value of a WIT type.
///
/// Values are typed by the ``ResolvedValueType`` they are lowered to or lifted from; the same
/// Swift value can stand for several WIT types (an `enum` case and a `variant` case without
/// payload are different types with similar values), so conversions always take the type.
///
/// Only the cases that hold another value directly are `indirect` (boxed): a number, a string
/// or a handle is stored in place, so lifting one allocates nothing.
public enum ComponentValue: Hashable, Sendable {
    case bool(Bool)
    case s8(Int8)
    case u8(UInt8)
    case s16(Int16)
    case u16(UInt16)
    case s32(Int32)
    case u32(UInt32)
    case s64(Int64)
    case u64(UInt64)
    case f32(Float)
    case f64(Double)
    case char(Unicode.Scalar)
    case string(String)
    /// A `list<T>`; also a fixed-length list.
    case list([ComponentValue])
    /// A `list<u8>` held as bytes (what the canonical ABI's fast path lifts).
    case bytes([UInt8])
    /// A record: its fields in declaration order.
    case record([(label: String, value: ComponentValue)])
    case tuple([ComponentValue])
    /// A variant case and its payload.
    indirect case variant(case: String, payload: ComponentValue?)
    /// An enum case.
    case `enum`(String)
    /// `some(v)` or `none` (nil).
    indirect case option(ComponentValue?)
    /// `ok(v)` / `err(v)`, each with an optional payload.
    indirect case result(isOK: Bool, payload: ComponentValue?)
    /// The names of the set flags, in declaration order.
    case flags([String])
    /// An owned resource handle.
    case own(ResourceHandle)
    /// A borrowed resource handle.
    case borrow(ResourceHandle)

    public static func == (lhs: ComponentValue, rhs: ComponentValue) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): return a == b
        case (.s8(let a), .s8(let b)): return a == b
        case (.u8(let a), .u8(let b)): return a == b
        case (.s16(let a), .s16(let b)): return a == b
        case (.u16(let a), .u16(let b)): return a == b
        case (.s32(let a), .s32(let b)): return a == b
        case (.u32(let a), .u32(let b)): return a == b
        case (.s64(let a), .s64(let b)): return a == b
        case (.u64(let a), .u64(let b)): return a == b
        case (.f32(let a), .f32(let b)): return a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
        case (.f64(let a), .f64(let b)): return a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
        case (.char(let a), .char(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.bytes(let a), .list(let b)), (.list(let b), .bytes(let a)):
            return b == a.map { ComponentValue.u8($0) }
        case (.record(let a), .record(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.label == $1.label && $0.value == $1.value }
        case (.tuple(let a), .tuple(let b)): return a == b
        case (.variant(let c1, let p1), .variant(let c2, let p2)): return c1 == c2 && p1 == p2
        case (.enum(let a), .enum(let b)): return a == b
        case (.option(let a), .option(let b)): return a == b
        case (.result(let o1, let p1), .result(let o2, let p2)): return o1 == o2 && p1 == p2
        case (.flags(let a), .flags(let b)): return Set(a) == Set(b)
        case (.own(let a), .own(let b)): return a == b
        case (.borrow(let a), .borrow(let b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .bool(let v): hasher.combine(v)
        case .s8(let v): hasher.combine(v)
        case .u8(let v): hasher.combine(v)
        case .s16(let v): hasher.combine(v)
        case .u16(let v): hasher.combine(v)
        case .s32(let v): hasher.combine(v)
        case .u32(let v): hasher.combine(v)
        case .s64(let v): hasher.combine(v)
        case .u64(let v): hasher.combine(v)
        case .f32(let v): hasher.combine(v.isNaN ? Float.nan.bitPattern : v.bitPattern)
        case .f64(let v): hasher.combine(v.isNaN ? Double.nan.bitPattern : v.bitPattern)
        case .char(let v): hasher.combine(v)
        case .string(let v): hasher.combine(v)
        case .list(let v): hasher.combine(v.count)
        case .bytes(let v): hasher.combine(v.count)
        case .record(let v): for f in v { hasher.combine(f.label); hasher.combine(f.value) }
        case .tuple(let v): hasher.combine(v)
        case .variant(let c, let p): hasher.combine(c); hasher.combine(p)
        case .enum(let v): hasher.combine(v)
        case .option(let v): hasher.combine(v)
        case .result(let ok, let p): hasher.combine(ok); hasher.combine(p)
        case .flags(let v): hasher.combine(Set(v))
        case .own(let h): hasher.combine(h)
        case .borrow(let h): hasher.combine(h)
        }
    }
}
