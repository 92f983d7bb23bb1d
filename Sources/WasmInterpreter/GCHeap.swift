#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

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
    /// The heap index of an object's bits (the bits below the tag, so never negative).
    @inline(__always) static func objectIndex(_ bits: UInt64) -> Int { Int(truncatingIfNeeded: bits & (objectTag - 1)) }
}

/// A struct or array: its type's id (`TypeRegistry`) and its storage. A struct's fields take a
/// slot each (packed i8/i16 values keep their low bits, a v128 takes two); an array's elements
/// are packed at their own width (see `GCHeap.element`). A collected object keeps its type id
/// with no slots and no elements, so a stale index can only read nothing (every access checks
/// its bounds) until the index is reused.
///
/// The storage is a plain allocation the heap owns (made by `GCHeap.allocate`, freed by the
/// sweep or the heap's end), so reading or writing a slot touches no reference count.
struct GCObject {
    let typeID: Int
    /// Elements in an array (its slots hold `count * element size`); 0 for a struct.
    let count: Int
    /// `slotCount` slots (the heap's shared empty storage when there are none).
    let slots: UnsafeMutablePointer<UInt64>
    let slotCount: Int
}

/// Where a heap's object table is and how many entries it has (`GCHeap.view`), for the
/// threaded GC instructions, which reach it from the loop state (`LoopState.gcObjects`) without
/// the store. The heap keeps it current: it is written after every change of the table's base
/// or count (an allocation that adds an entry, a sweep that drops trailing ones), all of which
/// happen outside the handlers.
struct GCObjectView {
    var objects: UnsafeMutablePointer<GCObject>
    var count: Int

    /// The object the reference `bits` names; nil when they name none (null, an i31, a host's
    /// reference).
    @inline(__always) func object(_ bits: UInt64) -> GCObject? {
        let index = GCRef.objectIndex(bits)
        guard GCRef.isObject(bits), index < count else { return nil }
        return objects[index]
    }
}

/// Slot `offset` of the struct the non-null reference `bits` names, in the object table
/// `table`, for the threaded `struct.get`/`struct.set` (RunLoop.swift); nil when `bits` is not
/// a struct with that slot (only a host's object of another type can be one;
/// `Execution.executeGC` checks the same).
@inline(__always)
func structFieldSlot(
    _ bits: UInt64, _ offset: Int, _ table: UnsafeMutablePointer<GCObjectView>
) -> UnsafeMutablePointer<UInt64>? {
    guard let object = table.pointee.object(bits), object.count == 0, offset >= 0, offset < object.slotCount
    else { return nil }
    return object.slots + offset
}

/// Where element `i` (its low 32 bits) of the array the non-null reference `bits` names lies,
/// for the threaded `array.get`/`array.set` of elements `width` bytes wide (RunLoop.swift); nil
/// when `bits` is not an object, `i` is not below its element count, or the element would lie
/// outside the object's storage (an object of another type, which only a host could pass).
@inline(__always)
func arrayElementAddress(
    _ bits: UInt64, _ i: UInt64, width: Int, _ table: UnsafeMutablePointer<GCObjectView>
) -> UnsafeMutableRawPointer? {
    guard let object = table.pointee.object(bits) else { return nil }
    let element = Int(truncatingIfNeeded: i & 0xFFFF_FFFF)
    let end = (element &+ 1) &* width
    guard element < object.count, end <= object.slotCount &<< 3 else { return nil }
    return UnsafeMutableRawPointer(object.slots) + (end &- width)
}

/// The element count of the object the non-null reference `bits` names (0 for a struct, as
/// `Execution.executeGC` answers), for the threaded `array.len`; nil when `bits` is not an object.
@inline(__always)
func arrayLength(_ bits: UInt64, _ table: UnsafeMutablePointer<GCObjectView>) -> UInt64? {
    table.pointee.object(bits).map { UInt64(truncatingIfNeeded: $0.count) }
}

