/// The GC heap's collector: mark and sweep, not moving (an object keeps its index for life, so
/// references in slots never change).
///
/// Roots:
/// - the value stacks of the store's unfinished executions, each up to its `scanSlots`. Stack
///   slots carry no types, so they are scanned conservatively: any slot whose bits have the
///   object tag and name a live object keeps it (a number that happens to look like one keeps
///   an object too long, never too short);
/// - globals and table elements, element segments and thrown exceptions' payloads (also by
///   their bits);
/// - the objects hosts hold (`GCObjectAddress` values the store handed out).
/// From the roots, the reference fields of structs and the elements of reference arrays are
/// followed by their types. A collection runs before a GC instruction allocates when the heap
/// has grown by `StoreConfiguration.gcCollectionBytes`, or by what survived the last
/// collection, since that one; and when an allocation would pass the heap limit.
extension Store {
    /// Frees the structs and arrays nothing can reach any more: no execution's stack, global,
    /// table, element segment or exception, and no value a host holds. Executions may be
    /// suspended or inside a host function (the one calling this); they run on as before.
    public func collectGarbage() {
        var marker = GCMarker(heap: gcHeap)
        var next = liveExecutions
        while let current = next {
            let execution = current.takeUnretainedValue()
            marker.visit(execution.stack, count: min(execution.scanSlots, execution.stackCapacity))
            next = execution.liveNext
        }
        for global in globals {
            if case .ref = global.type.valueType { marker.visit(global.slots[0]) }
        }
        for table in tables {
            marker.visit(table.state.pointee.elements, count: Int(truncatingIfNeeded: table.state.pointee.count))
        }
        for instance in instances {
            for segment in instance.elementSegments {
                segment.withUnsafeBufferPointer { marker.visit($0) }
            }
        }
        for exception in exceptions {
            exception.payload.withUnsafeBufferPointer { marker.visit($0) }
        }
        for index in gcHeap.hostHeldObjects {
            marker.visit(GCRef.object(index))
        }
        marker.traceAll(typeRegistry)
        gcHeap.sweep(keeping: marker.marked)
    }

    /// Collection figures of this store's GC heap.
    public var gcStatistics: GCStatistics {
        GCStatistics(liveObjects: gcHeap.liveObjects, usedBytes: gcHeap.usedBytes, collections: gcHeap.collections)
    }

    /// Adds an execution to the list the collector scans. (Neighbours are reached through
    /// `_withUnsafeGuaranteedRef`: every linked execution is alive, and touching one this way
    /// costs no reference count on every call.)
    func link(_ execution: Execution) {
        let me = Unmanaged.passUnretained(execution)
        execution.liveNext = liveExecutions
        execution.livePrevious = nil
        liveExecutions?._withUnsafeGuaranteedRef { $0.livePrevious = me }
        liveExecutions = me
        execution.isLinked = true
    }

    /// Takes an execution off the list (it has finished, trapped or gone).
    @inline(__always)
    func unlink(_ execution: Execution) {
        guard execution.isLinked else { return }
        execution.isLinked = false
        let next = execution.liveNext, previous = execution.livePrevious
        if let previous { previous._withUnsafeGuaranteedRef { $0.liveNext = next } } else { liveExecutions = next }
        next?._withUnsafeGuaranteedRef { $0.livePrevious = previous }
        execution.liveNext = nil
        execution.livePrevious = nil
    }
}

extension Execution {
    /// Runs a GC instruction's allocation (`allocate`), collecting first when the heap is due
    /// for it, and once more when the allocation would pass the heap limit. `fp` is the running
    /// frame: its slots and every frame below it are live. `allocate` must have no effect
    /// before it allocates, so running it again after a failure is the same as running it once.
    @inline(__always)
    func allocating(fp: UnsafeMutablePointer<UInt64>, _ allocate: () throws(TrapCode) -> UInt64) throws(TrapCode) -> UInt64 {
        // `store.gcHeap` read in place, not copied into a local (which would be retained).
        if store.gcHeap.collectionDue { collect(fp: fp) }
        do {
            return try allocate()
        } catch .gcHeapExhausted {
            collect(fp: fp)
            return try allocate()
        }
    }

    private func collect(fp: UnsafeMutablePointer<UInt64>) {
        scanSlots = (fp - stack) + Int(store.records[loopState.pointee.current].frameSlots)
        store.collectGarbage()
    }
}

/// Collection figures of a store's GC heap (``Store/gcStatistics``).
public struct GCStatistics: Sendable, Equatable {
    /// Structs and arrays allocated and not collected.
    public let liveObjects: Int
    /// The bytes they count for against ``StoreConfiguration/maxGCHeapBytes``.
    public let usedBytes: Int
    /// Collections run so far.
    public let collections: Int
}

/// The mark phase: which objects are reachable from the roots given to `visit`.
struct GCMarker {
    private(set) var marked: [Bool]
    private var pending: [Int] = []
    private let heap: GCHeap

    init(heap: GCHeap) {
        self.heap = heap
        marked = Array(repeating: false, count: heap.objects.count)
    }

    /// Marks the object a slot's bits name, if they name a live one.
    @inline(__always) mutating func visit(_ bits: UInt64) {
        guard GCRef.isObject(bits) else { return }
        let index = GCRef.objectIndex(bits)
        guard heap.isLive(index), !marked[index] else { return }
        marked[index] = true
        pending.append(index)
    }

    mutating func visit(_ slots: UnsafePointer<UInt64>, count: Int) {
        for i in 0 ..< max(count, 0) { visit(slots[i]) }
    }

    mutating func visit(_ slots: UnsafeBufferPointer<UInt64>) {
        for bits in slots { visit(bits) }
    }

    /// Follows references from the marked objects until no new one is found: by the flat
    /// tables of `registry` (`TypeShape.referenceStart`), so no type is copied per object.
    mutating func traceAll(_ registry: TypeRegistry) {
        registry.shapes.withUnsafeBufferPointer { shapes in
            registry.references.withUnsafeBufferPointer { references in
                while let index = pending.popLast() {
                    let typeID = heap.objects[index].typeID
                    guard typeID >= 0, typeID < shapes.count else { continue }
                    let shape = shapes[typeID]
                    if shape.referenceCount == 0 { continue }
                    let slots = UnsafeBufferPointer(heap.slotBuffer(index))
                    if shape.kind == .array {
                        visit(slots)
                    } else {
                        let end = min(shape.referenceStart + shape.referenceCount, references.count)
                        for k in shape.referenceStart ..< max(end, shape.referenceStart) where references[k] < slots.count {
                            visit(slots[references[k]])
                        }
                    }
                }
            }
        }
    }
}
