/// One threaded handler: runs the instruction at `pc` and jumps to the next instruction's
/// handler. Arguments: pc, fp (the frame's first slot), the `LoopState`, the handler table and
/// the base of the current instance's memory 0 (its size is `LoopState.memorySize`), so loads
/// and stores find their memory without loading anything. The dispatch reads only the next
/// instruction's 16-bit opcode; a handler reads the high half of its first word itself
/// (`pc.high32(0)`), which keeps the dispatch at three machine instructions.
///
/// Handlers are thin Swift functions (no context, so no thunk and no reference counting) with
/// the same signature that end in a call to the next handler; optimised builds turn that call
/// into a jump, so a chain of handlers runs in one native stack frame. The chain ends when a
/// handler hands its instruction back to the run loop's `switch` (`handBack`): the loop runs
/// it, then starts the chain again.
typealias ThreadedHandler = @convention(thin) (
    UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<LoopState>, UnsafeRawPointer,
    UnsafeMutableRawPointer
) -> Void

/// The handler table, indexed by `ThreadedOp` raw value.
enum ThreadedHandlers {
    /// Every threaded opcode has an entry; the ones without a handler of their own hand their
    /// instruction back to the switch.
    nonisolated(unsafe) static let table: UnsafeRawPointer = makeTable()

    private static func makeTable() -> UnsafeRawPointer {
        let count = ThreadedOp.allCases.count
        let t = UnsafeMutablePointer<ThreadedHandler>.allocate(capacity: count)
        let toSwitch: ThreadedHandler = { pc, fp, st, _, _ in handBack(pc, fp, st) }
        t.initialize(repeating: toSwitch, count: count)
        installGenerated(t)
        installCalls(t)
        installBulk(t)
        return UnsafeRawPointer(t)
    }

    /// `call`, `call_indirect` and `ret` between WebAssembly functions. Anything unusual (a
    /// host callee, a callee not yet translated, a full frame or value stack, a limit to check, a
    /// trapping `call_indirect`, returning from the entry function) goes to the switch, which
    /// does the whole job.
    private static func installCalls(_ t: UnsafeMutablePointer<ThreadedHandler>) {
        t[Int(ThreadedOp.call.rawValue)] = { pc, fp, st, tbl, mb in
            enterCallee(Int(truncatingIfNeeded: pc[1]), from: pc, returnPC: pc + 2, fp, st, tbl, mb)
        }
        t[Int(ThreadedOp.callIndirect.rawValue)] = { pc, fp, st, tbl, mb in
            guard let callee = indirectCallee(pc, fp, st) else { return handBack(pc, fp, st) }
            enterCallee(callee, from: pc, returnPC: pc + 3, fp, st, tbl, mb)
        }
        t[Int(ThreadedOp.callMoves.rawValue)] = { pc, fp, st, tbl, mb in
            let returnPC = moveArguments(pc + 2, fp)
            enterCallee(Int(truncatingIfNeeded: pc[1]), from: pc, returnPC: returnPC, fp, st, tbl, mb)
        }
        // One or two copies and no constant: the moves without the count word and the loops.
        t[Int(ThreadedOp.callMoves1.rawValue)] = { pc, fp, st, tbl, mb in
            fp[pc.low32(3)] = fp[pc.high32(3)]
            enterCallee(Int(truncatingIfNeeded: pc[1]), from: pc, returnPC: pc + 4, fp, st, tbl, mb)
        }
        t[Int(ThreadedOp.callMoves2.rawValue)] = { pc, fp, st, tbl, mb in
            fp[pc.low32(3)] = fp[pc.high32(3)]
            fp[pc.low32(4)] = fp[pc.high32(4)]
            enterCallee(Int(truncatingIfNeeded: pc[1]), from: pc, returnPC: pc + 5, fp, st, tbl, mb)
        }
        // Three copies, or one or two copies and one constant (dst, then its bits).
        t[Int(ThreadedOp.callMoves3.rawValue)] = { pc, fp, st, tbl, mb in
            fp[pc.low32(3)] = fp[pc.high32(3)]
            fp[pc.low32(4)] = fp[pc.high32(4)]
            fp[pc.low32(5)] = fp[pc.high32(5)]
            enterCallee(Int(truncatingIfNeeded: pc[1]), from: pc, returnPC: pc + 6, fp, st, tbl, mb)
        }
        t[Int(ThreadedOp.callMoves1Const.rawValue)] = { pc, fp, st, tbl, mb in
            fp[pc.low32(3)] = fp[pc.high32(3)]
            fp[pc.low32(4)] = pc[5]
            enterCallee(Int(truncatingIfNeeded: pc[1]), from: pc, returnPC: pc + 6, fp, st, tbl, mb)
        }
        t[Int(ThreadedOp.callMoves2Const.rawValue)] = { pc, fp, st, tbl, mb in
            fp[pc.low32(3)] = fp[pc.high32(3)]
            fp[pc.low32(4)] = fp[pc.high32(4)]
            fp[pc.low32(5)] = pc[6]
            enterCallee(Int(truncatingIfNeeded: pc[1]), from: pc, returnPC: pc + 7, fp, st, tbl, mb)
        }
        t[Int(ThreadedOp.callIndirectMoves1.rawValue)] = { pc, fp, st, tbl, mb in
            fp[pc.low32(4)] = fp[pc.high32(4)]
            guard let callee = indirectCallee(pc, fp, st) else { return handBack(pc, fp, st) }
            enterCallee(callee, from: pc, returnPC: pc + 5, fp, st, tbl, mb)
        }
        t[Int(ThreadedOp.callIndirectMoves2.rawValue)] = { pc, fp, st, tbl, mb in
            fp[pc.low32(4)] = fp[pc.high32(4)]
            fp[pc.low32(5)] = fp[pc.high32(5)]
            guard let callee = indirectCallee(pc, fp, st) else { return handBack(pc, fp, st) }
            enterCallee(callee, from: pc, returnPC: pc + 6, fp, st, tbl, mb)
        }
        t[Int(ThreadedOp.callIndirectMoves.rawValue)] = { pc, fp, st, tbl, mb in
            let returnPC = moveArguments(pc + 3, fp)
            guard let callee = indirectCallee(pc, fp, st) else { return handBack(pc, fp, st) }
            enterCallee(callee, from: pc, returnPC: returnPC, fp, st, tbl, mb)
        }
        t[Int(ThreadedOp.ret.rawValue)] = { pc, fp, st, tbl, mb in
            let n = st.pointee.frameCount
            guard n > 0 else { return handBack(pc, fp, st) }
            let frame = st.pointee.frames[n &- 1]
            st.pointee.frameCount = n &- 1
            st.pointee.current = frame.function
            let base = st.pointee.enter(frame.context, memoryBase: mb)
            dispatchThreaded(frame.returnPC, st.pointee.stack + frame.fpOffset, st, tbl, base)
        }
    }
}

