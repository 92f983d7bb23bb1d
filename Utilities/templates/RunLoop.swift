import WasmBinary

// The run loop. Instruction layouts (w0 is the first word; "lo|hi" packs two 32-bit fields):
//   numeric:      w0 = op | dst, w1 = a | b (w2 = c for three operands, or the lane)
//   copy1/copy2:  w0 = op | dst, w1 = src            const1: w0 = op | dst, w1 = bits
//   copyPair:     w0 = op | dst1, w1 = src1 | dst2, w2 = src2 (in that order)
//   const2:       w0 = op | dst, w1 = lo, w2 = hi
//   constPair:    w0 = op | dst1, w1 = bits1, w2 = dst2, w3 = bits2 (two const1 merged; in order)
//   constCopy:    w0 = op | dst1, w1 = bits1, w2 = dst2 | src2 (a const1 and then a copy1)
//   copyConst:    w0 = op | dst1, w1 = src1, w2 = dst2, w3 = bits2 (a copy1 and then a const1)
//   jump:         w0 = op, w1 = relative target      brIf*/brOn*: w0 = op | slot, w1 = target
//   brTable:      w0 = op | index, w1 = n, then n targets (the last is the default)
//   select:       w0 = op | dst, w1 = a | b, w2 = condition
//   call:         w0 = op | base, w1 = function address
//   callIndirect: w0 = op | base, w1 = index | table, w2 = type id
//   callRef:      w0 = op | base, w1 = reference slot
//   callMoves, callIndirectMoves: call and callIndirect with their argument moves folded in:
//                 the words of call or callIndirect, then m = copies | constants << 32, then one word per copy (dst | src) and two per
//                 constant (dst, bits); the moves write the argument slots before the call
//                 (sources are below the base, so running them twice changes nothing);
//                 callMoves1/2/3, callIndirectMoves1/2: the same with exactly one, two (or
//                 three) copies and no constant; callMoves1Const/2Const: one or two copies and
//                 one constant (their handlers skip the count word)
//   global*:      w0 = op | slot, w1 = address of the global's slots
//   memory:       w0 = op | value, w1 = address | memory, w2 = offset, w3 = memory state
//                 pointer (w4: lane, or the value of a constant store)
//   memorySize:   w0 = op | dst, w1 = memory state pointer
//   otherMemory:  w0 = op, before a load or store of a memory other than memory 0 (one word)
// Relative targets count words from the start of the branching instruction, so a backward branch
// (a loop's back-edge, or `(loop (br 0))` branching to itself) has an offset <= 0: that is a check point, where the limits are checked.