extension TrapCode {
    /// Why a threaded array access of element `i` of the non-null reference `bits` failed
    /// (`arrayElementAddress` or `arrayLength` gave nil): the errors `Execution.executeGC`
    /// gives for the same access.
    static func arrayAccess(_ bits: UInt64, _ i: UInt64, _ table: UnsafeMutablePointer<GCObjectView>) -> TrapCode {
        guard let object = table.pointee.object(bits) else { return .hostTrap("reference is not a struct or array") }
        guard i & 0xFFFF_FFFF < UInt64(truncatingIfNeeded: object.count) else { return .outOfBoundsArrayAccess }
        return .hostTrap("array element outside the object (an object of another type)")
    }
}

/// Writes `count` array elements `width` bytes wide (1, 2, 4 or 8) from `start`: element `i` is
/// the low bytes of `value(i)`, little-endian. One loop per width, so no element pays a switch
/// (the general `array.set`, `array.fill` and `array.new`, and the threaded `array.new`s).
@inline(__always)
func storeElements(_ start: UnsafeMutableRawPointer, count: Int, width: Int, _ value: (Int) -> UInt64) {
    var i = 0
    switch width {
    case 1:
        while i < count { start.storeBytes(of: UInt8(truncatingIfNeeded: value(i)), toByteOffset: i, as: UInt8.self); i &+= 1 }
    case 2:
        while i < count {
            start.storeBytes(of: UInt16(truncatingIfNeeded: value(i)).littleEndian, toByteOffset: i &* 2, as: UInt16.self)
            i &+= 1
        }
    case 4:
        while i < count {
            start.storeBytes(of: UInt32(truncatingIfNeeded: value(i)).littleEndian, toByteOffset: i &* 4, as: UInt32.self)
            i &+= 1
        }
    default:
        while i < count { start.storeBytes(of: value(i).littleEndian, toByteOffset: i &* 8, as: UInt64.self); i &+= 1 }
    }
}

/// The structs and arrays of a store, with what the collector (GCCollector.swift) needs: which
/// indices are free for reuse, which objects a host holds, and when the next collection is due.
/// The objects' bytes (their slots, plus `objectOverhead` per object) count against
/// `StoreConfiguration.maxGCHeapBytes`; an allocation past it (after a collection) traps ("out
/// of memory: GC heap limit") instead of exhausting the host's memory.
final class GCHeap {
    /// `@exclusivity(unchecked)`: every GC instruction reads or writes it, and no access to it is
    /// held across a call out of the heap's own code (as `Store`'s hot properties).
    @exclusivity(unchecked) private(set) var objects = HeapTable<GCObject>()
    /// The table's base and count, for the threaded handlers (`GCObjectView`); lives as long
    /// as the heap.
    let view = UnsafeMutablePointer<GCObjectView>.allocate(capacity: 1)
    /// Whether each index is free (its object was collected and the index not reused yet).
    /// `@exclusivity(unchecked)` like `objects` (as are `freeIndices` and `usedBytes`).
    @exclusivity(unchecked) private var isFree = HeapTable<Bool>()
    /// Free indices, reused lowest first (the lowest is last). The threaded allocations
    /// (`structNewSmall`, `arrayNewSmall`) pop them through `allocation` (its `freeCount`):
    /// every use here starts with `adoptPops()`.
    @exclusivity(unchecked) private var freeIndices = HeapTable<Int>()
    /// What the threaded allocations use (`GCAllocationView`): the byte counts, the
    /// free indices and free flags, the spare lists. The heap keeps its counters there and
    /// rewrites the buffers' addresses whenever they change; lives as long as the heap.
    let allocation = UnsafeMutablePointer<GCAllocationView>.allocate(capacity: 1)
    /// The storage of objects with no slots (never written: they have nothing to write).
    private let empty = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    /// Storage of collected objects kept for reuse, by slot count (1 ... `spareSizes`): a
    /// collection frees many small objects at once, and the allocations after it want the same
    /// sizes. Each list is linked through the storages' first slots. What they hold together is
    /// at most `spareLimit` bytes of slots: the collection interval (`collectionBytes`), at
    /// least 1 MiB, so the allocations of one interval rarely reach malloc.
    @exclusivity(unchecked) private var spareHeads = HeapTable<UnsafeMutablePointer<UInt64>?>()
    /// The slot bytes the spare lists hold.
    private var spareBytes: Int {
        get { allocation.pointee.spareBytes }
        set { allocation.pointee.spareBytes = newValue }
    }
    private let spareLimit: Int
    static let spareSizes = 8
    /// The objects host values hold (`GCObjectAddress`es with a root): each is a root.
    private var objectHolds = HostHolds()
    /// The thrown exceptions host values hold (`ExceptionAddress`es with a root): each is a root.
    private var exceptionHolds = HostHolds()
    let limit: Int
    /// Bytes a collection is due after (`StoreConfiguration.gcCollectionBytes`): the heap
    /// collects when it has grown by this much, or by what survived the last collection, since.
    let collectionBytes: Int
    /// The bytes of the live objects (and the exceptions charged), in `allocation`.
    private(set) var usedBytes: Int {
        get { allocation.pointee.usedBytes }
        set { allocation.pointee.usedBytes = newValue }
    }
    /// `usedBytes` at which the next collection is due, in `allocation`.
    private(set) var nextCollection: Int {
        get { allocation.pointee.nextCollection }
        set { allocation.pointee.nextCollection = newValue }
    }
    /// Collections run so far.
    private(set) var collections = 0
    /// What an object costs besides its slots: its entry in `objects` (32 bytes) and its
    /// storage's allocation (malloc's header and rounding, 8 to 24). Measured with the slots in
    /// a Swift array (24 + about 40): a loop making a million two-field structs peaked at 86 MB
    /// more resident memory than the same loop making one; kept as a bound.
    static let objectOverhead = 64

