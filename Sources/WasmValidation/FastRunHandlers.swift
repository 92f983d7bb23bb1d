// The threaded handlers of the validator's fast loop (see `RunHandler`). Each accepts exactly
// what `FunctionValidator.runFast`'s contract allows (the operand types it takes, no subtyping,
// no `⊥`, immediates it can read) and otherwise stops the chain before its instruction, having
// changed nothing. Position and stack arithmetic is bounded by the body and the stack buffer
// (`&+`, `&-`).

/// The handlers' helpers, named with their type (a closure that named them through an
/// implicit `Self` would capture it and could not be a thin function).
fileprivate typealias R = RunHandlers

/// The handler tables of the fast loop: one handler per first byte of an instruction.
enum RunHandlers {
    /// 256 `RunHandler`s, for modules whose memory 0 is a 32-bit memory, in a buffer that lives
    /// as long as the process. The load, store, `memory.fill` and `memory.copy` handlers assume
    /// that memory.
    nonisolated(unsafe) static let table: UnsafeRawPointer = makeTable(memory0Is32: true)
    /// The table for other modules (no memory, or a 64-bit memory 0): those instructions stop
    /// the chain, and the general paths type them.
    nonisolated(unsafe) static let tableWithoutMemory32: UnsafeRawPointer = makeTable(memory0Is32: false)

    private static func makeTable(memory0Is32: Bool) -> UnsafeRawPointer {
        let t = UnsafeMutablePointer<RunHandler>.allocate(capacity: 256)
        let other: RunHandler = { p, top, floor, st, _, _ in stopRun(p, top, floor, st) }
        t.initialize(repeating: other, count: 256)
        for b in 0..<256 {
            let e = OpcodeTables.fastRunEntries[b]
            switch e.op {
            case .unary: t[b] = unaryHandler(e)
            case .binary: t[b] = binaryHandler(e)
            case .load: if memory0Is32 { t[b] = loadHandler(e) }
            case .store: if memory0Is32 { t[b] = storeHandler(e) }
            case .prefixFC: t[b] = memory0Is32 ? prefixFCWithMemory : prefixFC
            case .prefixFD: t[b] = prefixFD
            default: if let h = handler(e.op) { t[b] = h }
            }
        }
        installControl(t)
        return UnsafeRawPointer(t)
    }

