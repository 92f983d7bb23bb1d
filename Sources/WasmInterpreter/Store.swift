import WasmBinary
import WasmValidation

/// Per-instance pointers the run loop needs for the code of that instance.
struct InstanceContext {
    /// Memory states by the instance's memory index.
    var memories: UnsafeMutablePointer<UnsafeMutablePointer<MemoryState>>
    /// Table states by the instance's table index.
    var tables: UnsafeMutablePointer<UnsafeMutablePointer<TableState>>
    /// Index of the instance in the store.
    var instanceIndex: Int
    /// Memory 0's state, or nil when the instance has no memory. The threaded handlers keep
    /// its base in a register and its size in the loop state (`LoopState.memorySize`).
    var memory0: UnsafeMutablePointer<MemoryState>?
}

/// What the run loop needs to call a function; kept in one flat buffer owned by the store.
/// 32 bytes, so a call reads one cache line and CPython's 89,062 records take 2.8 MB, not 5.7.
struct FunctionRecord {
    /// Threaded code, or nil before translation (and for host functions).
    var code: UnsafeMutablePointer<UInt64>?
    /// The instance context of a WebAssembly function; nil for a host function.
    var context: UnsafeMutablePointer<InstanceContext>?
    /// Slots a frame of this function uses (params, locals, operand stack).
    var frameSlots: Int32
    /// Slots of params and locals; locals after the params are zeroed on entry.
    var localSlots: Int32
    /// Slots of the parameters.
    var paramSlots: Int32
    /// Interned function type (`Store.typeID`, clamped to 32 bits as the `call_indirect`
    /// instructions carry it: the store would need 2³¹ distinct types to reach the clamp).
    var typeID: Int32

    /// Whether this is a host function (only WebAssembly functions have an instance context).
    var isHost: Bool { context == nil }
}

/// A thrown exception: its tag and payload slots.
///
/// Exceptions count against the GC heap's limit (`bytes`) and are freed in two ways: by the
/// run loop, as soon as nothing can name one (caught without a reference, or its legacy catch
/// sections ended), and by the collector, when nothing reaches one (GCCollector.swift).
struct ExceptionObject {
    let tag: Int
    let payload: [UInt64]
    /// Legacy catch sections holding it (for `rethrow`) that have not ended yet.
    var legacyHolders: Int32 = 0
    /// Whether a `catch_ref` handed it out as an `exnref` value (then only the collector
    /// frees it: the value may be stored anywhere).
    var exposed = false
    /// Whether it was freed; its index waits in `Store.freeExceptions` for reuse.
    var isFree = false

    /// What an exception costs besides its payload (its entry, the payload array's header and
    /// allocation), counted against `StoreConfiguration.maxGCHeapBytes`. A loop that kept four
    /// million one-value exceptions grew by about 73 bytes each; kept as a bound.
    static let overhead = 96

    /// The bytes it counts for.
    var bytes: Int { Self.overhead + payload.count * 8 }

    /// The entry that stands for it once freed (its tag kept, no payload).
    var freed: ExceptionObject { ExceptionObject(tag: tag, payload: [], isFree: true) }
}

