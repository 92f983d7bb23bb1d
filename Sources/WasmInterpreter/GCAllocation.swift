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

/// Zeroes the first `slotCount` slots of `storage` (at most `GCHeap.spareSizes`), slot by slot:
/// `update(repeating:count:)` would call memset for two slots.
@inline(__always)
private func zeroSlots(_ storage: UnsafeMutablePointer<UInt64>, _ slotCount: Int) {
    var k = 0
    while k < slotCount {
        storage[k] = 0
        k &+= 1
    }
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
    guard let fields else {
        zeroSlots(storage, slotCount)
        return ref
    }
    // Slot by slot (at most 8): `update(from:count:)` would call memmove for two slots.
    var k = 0
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
    return ref
}

/// A new array of type `typeID` with `count` elements `width` bytes wide (1, 2, 4 or 8), element
/// `i` the low bytes of `value(i)`, as `Store.newArray` or `array.new_fixed` would make it, when
/// its elements take 1 ... `GCHeap.spareSizes` slots (`takeSmallObject`); nil otherwise.
@inline(__always)
func allocateSmallArray(
    typeID: Int, count: Int, width: Int, _ objects: UnsafeMutablePointer<GCObjectView>,
    _ heap: UnsafeMutablePointer<GCAllocationView>, _ value: (Int) -> UInt64
) -> UInt64? {
    let slotCount = (count &* width &+ 7) &>> 3
    guard count >= 0, width >= 1, width <= 8, slotCount <= GCHeap.spareSizes,
          let (ref, storage) = takeSmallObject(typeID: typeID, count: count, slotCount: slotCount, objects, heap) else {
        return nil
    }
    // The elements cover every slot but the last whole; its bytes past them stay zero.
    storage[slotCount &- 1] = 0
    storeElements(UnsafeMutableRawPointer(storage), count: count, width: width, value)
    return ref
}
