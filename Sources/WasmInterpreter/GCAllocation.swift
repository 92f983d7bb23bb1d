/// What the threaded `struct.new` and `array.new` of small objects allocate with, without the store
/// (`GCHeap.allocation`, read through `LoopState.gcAllocation`): the heap's byte counts, its
/// free indices and free flags, and its spare storage lists. The heap keeps its counters here and
/// rewrites the buffers' addresses whenever it changes them (outside the handlers).
struct GCAllocationView {
    var usedBytes: Int
    var nextCollection: Int
    let limit: Int
    /// The slot bytes the spare lists hold.
    var spareBytes: Int
    /// The free indices (the next to reuse last) and how many there are; the handler pops by
    /// lowering `freeCount`, which the heap takes over before its next use of them.
    var freeIndices: UnsafeMutablePointer<Int>
    var freeCount: Int
    var isFree: UnsafeMutablePointer<Bool>
    /// The spare lists' heads by slot count (0 ... `GCHeap.spareSizes`), each list linked
    /// through its storages' first slots.
    let spareHeads: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>
}

/// A new object of type `typeID` with `count` elements (0 for a struct) and `slotCount` slots
/// (1 ... `GCHeap.spareSizes`), made from a free index and a spare storage of that size as
/// `GCHeap.allocate` would make it, its slots not yet written; nil, having changed nothing,
/// when a collection is due, the object would pass the heap's limit, or no free index or spare
/// storage is at hand (the general instruction then collects, allocates or traps).
@inline(__always)
private func takeSmallObject(
    typeID: Int, count: Int, slotCount: Int,
    _ objects: UnsafeMutablePointer<GCObjectView>, _ heap: UnsafeMutablePointer<GCAllocationView>
) -> (ref: UInt64, storage: UnsafeMutablePointer<UInt64>)? {
    let cost = slotCount &* 8 &+ GCHeap.objectOverhead
    let used = heap.pointee.usedBytes, free = heap.pointee.freeCount
    guard slotCount >= 1, slotCount <= GCHeap.spareSizes, used < heap.pointee.nextCollection,
          cost <= heap.pointee.limit &- used, free > 0,
          let storage = heap.pointee.spareHeads[slotCount] else { return nil }
    let index = heap.pointee.freeIndices[free &- 1]
    guard index >= 0, index < objects.pointee.count else { return nil }
    heap.pointee.spareHeads[slotCount] = UnsafeMutablePointer(bitPattern: UInt(truncatingIfNeeded: storage[0]))
    heap.pointee.spareBytes &-= slotCount &* 8
    heap.pointee.freeCount = free &- 1
    heap.pointee.usedBytes = used &+ cost
    objects.pointee.objects[index] = GCObject(typeID: typeID, count: count, slots: storage, slotCount: slotCount)
    heap.pointee.isFree[index] = false
    return (GCRef.object(index), storage)
}

/// A new struct of type `typeID` with `slotCount` slots (1 ... `GCHeap.spareSizes`), copied from
/// `fields` or zero when nil, as `Store.newStruct` would make it (`takeSmallObject`; nil when
/// that gives nothing). `packing` holds the `FieldCode` of each slot's field in its byte (slot k
/// in bits 8k ..< 8k + 8; 0 for a slot kept whole), so packed and 32-bit fields keep only their
/// bits. Not for types with a descriptor (the translator does not emit it for them).
@inline(__always)
func allocateSmallStruct(
    typeID: Int, slotCount: Int, fields: UnsafePointer<UInt64>?, packing: UInt64,
    _ objects: UnsafeMutablePointer<GCObjectView>, _ heap: UnsafeMutablePointer<GCAllocationView>
) -> UInt64? {
    guard let (ref, storage) = takeSmallObject(typeID: typeID, count: 0, slotCount: slotCount, objects, heap) else {
        return nil
    }
    // Slot by slot (at most 8): `update(from:count:)` would call memmove for two slots.
    var k = 0
    if let fields {
        if packing == 0 {
            while k < slotCount {
                storage[k] = fields[k]
                k &+= 1
            }
        } else {
            while k < slotCount {
                storage[k] = FieldCode.pack(fields[k], (packing >> UInt64(truncatingIfNeeded: k &* 8)) & 0xFF)
                k &+= 1
            }
        }
    } else {
        while k < slotCount {
            storage[k] = 0
            k &+= 1
        }
    }
    return ref
}