    init(limit: Int, collectionBytes: Int) {
        self.limit = max(limit, 0)
        self.collectionBytes = max(collectionBytes, 0)
        empty.initialize(to: 0)
        view.initialize(to: GCObjectView(objects: objects.base, count: 0))
        spareLimit = max(self.collectionBytes, 1 << 20)
        for _ in 0 ... Self.spareSizes { spareHeads.append(nil) }
        allocation.initialize(to: GCAllocationView(
            usedBytes: 0, nextCollection: self.collectionBytes, limit: self.limit, spareBytes: 0,
            freeIndices: freeIndices.base, freeCount: 0, isFree: isFree.base, spareHeads: spareHeads.base))
    }

    deinit {
        for index in 0 ..< objects.count where objects[index].slots != empty { objects[index].slots.deallocate() }
        objects.deallocate()
        isFree.deallocate()
        freeIndices.deallocate()
        for n in 0 ..< spareHeads.count {
            while let storage = takeSpare(n) { storage.deallocate() }
        }
        spareHeads.deallocate()
        empty.deallocate()
        view.deallocate()
        allocation.deallocate()
    }

    /// Takes over the free indices the threaded allocations popped (`allocation.freeCount`).
    @inline(__always) private func adoptPops() {
        freeIndices.truncate(to: allocation.pointee.freeCount)
    }

    /// Writes the tables' addresses and counts where the handlers read them (`view`,
    /// `allocation`), after any change of them here.
    @inline(__always) private func publish() {
        view.pointee = GCObjectView(objects: objects.base, count: objects.count)
        allocation.pointee.freeIndices = freeIndices.base
        allocation.pointee.freeCount = freeIndices.count
        allocation.pointee.isFree = isFree.base
    }

    /// Whether the heap has grown enough since the last collection for the next one.
    var collectionDue: Bool { usedBytes >= nextCollection }

    /// Live objects (allocated and not collected).
    var liveObjects: Int { objects.count - allocation.pointee.freeCount }

    /// Adds an object of `slotCount` zero slots; returns its reference bits.
    func allocate(typeID: Int, count: Int, slotCount: Int) throws(TrapCode) -> UInt64 {
        let (bytes, overflow) = slotCount.multipliedReportingOverflow(by: 8)
        guard !overflow, slotCount >= 0, bytes <= limit - usedBytes - Self.objectOverhead else {
            throw TrapCode.gcHeapExhausted
        }
        usedBytes += bytes + Self.objectOverhead
        var storage = empty
        if slotCount > 0 {
            storage = takeSpare(slotCount) ?? UnsafeMutablePointer<UInt64>.allocate(capacity: slotCount)
            storage.initialize(repeating: 0, count: slotCount)
        }
        let object = GCObject(typeID: typeID, count: count, slots: storage, slotCount: slotCount)
        adoptPops()
        if let index = freeIndices.popLast() {
            objects[index] = object
            isFree[index] = false
            allocation.pointee.freeCount = freeIndices.count
            return GCRef.object(index)
        }
        objects.append(object)
        isFree.append(false)
        publish()
        return GCRef.object(objects.count - 1)
    }

