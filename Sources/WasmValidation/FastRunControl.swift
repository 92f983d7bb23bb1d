// The threaded handlers of the fast loop for control instructions and calls (see
// `FastRunHandlers.swift`). A handler that would grow the control stack stops instead: the
// general paths grow it (handlers never allocate).

/// The handlers' helpers, named with their type (a closure that named them through an
/// implicit `Self` would capture it and could not be a thin function).
fileprivate typealias R = RunHandlers

extension RunHandlers {
    static func installControl(_ t: UnsafeMutablePointer<RunHandler>) {
        // block, loop and if with a one-byte block type (no parameters).
        t[0x02] = { R.enterBlock(.block, $0, $1, $2, $3, $4, $5) }
        t[0x03] = { R.enterBlock(.loop, $0, $1, $2, $3, $4, $5) }
        t[0x04] = { R.enterBlock(.ifThen, $0, $1, $2, $3, $4, $5) }
        t[0x05] = { p, top, floor, st, tbl, lim in
            // The results exactly in place (at most one); otherwise `elseUnreachable`.
            let f = st.pointee.frame(0)
            let k = Int(f.pointee.results.count)
            guard k <= 1, slots(floor, top) == k, f.pointee.kind == .ifThen, f.pointee.params.count == 0,
                  k == 0 || top[-1] == st.pointee.module.arena[Int(f.pointee.results.base)]
            else { return R.elseUnreachable(p, top, floor, st, tbl, lim) }
            R.openElse(p, floor, st, tbl, lim)
        }
        t[0x0B] = { p, top, floor, st, tbl, lim in
            // The results exactly in place (at most one), no `if` without `else` that would
            // need its empty else branch checked; otherwise `endUnreachable`.
            let f = st.pointee.frame(0)
            let k = Int(f.pointee.results.count)
            guard k <= 1, slots(floor, top) == k, f.pointee.kind != .ifThen || f.pointee.params.count == 0 && k == 0,
                  k == 0 || top[-1] == st.pointee.module.arena[Int(f.pointee.results.base)]
            else { return R.endUnreachable(p, top, floor, st, tbl, lim) }
            R.closeFrame(p, top, st, tbl, lim)
        }
        t[0x0C] = { p, top, floor, st, tbl, lim in
            guard let (d, q) = R.index(p + 1), d < st.pointee.ctrlCount,
                  R.takes(st.pointee.frame(d).pointee.labelTypes, top, floor, st) else { return stopRun(p, top, floor, st) }
            R.markUnreachable(st)
            continueRun(q, floor, floor, st, tbl, lim)
        }
        t[0x0D] = { p, top, floor, st, tbl, lim in
            guard top > floor, top[-1] == .i32, let (d, q) = R.index(p + 1), d < st.pointee.ctrlCount,
                  R.takes(st.pointee.frame(d).pointee.labelTypes, top - 1, floor, st) else { return stopRun(p, top, floor, st) }
            continueRun(q, top - 1, floor, st, tbl, lim)
        }
        t[0x0E] = { R.brTable($0, $1, $2, $3, $4, $5) }
        t[0x0F] = { p, top, floor, st, tbl, lim in
            let r = st.pointee.returnTypes
            let k = Int(r.count)
            guard slots(floor, top) >= k, R.equal(top - k, st.pointee.module.arena + Int(r.base), k)
            else { return stopRun(p, top, floor, st) }
            R.markUnreachable(st)
            continueRun(p + 1, floor, floor, st, tbl, lim)
        }
        t[0x00] = { p, _, floor, st, tbl, lim in
            R.markUnreachable(st)
            continueRun(p + 1, floor, floor, st, tbl, lim)
        }
        t[0x0A] = { p, top, floor, st, tbl, lim in
            guard top > floor, top[-1] == .exnref else { return stopRun(p, top, floor, st) }
            R.markUnreachable(st)
            continueRun(p + 1, floor, floor, st, tbl, lim)
        }
        t[0x10] = { p, top, floor, st, tbl, lim in
            guard let (x, q) = R.u32(p + 1), Int(x) < st.pointee.module.functionCount else { return stopRun(p, top, floor, st) }
            R.call(st.pointee.module.functions[Int(x)], q, p, top, top, floor, st, tbl, lim)
        }
        t[0x11] = { p, top, floor, st, tbl, lim in
            guard let (x, afterX) = R.u32(p + 1), let (tableIndex, q) = R.u32(afterX),
                  Int(tableIndex) < st.pointee.module.tableCount, Int(x) < st.pointee.module.typeCount
            else { return stopRun(p, top, floor, st) }
            let table = st.pointee.module.tables[Int(tableIndex)]
            guard !table.is64, table.element == .funcref, top > floor, top[-1] == .i32
            else { return stopRun(p, top, floor, st) }
            R.call(st.pointee.module.types[Int(x)], q, p, top - 1, top, floor, st, tbl, lim)
        }
        t[0x1F] = { R.tryTable($0, $1, $2, $3, $4, $5) }
    }