/// The function a `call_indirect` (or `callIndirectMoves`) at `pc` calls: its table element,
/// when the index is in bounds, the element not null and its type the expected one; nil when
/// the call would trap (the switch then runs it and throws).
@inline(__always)
private func indirectCallee(
    _ pc: UnsafeMutablePointer<UInt64>, _ fp: UnsafeMutablePointer<UInt64>, _ st: UnsafeMutablePointer<LoopState>
) -> Int? {
    let w1 = pc[1]
    guard let tables = st.pointee.tables else { return nil }
    let table = tables[Int(truncatingIfNeeded: w1 >> 32)]
    let index = fp[Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w1))]
    guard index < table.pointee.count else { return nil }
    let ref = table.pointee.elements[Int(truncatingIfNeeded: index)]
    let callee = Int(truncatingIfNeeded: ref &- 1)
    guard ref != 0, Int(st.pointee.records[callee].typeID) == Int(truncatingIfNeeded: pc[2]) else { return nil }
    return callee
}

/// Pushes the caller's frame and jumps to the first instruction of `callee`, whose frame starts
/// at the call's base slot (the high half of the call's first word); hands the call instruction at `pc` back to the
/// switch when the callee is a host function or not translated yet, when a limit must be checked or when
/// a stack is full.
@inline(__always)
private func enterCallee(
    _ callee: Int, from pc: UnsafeMutablePointer<UInt64>, returnPC: UnsafeMutablePointer<UInt64>,
    _ fp: UnsafeMutablePointer<UInt64>, _ st: UnsafeMutablePointer<LoopState>, _ tbl: UnsafeRawPointer,
    _ mb: UnsafeMutableRawPointer
) {
    let record = st.pointee.records[callee]
    let newFP = fp + pc.high32(0)
    // The limit check comes last: it may spend a unit of fuel, which the switch must not spend
    // again when it takes the call over for another reason.
    // A host function has no instance context; a function not translated yet has no code.
    guard let code = record.code, let context = record.context,
          st.pointee.frameCount < st.pointee.frameCapacity,
          newFP + Int(record.frameSlots) + 3 <= st.pointee.stackEnd,
          !st.mustCheck || st.spendFuel()
    else { return handBack(pc, fp, st) }
    (st.pointee.frames + st.pointee.frameCount).initialize(
        to: Frame(returnPC: returnPC, fpOffset: slotDistance(st.pointee.stack, fp), function: st.pointee.current,
                  context: st.pointee.ctx))
    st.pointee.frameCount &+= 1
    st.pointee.current = callee
    let base = st.pointee.enter(context, memoryBase: mb)
    // The declared locals start at zero. Each step clears four slots and advances three: the
    // overlap keeps LLVM from turning the loop into a call to memset, which cost more than the
    // loop for the few locals most functions declare. It may write up to three slots past the
    // locals, into the operand stack, which is always written before it is read (the stack
    // check above leaves room for them). The current function and context are set first, so
    // fewer values stay live across the loop.
    var zero = newFP + Int(record.paramSlots)
    let localsEnd = newFP + Int(record.localSlots)
    while zero < localsEnd {
        zero[0] = 0
        zero[1] = 0
        zero[2] = 0
        zero[3] = 0
        zero += 3
    }
    dispatchThreaded(code, newFP, st, tbl, base)
}