    /// The handler of an instruction class without operand facts; nil for `other` and the
    /// control instructions (`installControl`).
    private static func handler(_ op: FunctionValidator.RunOp) -> RunHandler? {
        switch op {
        case .localGet:
            // Runs of `local.get` are typed in a loop (a conditional branch on the next byte
            // instead of an indirect jump to this handler again).
            return { p, top, floor, st, tbl, lim in
                var p = p, top = top
                repeat {
                    guard let (i, q) = R.index(p + 1), i < st.pointee.localCount else { return stopRun(p, top, floor, st) }
                    top.pointee = st.pointee.locals[i]
                    top += 1
                    p = q
                } while p < lim && p.pointee == 0x20
                // `local.get; i32.const` (an address and an offset, a value and a constant).
                if p < lim && p.pointee == 0x41, let q = R.skipS32(p + 1) {
                    top.pointee = .i32
                    return continueRun(q, top + 1, floor, st, tbl, lim)
                }
                continueRun(p, top, floor, st, tbl, lim)
            }
        case .localSet:
            return { p, top, floor, st, tbl, lim in
                guard top > floor, let (i, q) = R.index(p + 1), i < st.pointee.localCount,
                      top[-1] == st.pointee.locals[i] else { return stopRun(p, top, floor, st) }
                continueRun(q, top - 1, floor, st, tbl, lim)
            }
        case .localTee:
            return { p, top, floor, st, tbl, lim in
                guard top > floor, let (i, q) = R.index(p + 1), i < st.pointee.localCount,
                      top[-1] == st.pointee.locals[i] else { return stopRun(p, top, floor, st) }
                continueRun(q, top, floor, st, tbl, lim)
            }
        case .globalGet:
            return { p, top, floor, st, tbl, lim in
                guard let (i, q) = R.u32(p + 1), Int(i) < st.pointee.module.globalCount
                else { return stopRun(p, top, floor, st) }
                top.pointee = st.pointee.module.globals[Int(i)].type
                continueRun(q, top + 1, floor, st, tbl, lim)
            }
        case .globalSet:
            return { p, top, floor, st, tbl, lim in
                guard top > floor, let (i, q) = R.u32(p + 1), Int(i) < st.pointee.module.globalCount
                else { return stopRun(p, top, floor, st) }
                let g = st.pointee.module.globals[Int(i)]
                guard g.mutable, top[-1] == g.type else { return stopRun(p, top, floor, st) }
                continueRun(q, top - 1, floor, st, tbl, lim)
            }
        case .i32Const:
            return { p, top, floor, st, tbl, lim in
                guard let q = R.skipS32(p + 1) else { return stopRun(p, top, floor, st) }
                top.pointee = .i32
                continueRun(q, top + 1, floor, st, tbl, lim)
            }
        case .i64Const:
            return { p, top, floor, st, tbl, lim in
                guard let q = R.skipS64(p + 1) else { return stopRun(p, top, floor, st) }
                top.pointee = .i64
                continueRun(q, top + 1, floor, st, tbl, lim)
            }
        case .f32Const:
            return { p, top, floor, st, tbl, lim in
                top.pointee = .f32
                continueRun(p + 5, top + 1, floor, st, tbl, lim)
            }
        case .f64Const:
            return { p, top, floor, st, tbl, lim in
                top.pointee = .f64
                continueRun(p + 9, top + 1, floor, st, tbl, lim)
            }
        case .drop:
            return { p, top, floor, st, tbl, lim in
                guard top > floor else { return stopRun(p, top, floor, st) }
                continueRun(p + 1, top - 1, floor, st, tbl, lim)
            }
        case .select:
            return { p, top, floor, st, tbl, lim in
                guard slots(floor, top) >= 3, top[-1] == .i32 else { return stopRun(p, top, floor, st) }
                let v = top[-2]
                guard v == top[-3], v.raw >= 1 && v.raw <= 5 else { return stopRun(p, top, floor, st) }
                continueRun(p + 1, top - 2, floor, st, tbl, lim)
            }
        case .nop:
            return { p, top, floor, st, tbl, lim in continueRun(p + 1, top, floor, st, tbl, lim) }
        default:
            return nil
        }
    }

    /// The 0xFC prefix in modules with a 32-bit memory 0: the saturating truncations, and
    /// `memory.fill` and `memory.copy` of memory 0 ([i32 i32 i32] -> []).
    private static let prefixFCWithMemory: RunHandler = { p, top, floor, st, tbl, lim in
        let sub = p[1]
        if sub < 8 { return R.truncSat(sub, p, top, floor, st, tbl, lim) }
        let size = sub == 0x0B ? 3 : 4
        guard sub == 0x0B || sub == 0x0A, p[2] == 0, size == 3 || p[3] == 0,
              slots(floor, top) >= 3, top[-1] == .i32, top[-2] == .i32, top[-3] == .i32
        else { return stopRun(p, top, floor, st) }
        continueRun(p + size, top - 3, floor, st, tbl, lim)
    }

    /// The 0xFC prefix in other modules: the saturating truncations only.
    private static let prefixFC: RunHandler = { p, top, floor, st, tbl, lim in
        let sub = p[1]
        guard sub < 8 else { return stopRun(p, top, floor, st) }
        R.truncSat(sub, p, top, floor, st, tbl, lim)
    }

