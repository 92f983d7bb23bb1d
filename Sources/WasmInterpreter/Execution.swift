import Synchronization
import WasmBinary

/// A call frame saved on the interpreter's own frame stack.
struct Frame {
    /// Where the caller continues.
    var returnPC: UnsafeMutablePointer<UInt64>
    /// The caller's frame base, as a slot offset into the value stack.
    var fpOffset: Int
    /// The caller's function address.
    var function: Int
    /// The caller's instance context (so a return need not look it up by `function`).
    var context: UnsafeMutablePointer<InstanceContext>?
}

/// The part of the run loop's state that is not kept in registers. The threaded handlers
/// (`ThreadedDispatch.swift`) reach all of it through one pointer, so it also holds the value
/// and frame stacks, and the position where a handler hands an instruction back to the loop.
struct LoopState {
    var current: Int
    var records: UnsafeMutablePointer<FunctionRecord>
    var ctx: UnsafeMutablePointer<InstanceContext>?
    var tables: UnsafeMutablePointer<UnsafeMutablePointer<TableState>>?
    /// The byte count of the current instance's memory 0 (0 without a memory), for the threaded
    /// handlers' bounds checks; its base travels in a register (`ThreadedHandler`). Set when a
    /// handler chain starts and when a call or return changes the instance.
    var memorySize: UInt64
    /// The store's stop signal, checked at every check point (ExecutionLimits.swift).
    let stopWord: UnsafeMutablePointer<Atomic<Int>>
    /// The store's GC object table (`GCHeap.view`), for the threaded GC instructions.
    let gcObjects: UnsafeMutablePointer<GCObjectView>
    /// The store's supertype chains (`CastTypes.view`), for the casts of objects.
    let castTypes: UnsafeMutablePointer<CastTypeView>
    /// The GC heap's allocation state (`GCHeap.allocation`), for the threaded `struct.new` and
    /// `array.new` of small objects.
    let gcAllocation: UnsafeMutablePointer<GCAllocationView>
    /// What is left of the fuel slice (only counted when fuel is limited).
    var fuel: Int
    var stack: UnsafeMutablePointer<UInt64>
    var stackCapacity: Int
    /// `stack + stackCapacity`, so a call checks its callee's frame with one compare.
    var stackEnd: UnsafeMutablePointer<UInt64>
    var frames: UnsafeMutablePointer<Frame>
    var frameCapacity: Int
    var frameCount: Int
    /// Where the handler chain stopped: the instruction the loop's `switch` runs next.
    var pc: UnsafeMutablePointer<UInt64>?
    var fp: UnsafeMutablePointer<UInt64>?
}

extension LoopState {
    /// Makes `context` (a function's instance context) the current one, with its tables,
    /// when it differs; a call or return between instances changes it.
    @inline(__always)
    mutating func enter(_ context: UnsafeMutablePointer<InstanceContext>?) {
        if let c = context, c != ctx {
            ctx = c
            tables = c.pointee.tables
        }
    }

    mutating func updateStackEnd() { stackEnd = stack + stackCapacity }

    /// Like `enter`, for the threaded handlers: also makes the new instance's memory 0 the one
    /// the handlers access, and returns its base (`memoryBase` when the instance is the same).
    @inline(__always)
    mutating func enter(
        _ context: UnsafeMutablePointer<InstanceContext>?, memoryBase: UnsafeMutableRawPointer
    ) -> UnsafeMutableRawPointer {
        guard let c = context, c != ctx else { return memoryBase }
        ctx = c
        tables = c.pointee.tables
        return useMemory0()
    }

    /// Loads the current instance's memory 0 for the threaded handlers: sets `memorySize` and
    /// returns the base. Without a memory the size is 0 (every access fails its bounds check and
    /// goes to the switch; validation lets no such access exist) and the base any valid address.
    @inline(__always)
    mutating func useMemory0() -> UnsafeMutableRawPointer {
        guard let m = ctx?.pointee.memory0 else {
            memorySize = 0
            return UnsafeMutableRawPointer(stopWord)
        }
        memorySize = m.pointee.byteCount
        return m.pointee.base
    }
}