    /// Copies `count` slots from `source` into object `object` from its first slot on (at most
    /// as many as it has).
    @inline(__always) func setSlots(_ object: Int, from source: UnsafePointer<UInt64>, count: Int) {
        let o = objects[object]
        o.slots.update(from: source, count: max(min(count, o.slotCount), 0))
    }

    /// The slots of object `object`.
    @inline(__always) func slotBuffer(_ object: Int) -> UnsafeMutableBufferPointer<UInt64> {
        let o = objects[object]
        return UnsafeMutableBufferPointer(start: o.slots, count: o.slotCount)
    }

    /// A kept storage of `slotCount` slots, taken off its list; nil when there is none.
    @inline(__always) private func takeSpare(_ slotCount: Int) -> UnsafeMutablePointer<UInt64>? {
        guard slotCount <= Self.spareSizes, let head = spareHeads[slotCount] else { return nil }
        spareHeads[slotCount] = UnsafeMutablePointer(bitPattern: UInt(truncatingIfNeeded: head[0]))
        spareBytes -= slotCount &* 8
        return head
    }

    /// Gives a collected object's storage back: kept for reuse when small, else freed.
    private func release(_ object: GCObject) {
        let storage = object.slots, n = object.slotCount
        guard storage != empty else { return }
        guard n >= 1, n <= Self.spareSizes, spareBytes < spareLimit else { return storage.deallocate() }
        storage[0] = UInt64(UInt(bitPattern: spareHeads[n]))
        spareHeads[n] = storage
        spareBytes += n &* 8
    }

    /// Whether `index` names a live object.
    @inline(__always) func isLive(_ index: Int) -> Bool {
        index >= 0 && index < objects.count && !isFree[index]
    }

    /// The bytes object `index` counts for.
    private func bytes(of index: Int) -> Int { objects[index].slotCount * 8 + Self.objectOverhead }

    /// A root for a host value holding object `index` (see `GCObjectAddress`).
    func hostRoot(_ index: Int) -> GCRoot { objectHolds.root(index) }

    /// A root for a host value holding thrown exception `index` (see `ExceptionAddress`).
    func exceptionRoot(_ index: Int) -> GCRoot { exceptionHolds.root(index) }

    /// The objects hosts hold.
    var hostHeldObjects: Dictionary<Int, Int>.Keys { objectHolds.held }

    /// The thrown exceptions hosts hold.
    var hostHeldExceptions: Dictionary<Int, Int>.Keys { exceptionHolds.held }

    /// Counts `bytes` the heap does not allocate itself (a thrown exception's) against the
    /// limit; throws `gcHeapExhausted` when they do not fit.
    func charge(_ bytes: Int) throws(TrapCode) {
        guard bytes >= 0, bytes <= limit - usedBytes else { throw TrapCode.gcHeapExhausted }
        usedBytes += bytes
    }

    /// Gives back bytes counted by `charge` (their exception was freed).
    func refund(_ bytes: Int) { usedBytes -= bytes }

    /// Frees every live object `marked` does not mark, and sets when the next collection is due.
    func sweep(keeping marked: HeapTable<Bool>) {
        adoptPops()
        for index in 0 ..< objects.count where !isFree[index] && !(index < marked.count && marked[index]) {
            usedBytes -= bytes(of: index)
            release(objects[index])
            objects[index] = GCObject(typeID: objects[index].typeID, count: 0, slots: empty, slotCount: 0)
            isFree[index] = true
        }
        // Trailing free indices are given back beyond what one collection interval could
        // allocate (`collectionBytes / objectOverhead` entries past the last live object), so a
        // heap that shrank does not keep its table, while the next interval's objects reuse
        // indices (which the threaded `struct.new` needs; it cannot add an entry). The free
        // indices are reused lowest first.
        var lastLive = objects.count - 1
        while lastLive >= 0, isFree[lastLive] { lastLive -= 1 }
        let keep = lastLive + 1 + collectionBytes / Self.objectOverhead
        while objects.count > keep, let last = isFree.last, last {
            _ = objects.popLast()
            _ = isFree.popLast()
        }
        freeIndices.removeAll()
        for index in stride(from: objects.count - 1, through: 0, by: -1) where isFree[index] { freeIndices.append(index) }
        publish()
        collections += 1
        // 0 (the stress setting) keeps every allocation due.
        guard collectionBytes > 0 else { return }
        let (grown, overflow) = usedBytes.addingReportingOverflow(max(usedBytes, collectionBytes))
        nextCollection = overflow ? Int.max : grown
    }
}

