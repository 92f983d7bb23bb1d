// The validator's fast loop: runs of common instructions typed by threaded handlers
// (`RunHandler`) with the stack pointers in machine registers, not in the `FunctionValidator`
// struct in memory; the per-byte rows the handler table is built from.

extension FunctionValidator {
    /// How many bytes from its start an instruction typed by `runFast` may read: the opcode and
    /// its immediates (at most `call_indirect`'s two 5-byte indices, or `i64.const`'s 9 bytes).
    static let fastReach = 12

    /// Types instructions from `start` while each is one of the common forms the fast loop
    /// knows, its operands are exactly the types it takes (no subtyping, no `⊥`) and it starts
    /// before `limit`. Returns the offset of the first instruction it leaves to the general paths
    /// (with the state exactly as before that instruction, so they check it and report its
    /// error), or the offset after the function's final `end` with `isFinished` set.
    ///
    /// The instructions are typed by threaded handlers (`RunHandler`, `RunHandlers.table`),
    /// with the stack pointers in registers and the rest in the validator's `RunState`. It
    /// throws nothing: what it cannot accept it leaves. The caller guarantees that
    /// `limit + fastReach <= ` the end of the readable bytes at `p` (the module's buffer), so
    /// immediates are read without bounds checks, and that `trackInit` is false (no local
    /// initialization to track). The limit may be the body's end: an instruction typed here
    /// may then run on past it (only in an invalid body), which `validateBody` sees from the
    /// offset returned and answers by checking the body again with the limit `fastReach` bytes
    /// before its end, where the general paths report that instruction's error. The control
    /// stack stays within its buffer: a block past its capacity is left to the general paths,
    /// which grow it. The operand stack has room for every push: `runFast` keeps at least
    /// `minimumRoom` slots free and ends each chain early enough (at most twice the free slots
    /// ahead, less one), since each handler pushes at most one operand more than it pops and
    /// such an instruction is at least two bytes long (an `end` that pushes its result in
    /// unreachable code, one byte, asks: `fits`).
    /// The largest height is found afterwards from the slots written (`ValType.unwritten`).
    ///
    /// Unoptimised builds do not turn a handler's call of the next one into a jump, so there
    /// each chain is started for a window of `debugWindow` bytes at a time (the native stack
    /// then holds at most that many handlers); optimised builds run one chain to `limit`, or
    /// to the end of the room's window.
    mutating func runFast(_ p: UnsafePointer<UInt8>, from start: Int, to limit: Int) -> Int {
        let st = tables.state
        if vals.capacity &- vals.count < Self.minimumRoom { vals.reserve(vals.count &+ 4 &* Self.minimumRoom) }
        let sv = vals.base
        let capacity = min(vals.capacity, ValidationLimits.maxOperandStackHeight)
        let room = sv + capacity
        st.pointee.stackBase = sv
        st.pointee.room = room
        st.pointee.locals = locals.base
        st.pointee.localCount = locals.count
        st.pointee.ctrls = ctrls.base
        st.pointee.ctrlCount = ctrls.count
        st.pointee.ctrlCapacity = ctrls.capacity
        st.pointee.maxDepth = maxDepth
        st.pointee.returnTypes = returnTypes
        st.pointee.bodyEnd = p + (limit &+ Self.fastReach)
        st.pointee.finished = false
        let table = tables.handlers
        let end = p + limit
        let window = _isDebugAssertConfiguration() ? Self.debugWindow : Int.max
        var q = p + start
        var top = sv + vals.count
        var floor = sv + height
        while true {
            // Every instruction whose handler pushes one operand more than it pops without
            // checking the room (`local.get`, constants, `global.get`, a call with one result)
            // is at least two bytes long, so those that start in the chain's window fit in the
            // room.
            guard room > top else { break }
            let reach = min(window, 2 &* slots(top, room) &- 1)
            let lim = end - q <= reach ? end : q + reach
            continueRun(q, top, floor, st, table, lim)
            q = st.pointee.stopPos
            top = st.pointee.stopTop
            floor = st.pointee.stopFloor
            // A chain stops before an instruction it leaves, after the final `end`, or at its limit.
            guard q >= lim, q < end, !st.pointee.finished else { break }
        }
        vals.setCount(slots(sv, top))
        height = slots(sv, floor)
        // The slots the handlers wrote above the largest height before the run are the new
        // largest height: the stack grows one slot at a time from the bottom, and no slot from
        // the largest height up was written since the function began (they hold
        // `ValType.unwritten`). The general paths raise `maxHeight` over every slot they push.
        var h = maxHeight
        while h < capacity && sv[h] != .unwritten { h &+= 1 }
        maxHeight = h
        ctrls.setCount(st.pointee.ctrlCount)
        maxDepth = st.pointee.maxDepth
        isFinished = st.pointee.finished
        polymorphic = ctrls.count > 0 && ctrls.top.unreachable
        return q - p
    }

