import WasmBinary

/// One finished execution per store is kept for the next call: a call through `invoke` or a
/// `start` that does not suspend then allocates no execution, value stack or frame stack (a
/// component call makes several such calls: `cabi_realloc` for each string or list lowered into
/// the guest, `post-return`).
extension Store {
    /// Executions whose value stack grew beyond this many slots are not kept.
    static let maxSpareStackSlots = 1 << 13

    /// The spare execution made ready for a call of `function`, if there is one.
    func takeSpareExecution(function: Int, resultTypes: [ValueType]) -> Execution? {
        guard let spare = spareExecution else { return nil }
        spareExecution = nil
        spare.reset(function: function, resultTypes: resultTypes)
        return spare
    }

    /// Keeps `execution` for the next call when it is done (returned or trapped) and small.
    func recycle(_ execution: Execution) {
        guard !execution.suspended, execution.stackCapacity <= Self.maxSpareStackSlots else { return }
        spareExecution = execution
    }
}

extension Execution {
    /// Forgets the previous call: no frames, nothing pending, about to run `function`.
    func reset(function: Int, resultTypes: [ValueType]) {
        self.function = function
        self.resultTypes = resultTypes
        pc = nil
        fpOffset = 0
        pendingBase = 0
        pendingResults = []
        finished = false
        suspended = false
        hostEntryArguments = nil
        frameCount = 0
        loopState.pointee.current = function
        loopState.pointee.fuel = 0
        loopState.pointee.pc = nil
        loopState.pointee.fp = nil
    }
}