/// One call into a store, with its own value stack and frame stack. It can stop at a host
/// function that asks to suspend and continue later with `resume(with:)`.
public final class Execution {
    let store: Store
    // The value and frame stacks live in the loop state (see `LoopState`).
    var stack: UnsafeMutablePointer<UInt64> {
        get { loopState.pointee.stack }
        set {
            loopState.pointee.stack = newValue
            loopState.pointee.updateStackEnd()
        }
    }
    var stackCapacity: Int {
        get { loopState.pointee.stackCapacity }
        set {
            loopState.pointee.stackCapacity = newValue
            loopState.pointee.updateStackEnd()
        }
    }
    var frames: UnsafeMutablePointer<Frame> {
        get { loopState.pointee.frames }
        set { loopState.pointee.frames = newValue }
    }
    var frameCapacity: Int {
        get { loopState.pointee.frameCapacity }
        set { loopState.pointee.frameCapacity = newValue }
    }
    var frameCount: Int {
        get { loopState.pointee.frameCount }
        set { loopState.pointee.frameCount = newValue }
    }
    // The run loop reads these at every start and host call; they are the execution's own
    // (one thread, never held across a call out), so their accesses cannot overlap: the dynamic
    // exclusivity checks are left out (see `Store`).
    /// Saved position while suspended (or before the first run).
    @exclusivity(unchecked) var pc: UnsafeMutablePointer<UInt64>?
    @exclusivity(unchecked) var fpOffset = 0
    @exclusivity(unchecked) var function: Int
    /// Where a suspended host call's results go, and their types.
    var pendingBase = 0
    var pendingResults: [ValueType] = []
    /// The name of the host function it waits in, for ``resume(with:)``'s messages.
    var pendingName = ""
    let resultTypes: [ValueType]
    @exclusivity(unchecked) var finished = false
    @exclusivity(unchecked) var suspended = false
    /// The run loop's rarely used state (see `execute`).
    let loopState: UnsafeMutablePointer<LoopState>
    /// Set when the entry function itself is a host function.
    @exclusivity(unchecked) var hostEntryArguments: [Value]?
    /// The store's list of unfinished executions, whose stacks the collector scans
    /// (GCCollector.swift).
    @exclusivity(unchecked) var liveNext: Unmanaged<Execution>?
    @exclusivity(unchecked) var livePrevious: Unmanaged<Execution>?
    @exclusivity(unchecked) var isLinked = false
    /// How many slots from the stack's start may hold this execution's values when the
    /// collector runs: the entry frame before the first run, then the caller's frame and the
    /// arguments at each host call (the only way out of the run loop besides a collection,
    /// which sets it to the running frame's end).
    @exclusivity(unchecked) var scanSlots: Int

    init(store: Store, function: Int, resultTypes: [ValueType], initialSlots: Int) {
        self.store = store
        self.function = function
        self.resultTypes = resultTypes
        scanSlots = initialSlots
        // Small at first (calls grow it through `ensureStack`): a suspended guest waiting on the
        // dispatcher costs little, and starting a call touches few pages.
        let stack: UnsafeMutablePointer<UInt64>
        let stackCapacity: Int
        let frames: UnsafeMutablePointer<Frame>
        let frameCapacity: Int
        if let spare = store.takeSpareBuffers(minimumSlots: initialSlots) {
            // A finished execution's stacks: only the entry frame must start zeroed (its
            // locals); every other slot is written before it is read.
            (stack, stackCapacity, frames, frameCapacity, loopState) = (spare.stack, spare.stackCapacity, spare.frames, spare.frameCapacity, spare.loopState)
            stack.update(repeating: 0, count: initialSlots)
        } else {
            stackCapacity = max(128, initialSlots)
            stack = UnsafeMutablePointer<UInt64>.allocate(capacity: stackCapacity)
            stack.initialize(repeating: 0, count: stackCapacity)
            frameCapacity = 16
            frames = UnsafeMutablePointer<Frame>.allocate(capacity: frameCapacity)
            loopState = UnsafeMutablePointer<LoopState>.allocate(capacity: 1)
        }
        loopState.initialize(to: LoopState(
            current: function, records: store.records, ctx: nil, tables: nil, memorySize: 0, stopWord: store.stopSignal.word, gcObjects: store.gcHeap.view, castTypes: store.castTypes.view,
            gcAllocation: store.gcHeap.allocation, fuel: 0,
            stack: stack, stackCapacity: stackCapacity, stackEnd: stack + stackCapacity, frames: frames,
            frameCapacity: frameCapacity,
            frameCount: 0, pc: nil, fp: nil))
    }

    deinit {
        if isLinked { store.unlink(self) }
        guard ownsBuffers else { return }
        stack.deallocate()
        frames.deallocate()
        loopState.deallocate()
    }

    /// Whether the stacks are still this execution's (not handed back to the store).
    private var ownsBuffers = true