extension Execution {
    /// Runs threaded code from the saved position. Returns true when the entry function
    /// returned, false when a host function suspended the execution.
    func execute() throws(TrapCode) -> Bool {
        guard var pc = self.pc else { throw TrapCode.hostTrap("nothing to execute") }
        var fp = stack + fpOffset
        // Only pc and fp live in registers (memory instructions carry their memory's state pointer); the rest of the loop's state is
        // behind one pointer, so the register allocator does not spill pc or fp.
        let st = loopState
        st.pointee.current = function
        st.pointee.records = store.records
        guard let entryContext = st.pointee.records[function].context else {
            throw TrapCode.hostTrap("not a WebAssembly function")
        }
        st.pointee.ctx = entryContext
        st.pointee.tables = entryContext.pointee.tables
        // Limits (interruption, the deadline, fuel) are checked at every backward branch and call,
        // so every loop and recursion is bounded: one load and branch on the store's stop
        // signal, the rest on a slow path (ExecutionLimits.swift).
        try beginSlice()
        defer { releaseSlice() }

        // Optimised builds run the threaded handlers (ThreadedDispatch.swift), which jump to
        // each other and return here only at an instruction they leave to the `switch` below:
        // a rare one, or one that must trap, call the host, compile its callee or grow a
        // stack. The switch runs that one instruction and the chain starts again after it.
        // Unoptimised builds do not turn the handlers' calls into jumps, so they run
        // everything through the switch (the store has no table then).
        let handlers = store.threadedHandlers
        // Set by `otherMemory`: the next instruction runs in the switch (the handlers' loads and
        // stores access memory 0 only).
        var switchNext = false
        while true {
            if let handlers, !switchNext {
                // Memory 0's base and size are loaded afresh at every start of the chain, so a
                // `memory.grow` or host call the switch ran is seen.
                let memoryBase = st.pointee.useMemory0()
                dispatchThreaded(pc, fp, st, handlers, memoryBase)
                guard let stopPC = st.pointee.pc, let stopFP = st.pointee.fp else {
                    throw TrapCode.hostTrap("threaded code stopped without a position")
                }
                pc = stopPC
                fp = stopFP
            }
            switchNext = false
            let w0 = pc.pointee
            // The translator only writes valid opcodes, and a ThreadedOp's in-memory tag is its
            // raw value (cases are numbered densely from 0), so the cast skips the checked init.
            let instruction = unsafeBitCast(UInt16(truncatingIfNeeded: w0), to: ThreadedOp.self)
            switch instruction {
            case .trapUnreachable:
                throw TrapCode.unreachable
            case .otherMemory:
                switchNext = true
                pc += 1
            case .copy1:
                fp[Int(truncatingIfNeeded: w0 >> 32)] = fp[Int(truncatingIfNeeded: pc[1])]
                pc += 2
            case .copyPair:
                let w1 = pc[1]
                fp[Int(truncatingIfNeeded: w0 >> 32)] = fp[Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w1))]
                fp[Int(truncatingIfNeeded: w1 >> 32)] = fp[Int(truncatingIfNeeded: pc[2])]
                pc += 3
            case .constPair:
                fp[Int(truncatingIfNeeded: w0 >> 32)] = pc[1]
                fp[Int(truncatingIfNeeded: pc[2])] = pc[3]
                pc += 4
            case .constCopy:
                fp[Int(truncatingIfNeeded: w0 >> 32)] = pc[1]
                let w2 = pc[2]
                fp[Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w2))] = fp[Int(truncatingIfNeeded: w2 >> 32)]
                pc += 3
            case .copyConst:
                fp[Int(truncatingIfNeeded: w0 >> 32)] = fp[Int(truncatingIfNeeded: pc[1])]
                fp[Int(truncatingIfNeeded: pc[2])] = pc[3]
                pc += 4
            case .copy2:
                fp.setV128(Int(truncatingIfNeeded: w0 >> 32), from: fp + Int(truncatingIfNeeded: pc[1]))
                pc += 2
            case .const1:
                fp[Int(truncatingIfNeeded: w0 >> 32)] = pc[1]
                pc += 2
            case .const2:
                fp.setV128(Int(truncatingIfNeeded: w0 >> 32), from: pc + 1)
                pc += 3
            case .jump:
                let offset = Int(Int64(bitPattern: pc[1]))
                if offset <= 0 {
                    if st.mustCheck { try checkPoint() }
                }
                pc += offset
            case .brIfNonZero:
                if UInt32(truncatingIfNeeded: fp[Int(truncatingIfNeeded: w0 >> 32)]) != 0 {
                    let offset = Int(Int64(bitPattern: pc[1]))
                    if offset <= 0 {
                        if st.mustCheck { try checkPoint() }
                    }
                    pc += offset
                } else {
                    pc += 2
                }
            case .brIfZero:
                if UInt32(truncatingIfNeeded: fp[Int(truncatingIfNeeded: w0 >> 32)]) == 0 {
                    let offset = Int(Int64(bitPattern: pc[1]))
                    // Every branch that can go back to a loop (this one for `br_if` of an
                    // `i32.eqz`, `br_on_null`, `br_on_non_null`, as `brIfNonZero` and `jump`) is
                    // a check point when it does: fuel, deadlines and interrupts stop the loop.
                    if offset <= 0 {
                        if st.mustCheck { try checkPoint() }
                    }
                    pc += offset
                } else {
                    pc += 2
                }
            case .brOnNull:
                if fp[Int(truncatingIfNeeded: w0 >> 32)] == 0 {
                    let offset = Int(Int64(bitPattern: pc[1]))
                    if offset <= 0 {
                        if st.mustCheck { try checkPoint() }
                    }
                    pc += offset
                } else {
                    pc += 2
                }
            case .brOnNonNull:
                if fp[Int(truncatingIfNeeded: w0 >> 32)] != 0 {
                    let offset = Int(Int64(bitPattern: pc[1]))
                    if offset <= 0 {
                        if st.mustCheck { try checkPoint() }
                    }
                    pc += offset
                } else {
                    pc += 2
                }
            case .brTable:
                let index = UInt64(UInt32(truncatingIfNeeded: fp[Int(truncatingIfNeeded: w0 >> 32)]))
                let n = pc[1]
                let k = index < n &- 1 ? index : n &- 1
                let offset = Int(Int64(bitPattern: pc[2 &+ Int(truncatingIfNeeded: k)]))
                if offset <= 0 {
                    if st.mustCheck { try checkPoint() }
                }
                pc += offset
            case .select1:
                let w1 = pc[1]
                let c = UInt32(truncatingIfNeeded: fp[Int(truncatingIfNeeded: pc[2])])
                let s = c != 0 ? Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w1)) : Int(truncatingIfNeeded: w1 >> 32)
                fp[Int(truncatingIfNeeded: w0 >> 32)] = fp[s]
                pc += 3
            case .select2:
                let w1 = pc[1]
                let c = UInt32(truncatingIfNeeded: fp[Int(truncatingIfNeeded: pc[2])])
                let s = c != 0 ? Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w1)) : Int(truncatingIfNeeded: w1 >> 32)
                fp.setV128(Int(truncatingIfNeeded: w0 >> 32), from: fp + s)
                pc += 3
            case .ret:
                if frameCount == 0 {
                    self.pc = nil
                    return true
                }
                frameCount -= 1
                let frame = frames[frameCount]
                pc = frame.returnPC
                fp = stack + frame.fpOffset
                st.pointee.current = frame.function
                st.pointee.enter(frame.context)
            case .call, .callIndirect, .callRef, .returnCall, .returnCallIndirect, .returnCallRef, .callMoves,
                 .callMoves1, .callMoves2, .callMoves3, .callMoves1Const, .callMoves2Const, .callIndirectMoves,
                 .callIndirectMoves1, .callIndirectMoves2:
                let base = Int(truncatingIfNeeded: w0 >> 32)
                var callee: Int
                var next: UnsafeMutablePointer<UInt64>
                switch instruction {
                case .call, .returnCall:
                    callee = Int(truncatingIfNeeded: pc[1])
                    next = pc + 2
                case .callMoves, .callMoves1, .callMoves2, .callMoves3, .callMoves1Const, .callMoves2Const:
                    callee = Int(truncatingIfNeeded: pc[1])
                    next = moveArguments(pc + 2, fp)
                case .callRef, .returnCallRef:
                    let ref = fp[Int(truncatingIfNeeded: pc[1])]
                    guard ref != 0 else { throw TrapCode.nullFunctionReference }
                    callee = Int(truncatingIfNeeded: ref &- 1)
                    next = pc + 2
                default:
                    let w1 = pc[1]
                    guard let tables = st.pointee.tables else { throw TrapCode.undefinedElement }
                    let table = tables[Int(truncatingIfNeeded: w1 >> 32)]
                    let index = fp[Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w1))]
                    guard index < table.pointee.count else { throw TrapCode.undefinedElement }
                    let ref = table.pointee.elements[Int(truncatingIfNeeded: index)]
                    guard ref != 0 else { throw TrapCode.uninitializedElement }
                    callee = Int(truncatingIfNeeded: ref &- 1)
                    let actualType = Int(st.pointee.records[callee].typeID), expectedType = Int(truncatingIfNeeded: pc[2])
                    // Under GC a function of a declared subtype of the expected type matches too
                    // (the threaded handler takes only equal ids and hands the rest to here).
                    guard actualType == expectedType || store.typeRegistry.isSubtype(actualType, expectedType) else {
                        throw TrapCode.indirectCallTypeMismatch
                    }
                    let moves = instruction == .callIndirectMoves || instruction == .callIndirectMoves1
                        || instruction == .callIndirectMoves2
                    next = moves ? moveArguments(pc + 3, fp) : pc + 3
                }
                if st.mustCheck { try checkPoint() }
                let isTail = instruction == .returnCall || instruction == .returnCallIndirect || instruction == .returnCallRef
                let current = st.pointee.current
                if st.pointee.records[callee].isHost {
                    self.function = current
                    if try callHost(callee, base: base, fp: fp) {
                        if isTail {
                            // Results go to this frame's slot 0; then return from it.
                            pendingBase = 0
                            self.pc = store.retStub
                        } else {
                            self.pc = next
                        }
                        fpOffset = fp - stack
                        self.function = current
                        return false
                    }
                    st.pointee.records = store.records
                    if isTail {
                        let n = slotCount(store.functions[callee].type.results)
                        if base != 0 { for i in 0..<n { fp[i] = fp[base &+ i] } }
                        pc = store.retStub
                    } else {
                        pc = next
                    }
                    continue
                }
                if st.pointee.records[callee].code == nil {
                    try store.compile(callee)
                    st.pointee.records = store.records
                }
                let record = st.pointee.records[callee]
                var newFP: UnsafeMutablePointer<UInt64>
                if isTail {
                    // Move the arguments to the bottom of this frame and replace it.
                    let n = Int(record.paramSlots)
                    if base != 0 { for i in 0..<n { fp[i] = fp[base &+ i] } }
                    newFP = fp
                } else {
                    try pushFrame(Frame(returnPC: next, fpOffset: fp - stack, function: current, context: st.pointee.ctx))
                    newFP = fp + base
                }
                let newOffset = newFP - stack
                if newOffset &+ Int(record.frameSlots) > stackCapacity {
                    try ensureStack(newOffset &+ Int(record.frameSlots))
                    newFP = stack + newOffset
                }
                fp = newFP
                if record.localSlots > record.paramSlots {
                    (fp + Int(record.paramSlots)).update(repeating: 0, count: Int(record.localSlots &- record.paramSlots))
                }
                st.pointee.current = callee
                st.pointee.enter(record.context)
                guard let code = record.code else { throw TrapCode.hostTrap("function not translated") }
                pc = code
            case .globalGet1:
                let g = UnsafeMutablePointer<UInt64>(bitPattern: UInt(truncatingIfNeeded: pc[1]))
                fp[Int(truncatingIfNeeded: w0 >> 32)] = g?.pointee ?? 0
                pc += 2
            case .globalGet2:
                if let g = UnsafeMutablePointer<UInt64>(bitPattern: UInt(truncatingIfNeeded: pc[1])) {
                    fp.setV128(Int(truncatingIfNeeded: w0 >> 32), from: g)
                }
                pc += 2
            case .globalSet1:
                if let g = UnsafeMutablePointer<UInt64>(bitPattern: UInt(truncatingIfNeeded: pc[1])) {
                    g.pointee = fp[Int(truncatingIfNeeded: w0 >> 32)]
                }
                pc += 2
            case .globalSet2:
                if let g = UnsafeMutablePointer<UInt64>(bitPattern: UInt(truncatingIfNeeded: pc[1])) {
                    fp.copyV128(Int(truncatingIfNeeded: w0 >> 32), to: g)
                }
                pc += 2
            case .memorySize:
                let mem = unsafeBitCast(pc[1], to: UnsafeMutablePointer<MemoryState>.self)
                fp[Int(truncatingIfNeeded: w0 >> 32)] = mem.pointee.pageCount
                pc += 2
            case .memoryGrow:
                let d = Int(truncatingIfNeeded: w0 >> 32)
                guard let ctx = st.pointee.ctx else { throw TrapCode.hostTrap("no instance context") }
                let instance = store.instances[ctx.pointee.instanceIndex]
                let box = store.memories[instance.memoryAddresses[Int(truncatingIfNeeded: pc[1])]]
                let delta = box.state.pointee.is64 ? fp[d] : UInt64(UInt32(truncatingIfNeeded: fp[d]))
                if let old = box.grow(by: delta) {
                    fp[d] = old
                } else {
                    fp[d] = box.state.pointee.is64 ? UInt64.max : UInt64(UInt32.max)
                }
                pc += 2
            case .memoryFill, .memoryCopy, .memoryInit, .dataDrop, .tableGet, .tableSet, .tableSize,
                 .tableGrow, .tableFill, .tableCopy, .tableInit, .elemDrop, .atomic, .releaseCaught:
                guard let ctx = st.pointee.ctx else { throw TrapCode.hostTrap("no instance context") }
                let instance = store.instances[ctx.pointee.instanceIndex]
                pc = try executeBulk(instruction, pc: pc, fp: fp, instance: instance)
            case .gc:
                // Most GC instructions need no instance: it is looked up only by those that do.
                guard let ctx = st.pointee.ctx else { throw TrapCode.hostTrap("no instance context") }
                pc = try executeGC(pc: pc, fp: fp, context: ctx)
            case .refIsNull:
                fp[Int(truncatingIfNeeded: w0 >> 32)] = fp[Int(truncatingIfNeeded: pc[1])] == 0 ? 1 : 0
                pc += 2
            case .refAsNonNull:
                guard fp[Int(truncatingIfNeeded: w0 >> 32)] != 0 else { throw TrapCode.nullReference }
                pc += 1
            case .throwTag, .throwRef:
                // A check point: a handler may be a branch back to a loop (`try_table` inside
                // it catching what the loop throws), which must not escape the limits.
                if st.mustCheck { try checkPoint() }
                var exception: Int
                if instruction == .throwTag {
                    let base = Int(truncatingIfNeeded: w0 >> 32)
                    let tag = Int(truncatingIfNeeded: pc[1])
                    exception = try throwTag(tag, payload: fp + base, fp: fp)
                } else {
                    let ref = fp[Int(truncatingIfNeeded: w0 >> 32)]
                    guard ref != 0 else { throw TrapCode.nullReference }
                    exception = Int(truncatingIfNeeded: ref &- 1)
                }
                let target = try unwind(
                    exception: exception, pc: pc, fp: fp, function: st.pointee.current,
                    mayFree: instruction == .throwTag)
                pc = target.pc
                fp = target.fp
                st.pointee.current = target.function
                st.pointee.enter(st.pointee.records[target.function].context)
        // @@GENERATED_CASES@@
            }
        }
    }
}