/// How many host values hold each index (of an object or an exception): a held index is a
/// root. Raised on the store's thread when a value is made; lowered through `releases`, which
/// the values' roots report to from any thread.
struct HostHolds {
    private var holds: [Int: Int] = [:]
    private let releases = GCRootReleases()
    /// Roots made since `releases` was last drained (it is drained every `drainInterval`, so
    /// a host that takes many values without the guest allocating does not grow it forever).
    private var rootsSinceDrain = 0
    private static let drainInterval = 4096

    /// A root for a new host value holding `index`.
    mutating func root(_ index: Int) -> GCRoot {
        holds[index, default: 0] += 1
        rootsSinceDrain += 1
        if rootsSinceDrain >= Self.drainInterval { drain() }
        return GCRoot(index: index, releases: releases)
    }

    /// The indices some host value still holds.
    var held: Dictionary<Int, Int>.Keys {
        mutating get {
            drain()
            return holds.keys
        }
    }

    /// Lowers the holds of the roots whose values are gone.
    private mutating func drain() {
        rootsSinceDrain = 0
        for index in releases.take() {
            guard let n = holds[index] else { continue }
            if n <= 1 { holds[index] = nil } else { holds[index] = n - 1 }
        }
    }
}

/// Keeps an object or exception a host value holds from being collected while any copy of the
/// value exists (see `GCObjectAddress`, `ExceptionAddress`); the last copy's end reports the
/// index to its `HostHolds`.
final class GCRoot: Sendable {
    let index: Int
    private let releases: GCRootReleases

    init(index: Int, releases: GCRootReleases) {
        self.index = index
        self.releases = releases
    }

    deinit { releases.add(index) }
}

/// The objects whose host roots are gone, reported from whatever thread drops a value.
final class GCRootReleases: Sendable {
    private let released = Mutex<[Int]>([])

    func add(_ index: Int) { released.withLock { $0.append(index) } }

    func take() -> [Int] { released.withLock { list in
        let taken = list
        list.removeAll()
        return taken
    } }
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
        let raw = UnsafeRawBufferPointer(slotBuffer(object))
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

    /// Writes elements `range` of array `object` (the low `width` bytes of `lo`, and `hi` for a
    /// v128); the caller checked `range` against the element count.
    @inline(__always)
    func setElements(_ object: Int, _ range: Range<Int>, width: Int, lo: UInt64, hi: UInt64) {
        guard !range.isEmpty, let base = UnsafeMutableRawBufferPointer(slotBuffer(object)).baseAddress else { return }
        let start = base + range.lowerBound &* width
        guard width == 16 else { return storeElements(start, count: range.count, width: width) { _ in lo } }
        for k in 0 ..< range.count {
            start.storeBytes(of: lo.littleEndian, toByteOffset: k &* 16, as: UInt64.self)
            start.storeBytes(of: hi.littleEndian, toByteOffset: k &* 16 &+ 8, as: UInt64.self)
        }
    }

    /// Copies `byteCount` bytes from `source` into array `object` at `offset` (checked by the caller).
    func copyBytes(into object: Int, at offset: Int, from source: UnsafeRawPointer, byteCount: Int) {
        guard byteCount > 0 else { return }
        (UnsafeMutableRawPointer(objects[object].slots) + offset).copyMemory(from: source, byteCount: byteCount)
    }

    /// Copies `byteCount` bytes between two arrays (the same one allowed; overlapping ranges are
    /// copied as if through a temporary buffer). The caller has checked both ranges.
    func moveBytes(from source: Int, at sourceOffset: Int, to target: Int, at targetOffset: Int, byteCount: Int) {
        guard byteCount > 0 else { return }
        memmove(UnsafeMutableRawPointer(objects[target].slots) + targetOffset,
                UnsafeRawPointer(objects[source].slots) + sourceOffset, byteCount)
    }
}
