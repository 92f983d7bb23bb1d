import WasmBinary

extension Translator {
    /// The threads proposal's instructions. `atomic.fence` emits nothing (one thread runs a
    /// store's code at a time, so there is nothing to order). The others become one `atomic`
    /// instruction, run outside the main loop (`Execution.executeAtomic`):
    /// w0 = op | dst (the result's slot; 0 for a store), w1 = the `Opcode` | memory index << 32,
    /// w2 = the static offset, w3 = the address slot | the first value's slot << 32, w4 = the
    /// second value's slot (cmpxchg's replacement, a wait's timeout). Unused slots are 0.
    mutating func translateAtomic(_ ins: Instruction) throws(TranslationError) {
        guard let access = AtomicAccess(ins.opcode) else { return }
        var s1 = 0, s2 = 0
        if access.operands == 3 { s2 = try pop() }
        if access.operands >= 2 { s1 = try pop() }
        let s0 = try pop()
        let dst = access.hasResult ? push(1) : 0
        emit(op(.atomic, dst))
        emit(UInt64(ins.opcode.wordTag) | UInt64(ins.memarg.memory) << 32)
        emit(ins.memarg.offset)
        emit(pair(s0, s1))
        emit(UInt64(s2))
        // The result is not a value a `local.set` or a fused form could take over.
        lastProducer = nil
        lastFusable = nil
    }
}
