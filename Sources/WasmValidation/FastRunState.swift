// The validator's fast loop as threaded handlers: the handler signature, the state the
// handlers share in memory, and the dispatch from one handler to the next.

/// The byte position of an instruction in a body.
typealias RunPos = UnsafePointer<UInt8>
/// A position in the operand type stack.
typealias RunSlot = UnsafeMutablePointer<ValType>
/// The `RunState` of one validator.
typealias RunStatePointer = UnsafeMutablePointer<RunState>

/// One threaded handler of the validator's fast loop: types the instruction at `p` and calls
/// the next instruction's handler. Arguments (all in machine registers): the instruction's first
/// byte, one past the top of the operand type stack, the current frame's height (as a slot), the
/// `RunState`, the handler table (256 entries, indexed by the first byte) and the limit (the
/// chain ends at the first instruction that starts at or after it).
///
/// Handlers are thin Swift functions with one signature that end in a call to the next
/// handler; optimised builds turn that call into a jump, so each handler has its own indirect
/// jump (its own prediction history) and a chain runs in one native stack frame. A handler that
/// does not accept its instruction exactly stores `p`, `top` and `floor` as they were before it
/// (`stopRun`) and returns.
typealias RunHandler = @convention(thin) (RunPos, RunSlot, RunSlot, RunStatePointer, UnsafeRawPointer, RunPos) -> Void

/// What the handlers read and write in memory: the facts of the module (copied from
/// `FastTables` once per validator), those of the function and the run, and where the chain
/// stopped. One per `FunctionValidator` (in its `FastTables`), used by one thread at a time.
struct RunState {
    // Where the chain stopped (written by `stopRun`).
    var stopPos: RunPos
    var stopTop: RunSlot
    var stopFloor: RunSlot
    /// Set when the function's final `end` was typed.
    var finished = false

    // The function and the run (set by `runFast` on entry).
    /// The operand type stack's first slot and its top's limit within the run (the buffer's
    /// capacity or the implementation limit).
    var stackBase: RunSlot
    var room: RunSlot
    var locals: RunSlot
    var localCount = 0
    var ctrls: UnsafeMutablePointer<ControlFrame>
    var ctrlCount = 0
    var ctrlCapacity = 0
    var maxDepth = 0
    var returnTypes = TypeList.empty
    /// The end of the bytes that may be read (`limit + fastReach`: the body's end, or beyond
    /// it within the module's buffer): immediates that lie before it may be read (`br_table`
    /// targets, `try_table` clauses).
    var bodyEnd: RunPos

    /// The module's facts (owned by the validator's `FastTables`).
    let module: ModuleFacts

    /// The state of a validator with module facts `facts`; the fields of the function and the
    /// run point at `facts.arena` until `runFast` sets them (never read before).
    init(_ facts: ModuleFacts) {
        let placeholder = UnsafeMutableRawPointer(facts.arena)
        stopPos = UnsafePointer(placeholder.assumingMemoryBound(to: UInt8.self))
        stopTop = facts.arena
        stopFloor = facts.arena
        stackBase = facts.arena
        room = facts.arena
        locals = facts.arena
        ctrls = placeholder.assumingMemoryBound(to: ControlFrame.self)
        bodyEnd = stopPos
        module = facts
    }

    /// The frame `depth` levels below the top of the control stack (`depth < ctrlCount`). A
    /// pointer: a thin closure that receives a `ControlFrame` by value crashes the compiler's
    /// `LoadableByAddress` pass (Swift 6.3.1, unoptimised builds).
    @inline(__always)
    func frame(_ depth: Int) -> UnsafeMutablePointer<ControlFrame> { ctrls + (ctrlCount &- 1 &- depth) }
}

/// Continues the chain at `q`: calls (in optimised builds, jumps to) the handler of the
/// instruction there, or stops when `q` is at or past the limit.
@inline(__always)
func continueRun(_ q: RunPos, _ top: RunSlot, _ floor: RunSlot, _ st: RunStatePointer,
                 _ tbl: UnsafeRawPointer, _ lim: RunPos) {
    guard q < lim else { return stopRun(q, top, floor, st) }
    let handler = tbl.load(fromByteOffset: Int(q.pointee) &<< 3, as: RunHandler.self)
    handler(q, top, floor, st, tbl, lim)
}

/// Ends the chain before the instruction at `p`, with the stack as given.
@inline(__always)
func stopRun(_ p: RunPos, _ top: RunSlot, _ floor: RunSlot, _ st: RunStatePointer) {
    st.pointee.stopPos = p
    st.pointee.stopTop = top
    st.pointee.stopFloor = floor
}

/// The number of slots from `low` up to `high` (`high - low` without the signed division that
/// pointer subtraction compiles to; callers ensure `low <= high`).
@inline(__always)
func slots(_ low: RunSlot, _ high: RunSlot) -> Int {
    (Int(bitPattern: high) &- Int(bitPattern: low)) &>> 3
}