    /// Hands the stacks of this finished execution to the store for its next one, so a call
    /// does not allocate and clear them anew (a component call runs several: `realloc`, the
    /// function, `post-return`). The store keeps one set, and not a large one.
    func recycleBuffers() {
        guard finished, ownsBuffers, stackCapacity <= ExecutionBuffers.largestKept else { return }
        if store.keepSpareBuffers(ExecutionBuffers(
            stack: stack, stackCapacity: stackCapacity, frames: frames, frameCapacity: frameCapacity, loopState: loopState)) {
            ownsBuffers = false
        }
    }

    /// Whether the execution is waiting for `resume(with:)`.
    public var isSuspended: Bool { suspended }

    /// Continues a suspended execution; `values` are the suspending host function's results.
    public func resume(with values: [Value]) throws(TrapCode) -> ExecutionResult {
        guard suspended else { throw TrapCode.hostTrap("execution is not suspended") }
        // Checked as an answer given at once is (`callHost`): the count, then each type.
        try store.writeHostResults(values, of: pendingName, types: pendingResults, to: stack + fpOffset + pendingBase)
        suspended = false
        if frameCount == 0 && pc == nil {
            // The entry function itself was the host function.
            return try finish()
        }
        return try run()
    }

    /// Runs until the call returns or suspends.
    func run() throws(TrapCode) -> ExecutionResult {
        if finished { throw TrapCode.hostTrap("execution already finished") }
        // A host function that calls back into the store nests executions on the native stack.
        guard store.nestedExecutions < store.configuration.maxNestedExecutions else { throw TrapCode.callStackExhausted }
        // Nested in a host function: on the native stack of the execution that called it.
        if store.nestedExecutions > 0, let left = NativeStack.remaining(), left < NativeStack.headroom {
            throw TrapCode.callStackExhausted
        }
        store.nestedExecutions += 1
        defer {
            store.nestedExecutions -= 1
            // Finished or trapped: its stack holds nothing the collector must keep.
            if !suspended { store.unlink(self) }
        }
        if let args = hostEntryArguments {
            hostEntryArguments = nil
            if try callHost(function, base: 0, fp: stack, arguments: args) {
                pc = nil
                return .suspended(self)
            }
            return try finish()
        }
        if try execute() {
            return try finish()
        }
        return .suspended(self)
    }

    func finish() throws(TrapCode) -> ExecutionResult {
        finished = true
        // The results are read (a struct or array among them held as a host value) before the
        // stack stops being scanned.
        defer { store.unlink(self) }
        // No result (post-return) and one result (most functions): the array is made at once,
        // not grown value by value.
        switch resultTypes.count {
        case 0: return .finished([])
        case 1: return .finished([readValue(resultTypes[0], from: stack, heap: store.gcHeap)])
        default: break
        }
        return .finished(readValues(resultTypes, from: stack, heap: store.gcHeap))
    }

    /// Fuel the store has left for its executions, or nil when unlimited (see ``Store/remainingFuel``).
    public var remainingFuel: Int? { store.remainingFuel }

    /// Makes sure the value stack holds `slots` slots; the stack may move.
    func ensureStack(_ slots: Int) throws(TrapCode) {
        if slots <= stackCapacity { return }
        guard slots <= store.configuration.maxStackSlots else { throw TrapCode.callStackExhausted }
        var newCapacity = stackCapacity * 2
        while newCapacity < slots { newCapacity *= 2 }
        newCapacity = min(newCapacity, store.configuration.maxStackSlots)
        let newStack = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
        newStack.initialize(from: stack, count: stackCapacity)
        (newStack + stackCapacity).initialize(repeating: 0, count: newCapacity - stackCapacity)
        stack.deallocate()
        stack = newStack
        stackCapacity = newCapacity
    }

    /// Pushes a frame; traps when the call depth limit is reached.
    @inline(__always) func pushFrame(_ frame: Frame) throws(TrapCode) {
        if frameCount == frameCapacity {
            guard frameCapacity < store.configuration.maxCallDepth else { throw TrapCode.callStackExhausted }
            let newCapacity = min(frameCapacity * 2, store.configuration.maxCallDepth)
            let newFrames = UnsafeMutablePointer<Frame>.allocate(capacity: newCapacity)
            newFrames.moveInitialize(from: frames, count: frameCount)
            frames.deallocate()
            frames = newFrames
            frameCapacity = newCapacity
        }
        (frames + frameCount).initialize(to: frame)
        frameCount += 1
    }

