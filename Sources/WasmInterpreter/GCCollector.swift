import WasmBinary

/// The GC heap's collector: mark and sweep, not moving (an object keeps its index for life, so
/// references in slots never change). It collects thrown exceptions too: an `exnref` may be
/// kept anywhere a reference may.
///
/// Roots:
/// - the value stacks of the store's unfinished executions, each up to its `scanSlots`. Stack
///   slots carry no types, so they are scanned conservatively: any slot whose bits have the
///   object tag and name a live object keeps it, and any slot whose bits are a live
///   exception's index + 1 keeps that exception (a number that happens to look like one keeps
///   it too long, never too short);
/// - globals and table elements and element segments (by their bits; as exceptions only when
///   their type is of the exception hierarchy);
/// - the objects and exceptions hosts hold (`GCObjectAddress` and `ExceptionAddress` values
///   the store handed out).
/// From the roots, the reference fields of structs, the elements of reference arrays and the
/// reference values of reached exceptions' payloads are followed by their types. A collection
/// runs before a GC instruction allocates, or an exception is thrown, when the heap has grown
/// by `StoreConfiguration.gcCollectionBytes`, or by what survived the last collection, since
/// that one; and when an allocation would pass the heap limit.
extension Store {
    /// Frees the structs, arrays and exceptions nothing can reach any more: no execution's
    /// stack, global, table, element segment or reached exception, and no value a host holds.
    /// Executions may be suspended or inside a host function (the one calling this); they run
    /// on as before.
    public func collectGarbage() {
        var marker = GCMarker(heap: gcHeap, exceptions: exceptions)
        var next = liveExecutions
        while let current = next {
            let execution = current.takeUnretainedValue()
            marker.visitAny(execution.stack, count: min(execution.scanSlots, execution.stackCapacity))
            next = execution.liveNext
        }
        for global in globals {
            if case .ref(let r) = global.type.valueType { marker.visit(global.slots[0], exception: r.heapType.isException) }
        }
        for table in tables {
            let elements = table.state.pointee.elements, count = Int(truncatingIfNeeded: table.state.pointee.count)
            marker.visit(elements, count: count, exception: table.type.elementType.heapType.isException)
        }
        for instance in instances {
            for segment in instance.elementSegments {
                segment.withUnsafeBufferPointer { marker.visit($0.baseAddress, count: $0.count, exception: false) }
            }
        }
        for index in gcHeap.hostHeldObjects {
            marker.visit(GCRef.object(index))
        }
        for index in gcHeap.hostHeldExceptions {
            marker.visitException(UInt64(truncatingIfNeeded: index) &+ 1)
        }
        marker.traceAll(typeRegistry, exceptions: exceptions, tags: tags)
        sweepExceptions(keeping: marker.exceptionsKept)
        gcHeap.sweep(keeping: marker.marked)
        marker.deallocate()
    }

    /// Frees every exception `kept` does not keep (it keeps those already free).
    private func sweepExceptions(keeping kept: [Bool]) {
        var freed = 0
        exceptions.withUnsafeMutableBufferPointer { list in
            for index in 0 ..< min(kept.count, list.count) where !kept[index] {
                freed += list[index].bytes
                list[index] = list[index].freed
            }
        }
        gcHeap.refund(freed)
        // Trailing free entries are given back; the others are reused lowest first.
        while let last = exceptions.last, last.isFree { exceptions.removeLast() }
        freeExceptions = (0 ..< exceptions.count).reversed().filter { exceptions[$0].isFree }
    }