    /// The saturating truncations, 0xFC 0–7 (a one-byte sub-opcode `sub`): `i32` results for
    /// 0–3, `i64` for 4–7; an `f32` operand for 0, 1, 4 and 5, `f64` for the others.
    @inline(__always)
    static func truncSat(_ sub: UInt8, _ p: RunPos, _ top: RunSlot, _ floor: RunSlot, _ st: RunStatePointer,
                         _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        let operand: ValType = sub & 2 == 0 ? .f32 : .f64
        guard top > floor, top[-1] == operand else { return stopRun(p, top, floor, st) }
        top[-1] = sub < 4 ? .i32 : .i64
        continueRun(p + 2, top, floor, st, tbl, lim)
    }

    /// Whether `k` more slots fit above `top` (within the stack buffer and the implementation
    /// limit). Handlers that push one operand need not ask: `runFast`'s windows make room.
    @inline(__always)
    static func fits(_ top: RunSlot, _ k: Int, _ st: RunStatePointer) -> Bool {
        k <= slots(top, st.pointee.room)
    }

    // MARK: Numeric and memory instructions, one handler per operand shape

    /// Numeric instructions with one operand `a` and result `r` (`ValType` raw values).
    @inline(__always)
    static func unary(_ a: UInt64, _ r: UInt64, _ p: RunPos, _ top: RunSlot, _ floor: RunSlot,
                      _ st: RunStatePointer, _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        guard top > floor, top[-1].raw == a else { return stopRun(p, top, floor, st) }
        top[-1] = ValType(raw: r)
        continueRun(p + 1, top, floor, st, tbl, lim)
    }

    /// Numeric instructions with operands `a` (the lower) and `b`, and result `r`.
    @inline(__always)
    static func binary(_ a: UInt64, _ b: UInt64, _ r: UInt64, _ p: RunPos, _ top: RunSlot, _ floor: RunSlot,
                       _ st: RunStatePointer, _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        guard slots(floor, top) >= 2, top[-1].raw == b, top[-2].raw == a else { return stopRun(p, top, floor, st) }
        top[-2] = ValType(raw: r)
        continueRun(p + 1, top - 1, floor, st, tbl, lim)
    }

    /// Loads of memory 0 (32-bit) with result `r` and largest alignment `align`.
    @inline(__always)
    static func load(_ r: UInt64, _ align: UInt8, _ p: RunPos, _ top: RunSlot, _ floor: RunSlot,
                     _ st: RunStatePointer, _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        guard p[1] <= align, let (_, q) = R.u32(p + 2), top > floor, top[-1] == .i32
        else { return stopRun(p, top, floor, st) }
        top[-1] = ValType(raw: r)
        continueRun(q, top, floor, st, tbl, lim)
    }

    /// Stores to memory 0 (32-bit) of a value of type `a` with largest alignment `align`.
    @inline(__always)
    static func store(_ a: UInt64, _ align: UInt8, _ p: RunPos, _ top: RunSlot, _ floor: RunSlot,
                      _ st: RunStatePointer, _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        guard slots(floor, top) >= 2, top[-1].raw == a, top[-2] == .i32, p[1] <= align,
              let (_, q) = R.u32(p + 2) else { return stopRun(p, top, floor, st) }
        continueRun(q, top - 2, floor, st, tbl, lim)
    }

    /// The handler of a one-operand numeric row: its operand facts as constants for the
    /// frequent shapes, read from the row for the others.
    private static func unaryHandler(_ e: FunctionValidator.RunEntry) -> RunHandler {
        switch (e.a, e.r) {
        case (1, 1): return { R.unary(1, 1, $0, $1, $2, $3, $4, $5) }
        case (2, 1): return { R.unary(2, 1, $0, $1, $2, $3, $4, $5) }
        case (1, 2): return { R.unary(1, 2, $0, $1, $2, $3, $4, $5) }
        case (2, 2): return { R.unary(2, 2, $0, $1, $2, $3, $4, $5) }
        default:
            return { p, top, floor, st, tbl, lim in
                let e = OpcodeTables.fastRunTable[Int(p.pointee)]
                R.unary(UInt64(e.a), UInt64(e.r), p, top, floor, st, tbl, lim)
            }
        }
    }