/// All runtime objects of a group of instances that may link with each other: functions,
/// memories, tables, globals, tags. Not thread-safe: use a store from one thread at a time.
///
/// The properties every call reads (`functions`, `records`, `memories`, `nestedExecutions`,
/// `deadline`, `interruptHandle`, `slicing`, `spareBuffers`, and `tags`, `exceptions` and
/// `instances`, whose read accesses the run loop and `makeExecution` hoist to their entry) are
/// `@exclusivity(unchecked)`: each call read them through
/// the runtime's access-set bookkeeping (a thread-local lookup apiece, about a fifth of a
/// component call's instructions). No access to them is ever held across a call out of the
/// store's own code (they are read or replaced whole, never passed `inout` to code that could
/// reach the store again), so no two accesses overlap and the checks can never fire.
public final class Store {
    let configuration: StoreConfiguration
    @exclusivity(unchecked) var functions = FunctionTable()
    /// Flat copy of the functions' call data, indexed by function address.
    @exclusivity(unchecked) var records: UnsafeMutablePointer<FunctionRecord>
    var recordCapacity: Int
    @exclusivity(unchecked) var memories: [MemoryBox] = []
    var tables: [TableBox] = []
    /// What the tables may still allocate (`configuration.maxTableBytes`).
    let tableBudget: TableBudget
    /// What the memories may still take (`configuration.maxMemoryBytes`).
    let memoryBudget: TableBudget
    var globals: [GlobalBox] = []
    @exclusivity(unchecked) var tags: [FunctionType] = []
    @exclusivity(unchecked) var exceptions: [ExceptionObject] = []
    /// Indices of freed exceptions, for reuse (`@exclusivity(unchecked)` as `exceptions`).
    @exclusivity(unchecked) var freeExceptions: [Int] = []
    @exclusivity(unchecked) var instances: [Instance] = []
    /// The defined types of all modules, canonical across them (GCTypes.swift).
    @exclusivity(unchecked) var typeRegistry = TypeRegistry()
    /// Tag types by tag address, as type ids (import matching compares these).
    var tagTypeIDs: [Int] = []
    /// The structs and arrays (GCHeap.swift).
    let gcHeap: GCHeap
    /// The types' supertype chains for the threaded casts (CastTypes.swift), synced with
    /// `typeRegistry` after every instantiation.
    let castTypes = CastTypes()
    /// The first of the executions that have not finished (linked through `liveNext`), whose
    /// stacks the collector scans (GCCollector.swift).
    @exclusivity(unchecked) var liveExecutions: Unmanaged<Execution>?
    /// The buffers translations reuse (`compile`).
    var translatorBuffers = TranslatorBuffers()
    /// One `ret` instruction, where an execution continues to return from the current frame.
    let retStub: UnsafeMutablePointer<UInt64>
    /// The threaded handler table the run loop starts its chains with, or nil in unoptimised
    /// builds (they run everything through the switch). Read from the global once, here, so a
    /// call does not go through the global's lazy initialisation (`swift_once`) every time.
    let threadedHandlers: UnsafeRawPointer?
    /// The fuel not handed to a running execution yet (ExecutionLimits.swift).
    @exclusivity(unchecked) var slicing: FuelSlicing
    /// What the run loop checks at each check point: raised by the deadline timer, the
    /// interrupt handle, and for good when fuel is limited (ExecutionLimits.swift).
    let stopSignal = StopSignal()
    /// When set, executions of this store trap with `execution time limit exceeded (N ms)` once
    /// it has passed: a timer thread raises the store's stop signal then, and the running
    /// execution stops at its next check point; a suspended execution resumed later traps at once.
    @exclusivity(unchecked) public var deadline: ExecutionDeadline? {
        didSet {
            stopSignal.lower(StopSignal.deadlineNear)
            guard deadline != nil || oldValue != nil else { return }
            // The timer raises the signal a margin before the deadline; from then on the
            // execution reads the clock at each check point. Already that close: at once.
            let near = deadline.map { $0.monotonicNanoseconds &- min($0.monotonicNanoseconds, StopSignal.deadlineMargin) }
            if let near, MonotonicClock.nanoseconds() >= near {
                DeadlineTimer.shared.arm(stopSignal, at: nil)
                stopSignal.raise(StopSignal.deadlineNear)
            } else {
                DeadlineTimer.shared.arm(stopSignal, at: near)
            }
        }
    }
    /// Executions running now, each inside a host function called by the one before.
    @exclusivity(unchecked) var nestedExecutions = 0
    /// The stacks of the last finished execution, for the next one (see ``Execution/recycleBuffers()``).
    @exclusivity(unchecked) private var spareBuffers: ExecutionBuffers?
    /// Raise it (from any thread) to stop this store's executions; stores may share one.
    @exclusivity(unchecked) public var interruptHandle = InterruptHandle() {
        didSet {
            guard oldValue !== interruptHandle else { return }
            oldValue.detach(stopSignal)
            interruptHandle.attach(stopSignal)
        }
    }