    /// Calls a host function with its arguments in `fp[base...]`; writes the results there.
    /// Returns true when the host function asked to suspend.
    func callHost(_ function: Int, base: Int, fp: UnsafeMutablePointer<UInt64>, arguments: [Value]? = nil) throws(TrapCode) -> Bool {
        guard let host = store.functions.host(function) else { throw TrapCode.hostTrap("not a host function") }
        // The host function may run other executions of the store: they take their fuel from
        // the store, and this one checks its limits again at its next check point.
        releaseSlice()
        // They may also collect: this frame and the arguments are what of this stack is live.
        let frameTop = fp - stack
        scanSlots = frameTop + max(Int(store.records[self.function].frameSlots), base + Int(store.records[function].paramSlots))
        if arguments == nil, let slots = host.slots {
            // In place: the arguments are read from the frame and the results written there.
            guard try slots(HostContext(store: store, callerInstance: callingInstance), fp + base) else { return false }
            return suspendAtHostCall(host, base: base)
        }
        let args = arguments ?? readValues(host.type.parameters, from: fp + base, heap: store.gcHeap)
        let outcome = try host.body(HostContext(store: store, callerInstance: callingInstance), args)
        switch outcome {
        case .values(let values):
            try store.writeHostResults(values, of: host.name, types: host.type.results, to: fp + base)
            return false
        case .suspend:
            return suspendAtHostCall(host, base: base)
        }
    }

    /// Marks this execution suspended in a call of `host` whose results go to slot `base`;
    /// answers true (suspended) for ``callHost(_:base:fp:arguments:)``.
    private func suspendAtHostCall(_ host: HostFunction, base: Int) -> Bool {
        suspended = true
        pendingBase = base
        pendingResults = host.type.results
        pendingName = host.name
        return true
    }

    /// The instance whose code is running here (a host function's caller), if any.
    private var callingInstance: Instance? {
        guard let ctx = store.records[function].context else { return nil }
        return store.instances[ctx.pointee.instanceIndex]
    }
}

extension Store {
    /// Gives a function its code if it has none yet. The first instance of the module to need
    /// it translates it with its own values and runs those words in place; they become the
    /// module's template, and every later instance (in any store, on any thread) runs a copy
    /// with its own values linked in instead of translating again.
    func compile(_ function: Int) throws(TrapCode) {
        let entity = functions[function]
        guard case .defined(let owner, let definedIndex) = entity.entry, owner.compiled[definedIndex] == nil else { return }
        let instance = instances[owner.instanceIndex]
        let shared = instance.module.shared
        let template: CodeTemplate
        let code: CompiledCode
        if let existing = shared.function(definedIndex) as? CodeTemplate {
            template = existing
            code = try linkedCode(existing, for: instance, function: function, inPlace: false)
        } else {
            let made = try translate(definedIndex, of: instance, owner: owner, function: function,
                                     linkValues: linkValues(for: instance))
            // Another instance may have stored its translation first: then this one uses that
            // one, like the others.
            template = shared.storeFunction(made, at: definedIndex) as? CodeTemplate ?? made
            code = try linkedCode(template, for: instance, function: function, inPlace: template === made)
        }
        if configuration.checksSharedCode { try checkSharedCode(code, definedIndex, instance, owner, function) }
        owner.compiled[definedIndex] = code
        records[function].code = code.code
        records[function].frameSlots = template.frameSlots
        records[function].localSlots = template.localSlots
    }

    /// `template`'s code for `instance`: its words themselves when `instance` made it
    /// (`inPlace`), else a linked copy.
    private func linkedCode(_ template: CodeTemplate, for instance: Instance, function: Int,
                            inPlace: Bool) throws(TrapCode) -> CompiledCode {
        do {
            if inPlace { return CompiledCode(sharing: template, handlers: try linkHandlers(template, for: instance)) }
            return try link(template, for: instance)
        } catch {
            throw TrapCode.hostTrap("cannot link \(functions[function].name): \(error.message)")
        }
    }