    /// Pops the top frame at the `end` at `p`, its results in place below `top`, and continues
    /// in the frame below (or finishes the function).
    @inline(__always)
    private static func closeFrame(_ p: RunPos, _ top: RunSlot, _ st: RunStatePointer, _ tbl: UnsafeRawPointer,
                                   _ lim: RunPos) {
        let n = st.pointee.ctrlCount &- 1
        st.pointee.ctrlCount = n
        guard n > 0 else {
            st.pointee.finished = true
            return stopRun(p + 1, top, st.pointee.stackBase, st)
        }
        continueRun(p + 1, top, st.pointee.stackBase + Int(st.pointee.ctrls[n &- 1].height), st, tbl, lim)
    }

    /// `end` in unreachable code with nothing pushed since (a `br`, `return` or `unreachable`
    /// just before, as at the end of most functions that return a value): the frame's one
    /// result comes from the polymorphic stack and is pushed here. A separate handler, entered
    /// by a jump, so the common `end` keeps its registers.
    @inline(never)
    private static func endUnreachable(_ p: RunPos, _ top: RunSlot, _ floor: RunSlot, _ st: RunStatePointer,
                                       _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        let f = st.pointee.frame(0).pointee
        guard f.unreachable, top == floor, f.results.count == 1, f.kind != .ifThen, R.fits(top, 1, st)
        else { return stopRun(p, top, floor, st) }
        top.pointee = st.pointee.module.arena[Int(f.results.base)]
        closeFrame(p, top + 1, st, tbl, lim)
    }

    /// `else` in unreachable code with nothing pushed since: the then branch's results come
    /// from the polymorphic stack (see `endUnreachable`).
    @inline(never)
    private static func elseUnreachable(_ p: RunPos, _ top: RunSlot, _ floor: RunSlot, _ st: RunStatePointer,
                                        _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        let f = st.pointee.frame(0).pointee
        guard f.unreachable, top == floor, f.kind == .ifThen, f.params.count == 0, f.results.count <= 1
        else { return stopRun(p, top, floor, st) }
        openElse(p, floor, st, tbl, lim)
    }

    /// Turns the top `if` frame into its `else` branch at the `else` at `p` (reachable again,
    /// the stack back at the frame's height `floor`) and continues after it.
    @inline(__always)
    private static func openElse(_ p: RunPos, _ floor: RunSlot, _ st: RunStatePointer, _ tbl: UnsafeRawPointer,
                                 _ lim: RunPos) {
        let i = st.pointee.ctrlCount &- 1
        st.pointee.ctrls[i].kind = .ifElse
        st.pointee.ctrls[i].unreachable = false
        continueRun(p + 1, floor, floor, st, tbl, lim)
    }

    /// Whether a branch to a label of types `label` may take the operands below `top`: nothing,
    /// or exactly the one type the label takes (more is left to the general paths).
    @inline(__always)
    private static func takes(_ label: TypeList, _ top: RunSlot, _ floor: RunSlot, _ st: RunStatePointer) -> Bool {
        label.count == 0 || label.count == 1 && top > floor && top[-1] == st.pointee.module.arena[Int(label.base)]
    }

    /// Makes the rest of the current frame unreachable (the caller continues with the stack
    /// cut to the frame's height).
    @inline(__always)
    private static func markUnreachable(_ st: RunStatePointer) {
        st.pointee.ctrls[st.pointee.ctrlCount &- 1].unreachable = true
    }

    /// `block`, `loop` or `if` (after its `i32` condition) with a one-byte block type.
    @inline(__always)
    private static func enterBlock(_ kind: FrameKind, _ p: RunPos, _ top: RunSlot, _ floor: RunSlot,
                                   _ st: RunStatePointer, _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        let results = st.pointee.module.blockResults[Int(p[1])]
        var h = top
        if kind == .ifThen {
            guard top > floor, top[-1] == .i32 else { return stopRun(p, top, floor, st) }
            h = top - 1
        }
        guard results.count != FastTables.notABlockType, R.push(kind, results, h, st) else { return stopRun(p, top, floor, st) }
        continueRun(p + 2, h, h, st, tbl, lim)
    }

    /// Opens a frame without parameters at height `h`; false when the control stack is full.
    @inline(__always)
    private static func push(_ kind: FrameKind, _ results: TypeList, _ h: RunSlot, _ st: RunStatePointer) -> Bool {
        let n = st.pointee.ctrlCount
        guard n < st.pointee.ctrlCapacity else { return false }
        // No parameters; no local initialization to track (`initHeight` 0).
        st.pointee.ctrls[n] = ControlFrame(kind: kind, params: .empty, results: results,
                                           height: UInt32(truncatingIfNeeded: slots(st.pointee.stackBase, h)),
                                           initHeight: 0, unreachable: false)
        st.pointee.ctrlCount = n &+ 1
        if n &+ 1 > st.pointee.maxDepth { st.pointee.maxDepth = n &+ 1 }
        return true
    }