    /// Creates an empty store.
    public init(configuration: StoreConfiguration = StoreConfiguration()) {
        self.configuration = configuration
        tableBudget = TableBudget(limit: configuration.maxTableBytes)
        memoryBudget = TableBudget(limit: configuration.maxMemoryBytes)
        gcHeap = GCHeap(limit: configuration.maxGCHeapBytes, collectionBytes: configuration.gcCollectionBytes)
        slicing = FuelSlicing(reserve: configuration.fuel.map { max($0, 0) } ?? Int.max)
        recordCapacity = 16
        records = UnsafeMutablePointer<FunctionRecord>.allocate(capacity: recordCapacity)
        retStub = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        retStub.initialize(to: UInt64(ThreadedOp.ret.rawValue))
        threadedHandlers = _isDebugAssertConfiguration() ? nil : ThreadedHandlers.table
        interruptHandle.attach(stopSignal)
    }

    deinit {
        releaseSpareBuffers()
        records.deinitialize(count: functions.count)
        records.deallocate()
        retStub.deallocate()
    }

    /// Fuel this store's executions may still spend, or nil when unlimited: one unit is one
    /// taken backward branch (a branch to a `loop`) or one call (direct, indirect, by reference,
    /// tail, or of a host function). Starts at ``StoreConfiguration/fuel``; setting it refuels.
    /// An execution that runs out traps with `all fuel consumed`.
    public var remainingFuel: Int? {
        get { slicing.isUnlimited ? nil : slicing.reserve }
        set { slicing.reserve = newValue.map { min(max($0, 0), Int.max - 1) } ?? Int.max }
    }

    /// The type id of a function type alone in its recursion group (equal types share an id,
    /// the same id a module's plain function type of that shape gets).
    func typeID(_ type: FunctionType) -> Int {
        typeRegistry.functionTypeID(type)
    }

    /// Adds a function and its record; returns its address. `knownTypeID` is
    /// `typeID(type)` when the caller has it already.
    func addFunction(_ entry: FunctionEntry, type: FunctionType, context: UnsafeMutablePointer<InstanceContext>?,
                     knownTypeID: Int? = nil) -> Int {
        addFunction(entry, record: Self.newRecord(type, context: context, typeID: knownTypeID ?? typeID(type)))
    }

    /// Adds a function with its record as `newRecord` made it; returns its address.
    func addFunction(_ entry: FunctionEntry, record: FunctionRecord) -> Int {
        let index = functions.count
        if index == recordCapacity { reserveFunctions(recordCapacity) }
        functions.append(entry)
        (records + index).initialize(to: record)
        return index
    }

    /// Adds a module's defined functions, function `i` of `defined` with the record of its type
    /// (`typeRecords[typeIndices[i]]`); returns their addresses. One call per module, not one
    /// per function: CPython's snapshot has 89,060.
    func addDefinedFunctions(_ defined: DefinedFunctions, typeIndices: [UInt32], typeRecords: [FunctionRecord]) -> Range<Int> {
        reserveFunctions(typeIndices.count)
        let first = functions.count
        functions.appendDefined(defined, count: typeIndices.count)
        let records = self.records + first
        for (i, typeIndex) in typeIndices.enumerated() {
            (records + i).initialize(to: typeRecords[Int(typeIndex)])
        }
        return first ..< first + typeIndices.count
    }

    /// The record of a function of this type before translation (a host function has no context).
    static func newRecord(_ type: FunctionType, context: UnsafeMutablePointer<InstanceContext>?, typeID: Int) -> FunctionRecord {
        // Slot counts are bounded by the module's size (a parameter takes at least one byte of
        // it), far below 2³¹; clamping only keeps the conversion checked.
        let paramSlots = Int32(clamping: slotCount(type.parameters))
        return FunctionRecord(
            code: nil, context: context,
            frameSlots: max(paramSlots, Int32(clamping: slotCount(type.results))),
            localSlots: paramSlots, paramSlots: paramSlots,
            typeID: Int32(clamping: typeID))
    }