    /// The bytes a chain of handlers covers at a time in unoptimised builds (see `runFast`).
    static let debugWindow = 32

    /// The free operand slots `runFast` makes sure of before it starts (growing the buffer):
    /// its chains cover twice as many bytes at most.
    static let minimumRoom = 512

    /// What `runFast` does with an instruction, by its first byte.
    enum RunOp: UInt8 {
        case other, unreachable, nop, block, `else`, end, br, brIf, `return`, call, callIndirect
        case brTable, tryTable, throwRef, prefixFC, prefixFD
        case drop, select, localGet, localSet, localTee, globalGet, globalSet
        case i32Const, i64Const, f32Const, f64Const
        /// Numeric instructions: `a` the operand, `r` the result.
        case unary
        /// Numeric instructions: `a` the first (lower) operand, `b` the second, `r` the result.
        case binary
        /// Loads (of memory 0): `b` the largest alignment, `r` the result.
        case load
        /// Stores (to memory 0): `a` the value, `b` the largest alignment.
        case store
    }

    /// A row of `OpcodeTables.fastRunTable`: the class of an instruction's first byte and, for
    /// numeric and memory instructions, their operand facts (`ValType` raw values).
    struct RunEntry {
        var op: RunOp
        var a: UInt8 = 0
        var b: UInt8 = 0
        var r: UInt8 = 0
    }
}

extension OpcodeTables {
    /// `fastRunEntries` in a buffer that lives as long as the process.
    nonisolated(unsafe) static let fastRunTable = permanent(fastRunEntries)

    /// The `runFast` row of each first byte of an instruction. The numeric and memory rows
    /// come from the signature table, which is generated with the decoder's opcode table.
    static let fastRunEntries: [FunctionValidator.RunEntry] = (0..<256).map { b in
        typealias E = FunctionValidator.RunEntry
        let opRaw = Int(fastPath[b] & 0xFFFF)
        let sig = fastPath[b] == 0 ? 0 : signatures[opRaw]
        let p0 = UInt8((sig >> 4) & 0xF), p1 = UInt8((sig >> 8) & 0xF), result = UInt8((sig >> 16) & 0xF)
        let address = OperandType.address.rawValue
        let align = UInt8(aux[opRaw] & 0xFF)
        switch b {
        case 0x00: return E(op: .unreachable)
        case 0x01: return E(op: .nop)
        case 0x02, 0x03, 0x04: return E(op: .block)
        case 0x05: return E(op: .else)
        case 0x0B: return E(op: .end)
        case 0x0C: return E(op: .br)
        case 0x0D: return E(op: .brIf)
        case 0x0E: return E(op: .brTable)
        case 0x1F: return E(op: .tryTable)
        case 0x0A: return E(op: .throwRef)
        case 0xFC: return E(op: .prefixFC)
        case 0xFD: return E(op: .prefixFD)
        case 0x0F: return E(op: .return)
        case 0x10: return E(op: .call)
        case 0x11: return E(op: .callIndirect)
        case 0x1A: return E(op: .drop)
        case 0x1B: return E(op: .select)
        case 0x20: return E(op: .localGet)
        case 0x21: return E(op: .localSet)
        case 0x22: return E(op: .localTee)
        case 0x23: return E(op: .globalGet)
        case 0x24: return E(op: .globalSet)
        case 0x41: return E(op: .i32Const)
        case 0x42: return E(op: .i64Const)
        case 0x43: return E(op: .f32Const)
        case 0x44: return E(op: .f64Const)
        case 0x28...0x35 where sig & 3 == 1 && p0 == address && result != 0:  // [address] -> [t]
            return E(op: .load, b: align, r: result)
        case 0x36...0x3E where sig & 3 == 2 && p0 == address && result == 0:  // [address, t] -> []
            return E(op: .store, a: p1, b: align)
        case 0x45...0xC4 where (sig >> 20) & 0xF == 0 && result != 0 && p0 != address && p1 != address:
            // Numeric instructions: one result, one or two operands, no immediate.
            return sig & 3 == 2 ? E(op: .binary, a: p0, b: p1, r: result)
                : sig & 3 == 1 ? E(op: .unary, a: p0, r: result) : E(op: .other)
        default: return E(op: .other)
        }
    }
}