    /// Collection figures of this store's GC heap.
    public var gcStatistics: GCStatistics {
        GCStatistics(liveObjects: gcHeap.liveObjects, liveExceptions: exceptions.count - freeExceptions.count,
                     usedBytes: gcHeap.usedBytes, collections: gcHeap.collections)
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

    /// The exception `throw` makes of tag `tag` with its payload at `payload` (in the running
    /// frame `fp`), allocated as GC objects are (collecting first when the heap is due); its
    /// index.
    func throwTag(_ tag: Int, payload: UnsafeMutablePointer<UInt64>, fp: UnsafeMutablePointer<UInt64>) throws(TrapCode) -> Int {
        let n = slotCount(store.tags[tag].parameters)
        let bits = try allocating(fp: fp) { () throws(TrapCode) -> UInt64 in
            UInt64(truncatingIfNeeded: try store.allocateException(tag: tag, payload: payload, count: n))
        }
        return Int(truncatingIfNeeded: bits)
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
    /// Thrown exceptions not freed.
    public let liveExceptions: Int
    /// The bytes they and the exceptions count for against ``StoreConfiguration/maxGCHeapBytes``.
    public let usedBytes: Int
    /// Collections run so far.
    public let collections: Int
}

/// The mark phase: which objects and exceptions are reachable from the roots given to `visit`.
struct GCMarker {
    /// Per object: reached (`HeapTable`s, as the heap's own tables; freed by `deallocate`).
    private(set) var marked: HeapTable<Bool>
    private var pending = HeapTable<Int>()
    private let heap: GCHeap
    /// Per exception: reached, or free already (so never visited). The sweep frees the others.
    private(set) var exceptionsKept: [Bool]
    private var pendingExceptions: [Int] = []

    init(heap: GCHeap, exceptions: [ExceptionObject]) {
        self.heap = heap
        marked = HeapTable(repeating: false, count: heap.objects.count)
        exceptionsKept = exceptions.map(\.isFree)
    }

    /// Frees the marker's tables; it must not be used after.
    func deallocate() {
        marked.deallocate()
        pending.deallocate()
    }

    /// Marks the object a slot's bits name, if they name a live one.
    @inline(__always) mutating func visit(_ bits: UInt64) {
        guard GCRef.isObject(bits) else { return }
        let index = GCRef.objectIndex(bits)
        guard heap.isLive(index), !marked[index] else { return }
        marked[index] = true
        pending.append(index)
    }

    /// Marks the exception an `exnref`'s bits (index + 1) name, if they name a live one.
    @inline(__always) mutating func visitException(_ bits: UInt64) {
        guard bits != 0, bits <= UInt64(exceptionsKept.count) else { return }
        let index = Int(truncatingIfNeeded: bits &- 1)
        guard !exceptionsKept[index] else { return }
        exceptionsKept[index] = true
        pendingExceptions.append(index)
    }

    /// Marks what a reference slot holds: an exception when its type is of the exception
    /// hierarchy, else an object.
    @inline(__always) mutating func visit(_ bits: UInt64, exception: Bool) {
        if exception { visitException(bits) } else { visit(bits) }
    }

    mutating func visit(_ slots: UnsafePointer<UInt64>?, count: Int, exception: Bool) {
        guard let slots else { return }
        for i in 0 ..< max(count, 0) { visit(slots[i], exception: exception) }
    }

    /// Marks whatever untyped slots (a stack's) may hold: an object or an exception.
    mutating func visitAny(_ slots: UnsafePointer<UInt64>, count: Int) {
        for i in 0 ..< max(count, 0) {
            visit(slots[i])
            visitException(slots[i])
        }
    }

    /// Follows references from the marked objects and exceptions until no new one is found.
    mutating func traceAll(_ registry: TypeRegistry, exceptions: [ExceptionObject], tags: [FunctionType]) {
        repeat {
            traceObjects(registry)
            while let index = pendingExceptions.popLast(), index < exceptions.count {
                tracePayload(exceptions[index], tags: tags)
            }
        } while pending.count > 0
    }

    /// Follows the references of the pending objects, by the flat tables of `registry`
    /// (`TypeShape.referenceStart`), so no type is copied per object.
    private mutating func traceObjects(_ registry: TypeRegistry) {
        registry.shapes.withUnsafeBufferPointer { shapes in
            registry.references.withUnsafeBufferPointer { references in
                while let index = pending.popLast() {
                    let typeID = heap.objects[index].typeID
                    guard typeID >= 0, typeID < shapes.count else { continue }
                    let shape = shapes[typeID]
                    if shape.referenceCount == 0 { continue }
                    let slots = UnsafeBufferPointer(heap.slotBuffer(index))
                    if shape.kind == .array {
                        guard shape.referenceStart < references.count else { continue }
                        let exception = references[shape.referenceStart] & RuntimeType.exceptionSlot != 0
                        visit(slots.baseAddress, count: slots.count, exception: exception)
                    } else {
                        let end = min(shape.referenceStart + shape.referenceCount, references.count)
                        for k in shape.referenceStart ..< max(end, shape.referenceStart) {
                            let slot = references[k] & (RuntimeType.exceptionSlot - 1)
                            guard slot < slots.count else { continue }
                            visit(slots[slot], exception: references[k] & RuntimeType.exceptionSlot != 0)
                        }
                    }
                }
            }
        }
    }

    /// Follows the reference values of an exception's payload, by its tag's parameter types.
    private mutating func tracePayload(_ exception: ExceptionObject, tags: [FunctionType]) {
        guard exception.tag >= 0, exception.tag < tags.count else { return }
        var slot = 0
        for type in tags[exception.tag].parameters {
            guard slot < exception.payload.count else { return }
            if case .ref(let r) = type { visit(exception.payload[slot], exception: r.heapType.isException) }
            slot += type == .v128 ? 2 : 1
        }
    }
}

extension HeapType {
    /// Whether a reference of this heap type is an `exnref` (exception hierarchy).
    var isException: Bool { self == .exception || self == .noException }
}