    /// Makes room for `additional` more functions at once (a module's functions are added one
    /// by one; growing the records by doubling would move them about 17 times for 90,000).
    func reserveFunctions(_ additional: Int) {
        let needed = functions.count + additional
        functions.reserveCapacity(needed)
        guard needed > recordCapacity else { return }
        let newCapacity = max(needed, recordCapacity * 2)
        let newRecords = UnsafeMutablePointer<FunctionRecord>.allocate(capacity: newCapacity)
        newRecords.moveInitialize(from: records, count: functions.count)
        records.deallocate()
        records = newRecords
        recordCapacity = newCapacity
    }

    /// Adds a host function.
    public func addHostFunction(type: FunctionType, name: String, body: @escaping HostFunctionBody) -> FunctionAddress {
        let host = HostFunction(type: type, name: name, body: body)
        return FunctionAddress(index: addFunction(.host(host), type: type, context: nil))
    }

    /// Adds a memory not owned by any instance (for hosts such as the spec's `spectest`).
    public func addMemory(_ type: MemoryType) throws(InstantiationError) -> MemoryAddress {
        guard let box = MemoryBox(type: type, budget: memoryBudget) else {
            throw InstantiationError.resourceLimit("cannot allocate memory of \(type.limits.min) pages")
        }
        memories.append(box)
        return MemoryAddress(index: memories.count - 1)
    }

    /// Whether a value may enter this store where `type` is expected: its type matches and any
    /// reference it holds names an existing object of this store (the run loop trusts both).
    /// A non-null reference for a concrete heap type must be of that type or a subtype of it:
    /// `heapTypeID` is the type's id (`Store.heapTypeID`), -1 when unknown (then only null
    /// passes).
    func accepts(_ value: Value, _ type: ValueType, heapTypeID: Int = -1) -> Bool {
        guard matches(value, type) else { return false }
        // A number or vector that matches its type needs nothing more; only references do.
        guard case .ref = type else { return true }
        var concrete = false, exact = false
        if case .ref(let r) = type, r.heapType.typeIndex != nil {
            concrete = true
            exact = r.heapType.isExact
        }
        /// Whether type id `actual` is the expected type (exactly, for an exact one) or a subtype.
        func typeMatches(_ actual: Int) -> Bool {
            exact ? actual == heapTypeID : typeRegistry.isSubtype(actual, heapTypeID)
        }
        switch value {
        case .funcref(let f?):
            guard f.index >= 0, f.index < functions.count else { return false }
            return !concrete || typeMatches(Int(records[f.index].typeID))
        case .exnref(let e?): return isLiveException(e.index)
        case .anyref(.object(let o)?):
            guard gcHeap.isLive(o.index) else { return false }
            if concrete { return typeMatches(gcHeap.objects[o.index].typeID) }
            guard case .ref(let r) = type, r.heapType == .struct || r.heapType == .array else { return true }
            return kind(gcHeap.objects[o.index].typeID) == (r.heapType == .struct ? .struct : .array)
        default: return true
        }
    }

    /// The type id of a value type's concrete heap type as function `function`'s module names
    /// it, or -1 (a host function, or no concrete heap type).
    func heapTypeID(_ type: ValueType, ofFunction function: Int) -> Int {
        guard case .ref(let r) = type, r.heapType.typeIndex != nil, function >= 0, function < functions.count,
              let context = records[function].context else { return -1 }
        return heapTypeID(type, instances[context.pointee.instanceIndex])
    }

    /// Adds a table not owned by any instance, every element set to `initial`.
    public func addTable(_ type: TableType, initial: Value) throws(InstantiationError) -> TableAddress {
        guard accepts(initial, .ref(type.elementType)) else {
            throw InstantiationError.resourceLimit("table initial value does not match \(type.elementType)")
        }
        guard let box = TableBox(type: type, initial: slotBits(initial), budget: tableBudget) else {
            throw tableAllocationFailure(type)
        }
        tables.append(box)
        return TableAddress(index: tables.count - 1)
    }

    /// The error for a table that could not be created.
    func tableAllocationFailure(_ type: TableType) -> InstantiationError {
        .resourceLimit("cannot allocate table of \(type.limits.min) elements"
            + " (limit \(TableBox.hardLimit) elements per table, \(tableBudget.limit) bytes of tables per store)")
    }