    /// `call` and `call_indirect` of a function of type `sig` whose arguments end at `args`
    /// (below the table index of `call_indirect`); the next instruction is at `q`.
    @inline(__always)
    private static func call(_ sig: Signature, _ q: RunPos, _ p: RunPos, _ args: RunSlot, _ top: RunSlot,
                             _ floor: RunSlot, _ st: RunStatePointer, _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        let arena = st.pointee.module.arena
        let k = Int(sig.params.count)
        guard slots(floor, args) >= k, R.equal(args - k, arena + Int(sig.params.base), k)
        else { return stopRun(p, top, floor, st) }
        let m = args - k
        // At most one result (calls of functions with more are left to the general paths: a
        // loop to copy them here would cost every call registers), which needs no room: a call
        // is at least two bytes long (see `runFast`).
        let results = Int(sig.results.count)
        guard results <= 1 else { return stopRun(p, top, floor, st) }
        if results == 1 { m.pointee = arena[Int(sig.results.base)] }
        continueRun(q, m + results, floor, st, tbl, lim)
    }

    /// `br_table`: every label must exist and take nothing or exactly the operand below the
    /// index; the targets are read while they lie inside the body.
    @inline(__always)
    private static func brTable(_ p: RunPos, _ top: RunSlot, _ floor: RunSlot, _ st: RunStatePointer,
                               _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        let bodyEnd = st.pointee.bodyEnd
        guard let (count, first) = R.u32(p + 1), top > floor, top[-1] == .i32 else { return stopRun(p, top, floor, st) }
        let m = top - 1
        var q = first
        var arity = -1
        for _ in 0...Int(count) {
            guard bodyEnd - q >= 5, let (d, next) = R.u32(q), Int(d) < st.pointee.ctrlCount
            else { return stopRun(p, top, floor, st) }
            let label = st.pointee.frame(Int(d)).pointee.labelTypes
            let k = Int(label.count)
            guard k == 0 || k == 1 && m > floor && m[-1] == st.pointee.module.arena[Int(label.base)],
                  arity < 0 || k == arity else { return stopRun(p, top, floor, st) }
            arity = k
            q = next
        }
        R.markUnreachable(st)
        continueRun(q, floor, floor, st, tbl, lim)
    }

    /// `try_table` with a one-byte block type; each catch clause's label (outside the
    /// try_table) must take exactly the caught values.
    @inline(__always)
    private static func tryTable(_ p: RunPos, _ top: RunSlot, _ floor: RunSlot, _ st: RunStatePointer,
                                _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        let results = st.pointee.module.blockResults[Int(p[1])]
        let bodyEnd = st.pointee.bodyEnd
        guard results.count != FastTables.notABlockType, let (count, first) = R.u32(p + 2)
        else { return stopRun(p, top, floor, st) }
        let arena = st.pointee.module.arena
        var q = first
        for _ in 0..<Int(count) {
            guard bodyEnd - q >= 11 else { return stopRun(p, top, floor, st) }  // kind, tag and label
            let clause = q[0]
            var payload = TypeList.empty
            var r = q + 1
            if clause <= 1 {  // catch, catch_ref: a tag
                guard let (tag, next) = R.u32(r), Int(tag) < st.pointee.module.tagCount else { return stopRun(p, top, floor, st) }
                let type = Int(st.pointee.module.tags[Int(tag)])
                guard type < st.pointee.module.typeCount else { return stopRun(p, top, floor, st) }
                payload = st.pointee.module.types[type].params
                r = next
            } else {
                guard clause <= 3 else { return stopRun(p, top, floor, st) }  // catch_all, catch_all_ref
            }
            guard let (d, next) = R.u32(r), Int(d) < st.pointee.ctrlCount else { return stopRun(p, top, floor, st) }
            let label = st.pointee.frame(Int(d)).pointee.labelTypes
            let withRef = clause == 1 || clause == 3
            let k = Int(payload.count)
            guard Int(label.count) == k &+ (withRef ? 1 : 0),
                  R.equal(arena + Int(label.base), arena + Int(payload.base), k),
                  !withRef || ValType.matches(.nonNullExnref, arena[Int(label.base) &+ k])
            else { return stopRun(p, top, floor, st) }
            q = next
        }
        guard R.push(.tryTable, results, top, st) else { return stopRun(p, top, floor, st) }
        continueRun(q, top, top, st, tbl, lim)
    }
}