    /// The handler of a two-operand numeric row (see `unaryHandler`).
    private static func binaryHandler(_ e: FunctionValidator.RunEntry) -> RunHandler {
        switch (e.a, e.b, e.r) {
        case (1, 1, 1): return { R.binary(1, 1, 1, $0, $1, $2, $3, $4, $5) }
        case (2, 2, 2): return { R.binary(2, 2, 2, $0, $1, $2, $3, $4, $5) }
        case (2, 2, 1): return { R.binary(2, 2, 1, $0, $1, $2, $3, $4, $5) }
        case (3, 3, 3): return { R.binary(3, 3, 3, $0, $1, $2, $3, $4, $5) }
        case (3, 3, 1): return { R.binary(3, 3, 1, $0, $1, $2, $3, $4, $5) }
        case (4, 4, 4): return { R.binary(4, 4, 4, $0, $1, $2, $3, $4, $5) }
        case (4, 4, 1): return { R.binary(4, 4, 1, $0, $1, $2, $3, $4, $5) }
        default:
            return { p, top, floor, st, tbl, lim in
                let e = OpcodeTables.fastRunTable[Int(p.pointee)]
                R.binary(UInt64(e.a), UInt64(e.b), UInt64(e.r), p, top, floor, st, tbl, lim)
            }
        }
    }

    /// The handler of a load row: result type and alignment as constants.
    private static func loadHandler(_ e: FunctionValidator.RunEntry) -> RunHandler {
        switch (e.r, e.b) {
        case (1, 0): return { R.load(1, 0, $0, $1, $2, $3, $4, $5) }
        case (1, 1): return { R.load(1, 1, $0, $1, $2, $3, $4, $5) }
        case (1, 2): return { R.load(1, 2, $0, $1, $2, $3, $4, $5) }
        case (2, 0): return { R.load(2, 0, $0, $1, $2, $3, $4, $5) }
        case (2, 1): return { R.load(2, 1, $0, $1, $2, $3, $4, $5) }
        case (2, 2): return { R.load(2, 2, $0, $1, $2, $3, $4, $5) }
        case (2, 3): return { R.load(2, 3, $0, $1, $2, $3, $4, $5) }
        case (3, 2): return { R.load(3, 2, $0, $1, $2, $3, $4, $5) }
        case (4, 3): return { R.load(4, 3, $0, $1, $2, $3, $4, $5) }
        default:
            return { p, top, floor, st, tbl, lim in
                let e = OpcodeTables.fastRunTable[Int(p.pointee)]
                R.load(UInt64(e.r), e.b, p, top, floor, st, tbl, lim)
            }
        }
    }

    /// The handler of a store row: value type and alignment as constants.
    private static func storeHandler(_ e: FunctionValidator.RunEntry) -> RunHandler {
        switch (e.a, e.b) {
        case (1, 0): return { R.store(1, 0, $0, $1, $2, $3, $4, $5) }
        case (1, 1): return { R.store(1, 1, $0, $1, $2, $3, $4, $5) }
        case (1, 2): return { R.store(1, 2, $0, $1, $2, $3, $4, $5) }
        case (2, 0): return { R.store(2, 0, $0, $1, $2, $3, $4, $5) }
        case (2, 1): return { R.store(2, 1, $0, $1, $2, $3, $4, $5) }
        case (2, 2): return { R.store(2, 2, $0, $1, $2, $3, $4, $5) }
        case (2, 3): return { R.store(2, 3, $0, $1, $2, $3, $4, $5) }
        case (3, 2): return { R.store(3, 2, $0, $1, $2, $3, $4, $5) }
        case (4, 3): return { R.store(4, 3, $0, $1, $2, $3, $4, $5) }
        default:
            return { p, top, floor, st, tbl, lim in
                let e = OpcodeTables.fastRunTable[Int(p.pointee)]
                R.store(UInt64(e.a), e.b, p, top, floor, st, tbl, lim)
            }
        }
    }