    /// Adds a global not owned by any instance.
    public func addGlobal(_ type: GlobalType, value: Value) -> GlobalAddress {
        let box = GlobalBox(type: type)
        // A value of the wrong type or naming no object of this store leaves the global at zero/null.
        if accepts(value, type.valueType) { writeValue(value, to: box.slots) }
        globals.append(box)
        return GlobalAddress(index: globals.count - 1)
    }

    /// Adds an exception tag with the given parameter types.
    public func addTag(_ type: FunctionType) -> TagAddress {
        tags.append(type)
        tagTypeIDs.append(typeID(type))
        return TagAddress(index: tags.count - 1)
    }

    /// Records a thrown exception of tag `tag` with `count` payload slots from `payload`;
    /// reuses a free index when there is one. Throws `gcHeapExhausted`, having changed nothing,
    /// when its bytes would pass the GC heap's limit.
    func allocateException(tag: Int, payload: UnsafePointer<UInt64>, count: Int) throws(TrapCode) -> Int {
        let object = ExceptionObject(tag: tag, payload: Array(UnsafeBufferPointer(start: payload, count: max(count, 0))))
        try gcHeap.charge(object.bytes)
        if let index = freeExceptions.popLast() {
            exceptions[index] = object
            return index
        }
        exceptions.append(object)
        return exceptions.count - 1
    }

    /// Whether `index` names an exception that was thrown and not freed.
    func isLiveException(_ index: Int) -> Bool {
        index >= 0 && index < exceptions.count && !exceptions[index].isFree
    }

    /// Frees exception `index` (nothing can name it any more); nothing when it is free already.
    func freeException(_ index: Int) {
        guard isLiveException(index) else { return }
        gcHeap.refund(exceptions[index].bytes)
        exceptions[index] = exceptions[index].freed
        freeExceptions.append(index)
    }

    /// The type of a function.
    public func functionType(_ function: FunctionAddress) -> FunctionType {
        guard function.index >= 0, function.index < functions.count else {
            return FunctionType(parameters: [], results: [])
        }
        return functions[function.index].type
    }

    /// The current value of a global.
    public func globalValue(_ global: GlobalAddress) -> Value {
        guard global.index >= 0, global.index < globals.count else { return .i32(0) }
        let box = globals[global.index]
        if case .ref(let r) = box.type.valueType {
            return refValue(box.slots[0], heapType: hostHeapType(r.heapType, typeID: box.heapTypeID), heap: gcHeap)
        }
        return readValue(box.type.valueType, from: box.slots, heap: gcHeap)
    }

    /// The heap type a host reads a reference of `heap` as: a concrete one as the abstract type
    /// of its kind (`func`, `struct` or `array`; `func` when `typeID`, its id, is -1), since a
    /// null's bits do not say which hierarchy it belongs to; any other as it is.
    func hostHeapType(_ heap: HeapType, typeID: Int) -> HeapType {
        guard heap.typeIndex != nil else { return heap }
        switch kind(typeID) {
        case .function?, nil: return .function
        case .struct?: return .struct
        case .array?: return .array
        }
    }

    /// Sets a mutable global's value. Returns false for an immutable global or a type mismatch.
    @discardableResult
    public func setGlobalValue(_ global: GlobalAddress, _ value: Value) -> Bool {
        guard global.index >= 0, global.index < globals.count else { return false }
        let box = globals[global.index]
        guard box.type.mutability == .variable, accepts(value, box.type.valueType, heapTypeID: box.heapTypeID) else {
            return false
        }
        writeValue(value, to: box.slots)
        return true
    }

    /// Reads `count` bytes of a memory, or nil when out of bounds.
    public func readMemory(_ memory: MemoryAddress, offset: UInt64, count: Int) -> [UInt8]? {
        guard memory.index >= 0, memory.index < memories.count, count >= 0 else { return nil }
        let s = memories[memory.index].state.pointee
        guard offset <= s.byteCount, s.byteCount - offset >= UInt64(count) else { return nil }
        let p = s.base.advanced(by: Int(offset)).assumingMemoryBound(to: UInt8.self)
        return Array(UnsafeBufferPointer(start: p, count: count))
    }