    /// Translates defined function `definedIndex` of `instance`'s module, with `linkValues` in
    /// the linked words (0 without).
    private func translate(_ definedIndex: Int, of instance: Instance, owner: DefinedFunctions, function: Int,
                           linkValues: LinkValues?) throws(TrapCode) -> CodeTemplate {
        // Looked up only for a message (a name costs a search of the name section).
        var name: String { functions[function].name }
        let module = instance.module.module
        let body: FunctionBody
        do {
            // Its locals are decoded here when the module was decoded with them deferred.
            body = try module.decodedBody(definedIndex)
        } catch {
            throw TrapCode.hostTrap("cannot translate \(name): \(error)")
        }
        let facts = instance.module.shared.facts { TranslationFacts(module: module) } as? TranslationFacts
            ?? TranslationFacts(module: module)
        // The store's buffers move into the translator (so they stay uniquely referenced) and
        // come back after the translation.
        var buffers = TranslatorBuffers()
        swap(&buffers, &translatorBuffers)
        var translator = Translator(
            module: module, facts: facts, type: owner.type(definedIndex), body: body, buffers: buffers,
            linkValues: linkValues)
        do {
            try translator.translate(body: body)
        } catch {
            translatorBuffers = translator.takeBuffers()
            throw TrapCode.hostTrap("cannot translate \(name): \(error)")
        }
        guard let frameSlots = Int32(exactly: translator.frameSlots),
              let localSlots = Int32(exactly: translator.localSlots) else {
            translatorBuffers = translator.takeBuffers()
            throw TrapCode.hostTrap("cannot translate \(name): its frame is too large")
        }
        let template = CodeTemplate(
            words: translator.words, links: translator.links.withUnsafeBufferPointer { Array($0) },
            handlers: translator.handlers, frameSlots: frameSlots, localSlots: localSlots)
        translatorBuffers = translator.takeBuffers()
        return template
    }

    /// `StoreConfiguration.checksSharedCode`: the function translated for no instance (0 in
    /// every linked word) and then linked for `instance` must be `code`, word for word. So no
    /// word of the code depends on the instance unless the translator recorded it as linked,
    /// and the recorded positions stay right through the translator's rewrites.
    private func checkSharedCode(_ code: CompiledCode, _ definedIndex: Int, _ instance: Instance,
                                 _ owner: DefinedFunctions, _ function: Int) throws(TrapCode) {
        let name = functions[function].name
        let unlinked = try translate(definedIndex, of: instance, owner: owner, function: function, linkValues: nil)
        let linked: CompiledCode
        do {
            linked = try link(unlinked, for: instance)
        } catch {
            throw TrapCode.hostTrap("shared code check of \(name): \(error.message)")
        }
        guard linked.count == code.count else {
            throw TrapCode.hostTrap("shared code check of \(name): \(linked.count) words linked, \(code.count) in use")
        }
        for k in 0..<code.count where code.code[k] != linked.code[k] {
            throw TrapCode.hostTrap("shared code check of \(name): word \(k) is \(linked.code[k]) linked, \(code.code[k]) in use")
        }
    }

    /// `types` as a host reads results of function `index` (`hostHeapType`: a concrete heap
    /// type resolved through the function's module to the abstract type of its kind).
    func hostFacingTypes(_ types: [ValueType], of index: Int) -> [ValueType] {
        guard types.contains(where: { if case .ref(let r) = $0, r.heapType.typeIndex != nil { return true } else { return false } })
        else { return types }
        return types.map { type in
            guard case .ref(let r) = type else { return type }
            let heap = hostHeapType(r.heapType, typeID: heapTypeID(type, ofFunction: index))
            return .ref(RefType(nullable: r.nullable, heapType: heap))
        }
    }

    /// Prepares an execution of `function` with the arguments.
    func makeExecution(_ function: FunctionAddress, _ arguments: [Value]) throws(TrapCode) -> Execution {
        let index = function.index
        guard index >= 0, index < functions.count else { throw TrapCode.hostTrap("unknown function address") }
        let type = functions[index].type
        guard arguments.count == type.parameters.count else {
            throw TrapCode.hostTrap("expected \(type.parameters.count) arguments, got \(arguments.count)")
        }
        for (a, t) in zip(arguments, type.parameters) where !accepts(a, t, heapTypeID: heapTypeID(t, ofFunction: index)) {
            throw TrapCode.hostTrap("argument type mismatch: expected \(t)")
        }
        // Translated already (its record has code) or a host function: nothing to compile.
        if records[index].code == nil && !records[index].isHost { try compile(index) }
        let record = records[index]
        let execution = Execution(store: self, function: index, resultTypes: hostFacingTypes(type.results, of: index),
                                  initialSlots: Int(record.frameSlots))
        // On the collector's list from here: the arguments written below may be references.
        link(execution)
        try execution.ensureStack(Int(record.frameSlots))
        writeValues(arguments, type.parameters, to: execution.stack)
        if record.isHost {
            execution.hostEntryArguments = arguments
        } else {
            execution.pc = record.code
        }
        return execution
    }
}
