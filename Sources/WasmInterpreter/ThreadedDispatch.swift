/// One threaded handler: runs the instruction at `pc` and jumps to the next instruction's
/// handler. Arguments: pc, fp (the frame's first slot), the `LoopState`, the handler table and
/// the instruction's first word (already loaded by the dispatch).
///
/// Handlers are thin Swift functions (no context, so no thunk and no reference counting) with
/// the same signature that end in a call to the next handler; optimised builds turn that call
/// into a jump, so a chain of handlers runs in one native stack frame. The chain ends when a
/// handler hands its instruction back to the run loop's `switch` (`handBack`): the loop runs
/// it, then starts the chain again.
typealias ThreadedHandler = @convention(thin) (
    UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<LoopState>, UnsafeRawPointer, UInt64
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
        return UnsafeRawPointer(t)
    }

    /// `call` and `ret` between WebAssembly functions. Anything unusual (a host callee, a
    /// callee not yet translated, a full frame or value stack, a limit to check, returning from the
    /// entry function) goes to the switch, which does the whole job.
    private static func installCalls(_ t: UnsafeMutablePointer<ThreadedHandler>) {
        t[Int(ThreadedOp.call.rawValue)] = { pc, fp, st, tbl, w0 in
            let callee = Int(truncatingIfNeeded: pc[1])
            let record = st.pointee.records[callee]
            let newFP = fp + Int(truncatingIfNeeded: w0 >> 32)
            // The limit check comes last: it may spend a unit of fuel, which the switch must not
            // spend again when it takes the call over for another reason.
            guard !record.isHost, let code = record.code,
                  st.pointee.frameCount < st.pointee.frameCapacity,
                  (newFP - st.pointee.stack) &+ record.frameSlots <= st.pointee.stackCapacity,
                  !st.mustCheck || st.spendFuel()
            else { return handBack(pc, fp, st) }
            (st.pointee.frames + st.pointee.frameCount).initialize(
                to: Frame(returnPC: pc + 2, fpOffset: fp - st.pointee.stack, function: st.pointee.current))
            st.pointee.frameCount &+= 1
            if record.localSlots > record.paramSlots {
                (newFP + record.paramSlots).update(repeating: 0, count: record.localSlots &- record.paramSlots)
            }
            st.pointee.current = callee
            st.pointee.enter(record.context)
            dispatchThreaded(code, newFP, st, tbl)
        }
        t[Int(ThreadedOp.ret.rawValue)] = { pc, fp, st, tbl, _ in
            let n = st.pointee.frameCount
            guard n > 0 else { return handBack(pc, fp, st) }
            let frame = st.pointee.frames[n &- 1]
            st.pointee.frameCount = n &- 1
            st.pointee.current = frame.function
            st.pointee.enter(st.pointee.records[frame.function].context)
            dispatchThreaded(frame.returnPC, st.pointee.stack + frame.fpOffset, st, tbl)
        }
    }
}

/// Jumps to the handler of the instruction at `pc` (a call in tail position).
@inline(__always)
func dispatchThreaded(
    _ pc: UnsafeMutablePointer<UInt64>, _ fp: UnsafeMutablePointer<UInt64>,
    _ st: UnsafeMutablePointer<LoopState>, _ tbl: UnsafeRawPointer
) {
    let w0 = pc.pointee
    let handler = tbl.load(
        fromByteOffset: Int(truncatingIfNeeded: UInt16(truncatingIfNeeded: w0)) &<< 3, as: ThreadedHandler.self)
    handler(pc, fp, st, tbl, w0)
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