/// Runs the argument moves of a `callMoves` or `callIndirectMoves` whose move count word is at
/// `counts` (copies in the low half, constants in the high half; then one word per copy, dst |
/// src, and two per constant, dst and bits) and returns the address after them, where the
/// caller resumes. Every source lies below the call's base and every destination at or above
/// it, so running the moves again (after a hand-back to the switch) changes nothing.
@inline(__always)
func moveArguments(_ counts: UnsafeMutablePointer<UInt64>, _ fp: UnsafeMutablePointer<UInt64>) -> UnsafeMutablePointer<UInt64> {
    let m = counts.pointee
    var p = counts + 1
    let copiesEnd = p + Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: m))
    while p < copiesEnd {
        fp[p.low32(0)] = fp[p.high32(0)]
        p += 1
    }
    let constantsEnd = p + (Int(truncatingIfNeeded: m >> 32) &<< 1)
    while p < constantsEnd {
        fp[p.low32(0)] = p[1]
        p += 2
    }
    return p
}

/// The slots from `base` up to `p` (`p - base` without the signed division by 8 that pointer
/// subtraction compiles to; `p` is never below `base`).
@inline(__always)
private func slotDistance(_ base: UnsafeMutablePointer<UInt64>, _ p: UnsafeMutablePointer<UInt64>) -> Int {
    (Int(bitPattern: p) &- Int(bitPattern: base)) &>> 3
}

/// Jumps to the handler of the instruction at `pc` (a call in tail position).
@inline(__always)
func dispatchThreaded(
    _ pc: UnsafeMutablePointer<UInt64>, _ fp: UnsafeMutablePointer<UInt64>,
    _ st: UnsafeMutablePointer<LoopState>, _ tbl: UnsafeRawPointer, _ mb: UnsafeMutableRawPointer
) {
    #if _endian(little)
    let opcodeOffset = 0
    #else
    let opcodeOffset = 6
    #endif
    let opcode = UnsafeRawPointer(pc).load(fromByteOffset: opcodeOffset, as: UInt16.self)
    let handler = tbl.load(fromByteOffset: Int(truncatingIfNeeded: opcode) &<< 3, as: ThreadedHandler.self)
    handler(pc, fp, st, tbl, mb)
}

/// Ends the handler chain at the instruction at `pc`: the run loop's switch runs it next.
@inline(__always)
func handBack(_ pc: UnsafeMutablePointer<UInt64>, _ fp: UnsafeMutablePointer<UInt64>, _ st: UnsafeMutablePointer<LoopState>) {
    st.pointee.pc = pc
    st.pointee.fp = fp
}

extension UnsafeMutablePointer where Pointee == UInt64 {
    /// The low 32 bits of word `i` (a slot number or an immediate), read on their own.
    @inline(__always)
    func low32(_ i: Int) -> Int {
        #if _endian(little)
        let byteOffset = 0
        #else
        let byteOffset = 4
        #endif
        return Int(truncatingIfNeeded: UnsafeRawPointer(self + i).load(fromByteOffset: byteOffset, as: UInt32.self))
    }

    /// The high 32 bits of word `i`, read on their own.
    @inline(__always)
    func high32(_ i: Int) -> Int {
        #if _endian(little)
        let byteOffset = 4
        #else
        let byteOffset = 0
        #endif
        return Int(truncatingIfNeeded: UnsafeRawPointer(self + i).load(fromByteOffset: byteOffset, as: UInt32.self))
    }
}
