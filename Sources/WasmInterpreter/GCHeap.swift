/// How references of the any hierarchy (GC) sit in a slot. 0 is null in every hierarchy.
/// - an i31 is `i31Tag | value` (its 31 bits, unboxed);
/// - a struct or array is `objectTag | index` of the object in the store's `GCHeap`;
/// - a host reference keeps the externref encoding, handle + 1 (below 2³² + 1), so
///   `any.convert_extern` and `extern.convert_any` leave the bits as they are and a round
///   trip gives back the same reference.
/// Function references (handle + 1 of the function) live in their own hierarchy and never
/// meet these.
enum GCRef {
    static let i31Tag: UInt64 = 1 << 62
    static let objectTag: UInt64 = 1 << 61
    static let i31Mask: UInt64 = 0x7FFF_FFFF

    @inline(__always) static func i31(_ value: UInt64) -> UInt64 { i31Tag | (value & i31Mask) }
    @inline(__always) static func isI31(_ bits: UInt64) -> Bool { bits & i31Tag != 0 }
    @inline(__always) static func isObject(_ bits: UInt64) -> Bool { bits & (i31Tag | objectTag) == objectTag }
    @inline(__always) static func object(_ index: Int) -> UInt64 { objectTag | UInt64(truncatingIfNeeded: index) }
    @inline(__always) static func objectIndex(_ bits: UInt64) -> Int { Int(truncatingIfNeeded: bits & ~objectTag) }
}

/// A struct or array: its type's id (`TypeRegistry`) and its fields or elements as slots
/// (packed i8/i16 values keep their low bits, a v128 takes two slots).
struct GCObject {
    let typeID: Int
    /// Elements in an array (its slots hold `count * element size`); 0 for a struct.
    let count: Int
    var slots: [UInt64]
}

/// The structs and arrays of a store. There is no collector yet: an object lives as long as its
/// store. The objects' bytes (8 per slot, plus 32 per object) count against
/// `StoreConfiguration.maxGCHeapBytes`; an allocation past it traps ("out of memory: GC heap
/// limit") instead of exhausting the host's memory.
final class GCHeap {
    var objects: [GCObject] = []
    let limit: Int
    private(set) var usedBytes = 0

    init(limit: Int) { self.limit = max(limit, 0) }

    /// Adds an object of `slotCount` zero slots; returns its reference bits.
    func allocate(typeID: Int, count: Int, slotCount: Int) throws(TrapCode) -> UInt64 {
        let (bytes, overflow) = slotCount.multipliedReportingOverflow(by: 8)
        guard !overflow, slotCount >= 0, bytes <= limit - usedBytes - 32 else { throw TrapCode.gcHeapExhausted }
        usedBytes += bytes + 32
        objects.append(GCObject(typeID: typeID, count: count, slots: Array(repeating: 0, count: slotCount)))
        return GCRef.object(objects.count - 1)
    }
}