    // MARK: Immediates

    /// Reads an unsigned 32-bit LEB128 at `p` (up to 5 bytes, all readable), or returns nil
    /// when it is not one (left to the decoder, which reports it).
    @inline(__always)
    static func u32(_ p: RunPos) -> (UInt32, RunPos)? {
        let b0 = p[0]
        if b0 < 0x80 { return (UInt32(b0), p + 1) }
        let b1 = p[1]
        if b1 < 0x80 { return (UInt32(b0 & 0x7F) | UInt32(b1) << 7, p + 2) }
        let b2 = p[2]
        if b2 < 0x80 { return (UInt32(b0 & 0x7F) | UInt32(b1 & 0x7F) << 7 | UInt32(b2) << 14, p + 3) }
        return R.u32Long(p)
    }

    /// `u32` as an index: a one-byte index (nearly all) is read without the general reader's
    /// merge of lengths, which costs a handler a register and a jump.
    @inline(__always)
    static func index(_ p: RunPos) -> (Int, RunPos)? {
        var i = Int(p[0]), q = p + 1
        if i >= 0x80 {
            guard let (x, next) = R.u32(p) else { return nil }
            i = Int(x)
            q = next
        }
        return (i, q)
    }

    /// `u32` for 4 or 5 bytes (linkers pad relocated indices and offsets to 5). Inlined: a call
    /// in a handler would make it save and restore the callee-saved registers every time.
    @inline(__always)
    private static func u32Long(_ p: RunPos) -> (UInt32, RunPos)? {
        let b0 = p[0], b1 = p[1], b2 = p[2], b3 = p[3]
        let low = UInt32(b0 & 0x7F) | UInt32(b1 & 0x7F) << 7 | UInt32(b2 & 0x7F) << 14
        if b3 < 0x80 { return (low | UInt32(b3) << 21, p + 4) }
        // The fifth byte holds bits 28-31 only, and ends the number.
        let b4 = p[4]
        guard b4 <= 0x0F else { return nil }
        return (low | UInt32(b3 & 0x7F) << 21 | UInt32(b4) << 28, p + 5)
    }

    /// Skips a signed 32-bit LEB128 at `p` (up to 5 bytes); nil when it is longer or its fifth
    /// byte is not a sign extension of bit 31.
    @inline(__always)
    static func skipS32(_ p: RunPos) -> RunPos? {
        if p[0] < 0x80 { return p + 1 }
        for k in 1..<4 where p[k] < 0x80 { return p + k + 1 }
        let b = p[4]
        guard b <= 0x07 || (b >= 0x78 && b <= 0x7F) else { return nil }
        return p + 5
    }

    /// Skips a signed 64-bit LEB128 at `p` (up to 10 bytes); nil when it is longer or its
    /// tenth byte is not a sign extension of bit 63 (left to the decoder, which reports it).
    @inline(__always)
    static func skipS64(_ p: RunPos) -> RunPos? {
        for k in 0..<9 where p[k] < 0x80 { return p + k + 1 }
        // The tenth byte holds bit 63 and ends the number: 0x00 or 0x7F.
        let b = p[9]
        guard b == 0x00 || b == 0x7F else { return nil }
        return p + 10
    }

    /// Whether the `k` types at `a` are exactly those at `b`. A loop that leaves at the first
    /// difference: type lists are short (a call's parameters), and a loop the compiler could
    /// vectorize costs its set-up on every call.
    @inline(__always)
    static func equal(_ a: RunSlot, _ b: RunSlot, _ k: Int) -> Bool {
        var i = 0
        while i < k {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }

}