    /// Writes bytes into a memory; returns false when out of bounds.
    @discardableResult
    public func writeMemory(_ memory: MemoryAddress, offset: UInt64, bytes: [UInt8]) -> Bool {
        guard memory.index >= 0, memory.index < memories.count else { return false }
        let s = memories[memory.index].state.pointee
        guard offset <= s.byteCount, s.byteCount - offset >= UInt64(bytes.count) else { return false }
        bytes.withUnsafeBytes { raw in
            if let src = raw.baseAddress {
                s.base.advanced(by: Int(offset)).copyMemory(from: src, byteCount: bytes.count)
            }
        }
        return true
    }

    /// Gives direct access to a memory's bytes for the duration of `body` (for host functions
    /// that read or write guest buffers without copying). The buffer is empty for an unknown
    /// memory. Do not keep the pointer: the memory moves when it grows.
    public func withUnsafeMemory<R, E: Error>(
        _ memory: MemoryAddress, _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        guard memory.index >= 0, memory.index < memories.count else {
            return try body(UnsafeMutableRawBufferPointer(start: nil, count: 0))
        }
        let s = memories[memory.index].state.pointee
        return try body(UnsafeMutableRawBufferPointer(start: s.base, count: Int(s.byteCount)))
    }

    /// The bytes of all the store's linear memories together.
    public var memoryBytes: UInt64 {
        memories.reduce(0) { $0 &+ $1.state.pointee.byteCount }
    }

    /// The bytes the store holds for its guests: its linear memories and its GC heap (what a
    /// pool compares with its retained-memory limit before keeping an instance warm).
    public var retainedBytes: UInt64 {
        memoryBytes &+ UInt64(max(gcHeap.usedBytes, 0))
    }

    /// Size of a memory in bytes.
    public func memorySize(_ memory: MemoryAddress) -> UInt64 {
        guard memory.index >= 0, memory.index < memories.count else { return 0 }
        return memories[memory.index].state.pointee.byteCount
    }

    /// The element of a table, or nil when out of bounds.
    public func tableElement(_ table: TableAddress, at index: UInt64) -> Value? {
        guard table.index >= 0, table.index < tables.count else { return nil }
        let box = tables[table.index]
        guard index < box.state.pointee.count else { return nil }
        let heap = hostHeapType(box.type.elementType.heapType, typeID: box.heapTypeID)
        return refValue(box.state.pointee.elements[Int(index)], heapType: heap, heap: gcHeap)
    }
}

/// Number of 8-byte slots values of these types take.
func slotCount(_ types: [ValueType]) -> Int {
    var n = 0
    for t in types { n += slotSize(t) }
    return n
}

/// Slots one value of this type takes.
/// (A pattern match, not `==`: `ValueType`'s synthesized equality is a call per value, and
/// this runs for every argument and result a host passes.)
@inline(__always) func slotSize(_ type: ValueType) -> Int {
    if case .v128 = type { return 2 }
    return 1
}

/// The value stack, frame stack and loop state of an execution, as a store keeps them between
/// executions.
struct ExecutionBuffers {
    let stack: UnsafeMutablePointer<UInt64>
    let stackCapacity: Int
    let frames: UnsafeMutablePointer<Frame>
    let frameCapacity: Int
    let loopState: UnsafeMutablePointer<LoopState>

    /// Stacks above this many slots (512 KiB) are freed, not kept.
    static let largestKept = 1 << 16

    func deallocate() {
        stack.deallocate()
        frames.deallocate()
        loopState.deallocate()
    }
}

extension Store {
    /// The spare stacks when they hold at least `minimumSlots`, taking them.
    func takeSpareBuffers(minimumSlots: Int) -> ExecutionBuffers? {
        guard let spare = spareBuffers, spare.stackCapacity >= minimumSlots else { return nil }
        spareBuffers = nil
        return spare
    }

    /// Keeps `buffers` for the next execution; false when the store already keeps a set.
    func keepSpareBuffers(_ buffers: ExecutionBuffers) -> Bool {
        guard spareBuffers == nil else { return false }
        spareBuffers = buffers
        return true
    }

    /// Frees the spare stacks (when the store goes).
    func releaseSpareBuffers() {
        spareBuffers?.deallocate()
        spareBuffers = nil
    }
}
