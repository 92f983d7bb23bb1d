#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

/// A struct or array: its type's id (`TypeRegistry`) and its storage. A struct's fields take a
/// slot each (packed i8/i16 values keep their low bits, a v128 takes two); an array's elements
/// are packed at their own width (see `GCHeap.element`).
struct GCObject {
    let typeID: Int
    /// Elements in an array (its slots hold `count * element size`); 0 for a struct.
    let count: Int
    var slots: [UInt64]
}

/// The structs and arrays of a store. There is no collector yet: an object lives as long as its
/// store. The objects' bytes (their slots, plus `objectOverhead` per object) count against
/// `StoreConfiguration.maxGCHeapBytes`; an allocation past it traps ("out of memory: GC heap
/// limit") instead of exhausting the host's memory.
final class GCHeap {
    /// `@exclusivity(unchecked)`: every GC instruction reads or writes it, and no access to it is
    /// held across a call out of the heap's own code (as `Store`'s hot properties).
    @exclusivity(unchecked) var objects: [GCObject] = []
    let limit: Int
    private(set) var usedBytes = 0

    /// What an object costs besides its slots: its entry in `objects` (24 bytes) and its slot
    /// array's header and allocation (about 40). Measured: a loop making a million two-field
    /// structs peaks at 86 MB more resident memory than the same loop making one.
    static let objectOverhead = 64

    init(limit: Int) { self.limit = max(limit, 0) }

    /// Adds an object of `slotCount` zero slots; returns its reference bits.
    func allocate(typeID: Int, count: Int, slotCount: Int) throws(TrapCode) -> UInt64 {
        let (bytes, overflow) = slotCount.multipliedReportingOverflow(by: 8)
        guard !overflow, slotCount >= 0, bytes <= limit - usedBytes - Self.objectOverhead else {
            throw TrapCode.gcHeapExhausted
        }
        usedBytes += bytes + Self.objectOverhead
        objects.append(GCObject(typeID: typeID, count: count, slots: Array(repeating: 0, count: slotCount)))
        return GCRef.object(objects.count - 1)
    }
}

/// Array elements are packed at their natural width (1, 2, 4, 8 or 16 bytes, little-endian) in
/// the object's slots, so an `(array i8)` of n elements takes n bytes (rounded up to a slot),
/// not n slots.
extension GCHeap {
    /// Slots an array of `count` elements of `width` bytes takes, or nil when it would not fit
    /// in memory at all.
    static func arraySlots(count: Int, width: Int) -> Int? {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, bytes <= Int.max - 7 else { return nil }
        return (bytes + 7) / 8
    }

    /// Element `i` of array `object`: its low 64 bits (zero-extended) and, for a v128, its high.
    @inline(__always)
    func element(_ object: Int, _ i: Int, width: Int) -> (lo: UInt64, hi: UInt64) {
        objects[object].slots.withUnsafeBytes { raw in
            let at = i &* width
            switch width {
            case 1: return (UInt64(raw[at]), 0)
            case 2: return (UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self))), 0)
            case 4: return (UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))), 0)
            case 8: return (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)), 0)
            default:
                return (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)),
                        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at &+ 8, as: UInt64.self)))
            }
        }
    }

    /// Writes elements `range` of array `object` (the low `width` bytes of `lo`, and `hi` for a v128).
    @inline(__always)
    func setElements(_ object: Int, _ range: Range<Int>, width: Int, lo: UInt64, hi: UInt64) {
        objects[object].slots.withUnsafeMutableBytes { raw in
            for i in range {
                let at = i &* width
                switch width {
                case 1: raw[at] = UInt8(truncatingIfNeeded: lo)
                case 2: raw.storeBytes(of: UInt16(truncatingIfNeeded: lo).littleEndian, toByteOffset: at, as: UInt16.self)
                case 4: raw.storeBytes(of: UInt32(truncatingIfNeeded: lo).littleEndian, toByteOffset: at, as: UInt32.self)
                case 8: raw.storeBytes(of: lo.littleEndian, toByteOffset: at, as: UInt64.self)
                default:
                    raw.storeBytes(of: lo.littleEndian, toByteOffset: at, as: UInt64.self)
                    raw.storeBytes(of: hi.littleEndian, toByteOffset: at &+ 8, as: UInt64.self)
                }
            }
        }
    }

    /// Copies `byteCount` bytes from `source` at `sourceOffset` into array `object` at `offset`.
    func copyBytes(into object: Int, at offset: Int, from source: UnsafeRawPointer, byteCount: Int) {
        guard byteCount > 0 else { return }
        objects[object].slots.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { (base + offset).copyMemory(from: source, byteCount: byteCount) }
        }
    }

    /// Copies `byteCount` bytes between two arrays (the same one allowed; overlapping ranges are
    /// copied as if through a temporary buffer).
    func moveBytes(from source: Int, at sourceOffset: Int, to target: Int, at targetOffset: Int, byteCount: Int) {
        guard byteCount > 0 else { return }
        if source == target {
            objects[target].slots.withUnsafeMutableBytes { raw in
                if let base = raw.baseAddress { memmove(base + targetOffset, base + sourceOffset, byteCount) }
            }
            return
        }
        let bytes = objects[source].slots.withUnsafeBytes { raw in
            Array(raw[sourceOffset ..< sourceOffset + byteCount])
        }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { copyBytes(into: target, at: targetOffset, from: base, byteCount: byteCount) }
        }
    }
}