/// A new array of type `typeID` with `count` (its low 32 bits) elements `width` bytes wide (1,
/// 2, 4 or 8), each `value`'s low bytes (zero when nil), as `Store.newArray` would make it, when
/// its elements take 1 ... `GCHeap.spareSizes` slots (`takeSmallObject`); nil otherwise.
@inline(__always)
func allocateSmallArray(
    typeID: Int, count: UInt64, width: Int, value: UInt64?,
    _ objects: UnsafeMutablePointer<GCObjectView>, _ heap: UnsafeMutablePointer<GCAllocationView>
) -> UInt64? {
    let n = Int(truncatingIfNeeded: count & 0xFFFF_FFFF)
    let slotCount = (n &* width &+ 7) &>> 3
    guard width >= 1, width <= 8, slotCount <= GCHeap.spareSizes,
          let (ref, storage) = takeSmallObject(typeID: typeID, count: n, slotCount: slotCount, objects, heap) else {
        return nil
    }
    var k = 0
    while k < slotCount {
        storage[k] = 0
        k &+= 1
    }
    guard let value, value != 0 else { return ref }
    let raw = UnsafeMutableRawPointer(storage)
    var i = 0
    switch width {
    case 1:
        while i < n { raw.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: i, as: UInt8.self); i &+= 1 }
    case 2:
        while i < n { raw.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, toByteOffset: i &* 2, as: UInt16.self); i &+= 1 }
    case 4:
        while i < n { raw.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, toByteOffset: i &* 4, as: UInt32.self); i &+= 1 }
    default:
        while i < n { storage[i] = value.littleEndian; i &+= 1 }
    }
    return ref
}

/// A new array of type `typeID` with the `count` elements `values[0 ..< count]` (each value's
/// low `width` bytes; `width` 1, 2, 4 or 8), as `array.new_fixed` makes it, when its elements
/// take 1 ... `GCHeap.spareSizes` slots (`takeSmallObject`); nil otherwise.
@inline(__always)
func allocateSmallFixedArray(
    typeID: Int, count: Int, width: Int, values: UnsafePointer<UInt64>,
    _ objects: UnsafeMutablePointer<GCObjectView>, _ heap: UnsafeMutablePointer<GCAllocationView>
) -> UInt64? {
    let slotCount = (count &* width &+ 7) &>> 3
    guard count >= 0, width >= 1, width <= 8, slotCount <= GCHeap.spareSizes,
          let (ref, storage) = takeSmallObject(typeID: typeID, count: count, slotCount: slotCount, objects, heap) else {
        return nil
    }
    var k = 0
    if width == 8 {
        while k < count {
            storage[k] = values[k].littleEndian
            k &+= 1
        }
        return ref
    }
    while k < slotCount {
        storage[k] = 0
        k &+= 1
    }
    let raw = UnsafeMutableRawPointer(storage)
    var i = 0
    switch width {
    case 1:
        while i < count { raw.storeBytes(of: UInt8(truncatingIfNeeded: values[i]), toByteOffset: i, as: UInt8.self); i &+= 1 }
    case 2:
        while i < count { raw.storeBytes(of: UInt16(truncatingIfNeeded: values[i]).littleEndian, toByteOffset: i &* 2, as: UInt16.self); i &+= 1 }
    default:
        while i < count { raw.storeBytes(of: UInt32(truncatingIfNeeded: values[i]).littleEndian, toByteOffset: i &* 4, as: UInt32.self); i &+= 1 }
    }
    return ref
}
