// The validator's fast loop: runs of common instructions typed with the validator's state in
// local variables (machine registers), not in the `FunctionValidator` struct in memory.

extension FunctionValidator {
    /// How many bytes from its start an instruction typed by `runFast` may read: the opcode and
    /// its immediates (at most `call_indirect`'s two 5-byte indices, or `i64.const`'s 9 bytes).
    static let fastReach = 12

    /// Types instructions from `start` while each is one of the common forms `runFast` knows,
    /// its operands are exactly the types it takes (no subtyping, no `⊥`) and it starts before
    /// `limit`. Returns the offset of the first instruction it leaves to the general paths
    /// (with the state exactly as before that instruction, so they check it and report its
    /// error), or the offset after the function's final `end` with `isFinished` set.
    ///
    /// It throws nothing: what it cannot accept it leaves. The caller guarantees that
    /// `limit + fastReach <= ` the end of the body, so immediates are read without bounds
    /// checks, and that `trackInit` is false (no local initialization to track). The operand
    /// stack stays within its buffer: a push past `vals.capacity` or the implementation limit
    /// is left to the general paths, which grow the buffer or throw.
    ///
    /// Operand counts and positions are bounded by the stack's capacity and `limit`, so their
    /// arithmetic cannot overflow (`&+`, `&-`).
    mutating func runFast(_ p: UnsafePointer<UInt8>, from start: Int, to limit: Int) -> Int {
        let t = tables
        let entries = OpcodeTables.fastRunTable
        let arena = t.arena
        let lp = locals.base
        let localCount = locals.count
        let sv = vals.base
        var n = vals.count
        var floor = height
        var mx = maxHeight
        var pos = start

        run: while pos < limit {
            let op = p[pos]
            // A switch on an enum compiles to one jump table (one on the byte, with its
            // ranges, compiles to a chain of comparisons). The cases that need the row's operand
            // facts read them there (read here, all four bytes would be loaded every time).
            let kind = entries[Int(op)].op
            switch kind {
            case .localGet:
                guard let (i, next) = Self.u32(p, pos &+ 1), Int(i) < localCount else { break run }
                if n >= mx {
                    guard n < room() else { break run }
                    mx = n &+ 1
                }
                sv[n] = lp[Int(i)]
                n &+= 1
                pos = next
            case .localSet:
                guard let (i, next) = Self.u32(p, pos &+ 1), Int(i) < localCount,
                      n > floor, sv[n &- 1] == lp[Int(i)] else { break run }
                n &-= 1
                pos = next
            case .localTee:
                guard let (i, next) = Self.u32(p, pos &+ 1), Int(i) < localCount,
                      n > floor, sv[n &- 1] == lp[Int(i)] else { break run }
                pos = next
            case .globalGet:
                guard let (i, next) = Self.u32(p, pos &+ 1), Int(i) < t.globalCount else { break run }
                if n >= mx {
                    guard n < room() else { break run }
                    mx = n &+ 1
                }
                sv[n] = t.globals[Int(i)].type
                n &+= 1
                pos = next
            case .globalSet:
                guard let (i, next) = Self.u32(p, pos &+ 1), Int(i) < t.globalCount else { break run }
                let g = t.globals[Int(i)]
                guard g.mutable, n > floor, sv[n &- 1] == g.type else { break run }
                n &-= 1
                pos = next
            case .i32Const, .i64Const, .f32Const, .f64Const:
                let next: Int
                let type: ValType
                switch kind {
                case .i32Const:
                    guard let q = Self.skipS32(p, pos &+ 1) else { break run }
                    next = q
                    type = .i32
                case .i64Const:
                    guard let q = Self.skipS64(p, pos &+ 1) else { break run }
                    next = q
                    type = .i64
                case .f32Const:
                    next = pos &+ 5
                    type = .f32
                default:
                    next = pos &+ 9
                    type = .f64
                }
                if n >= mx {
                    guard n < room() else { break run }
                    mx = n &+ 1
                }
                sv[n] = type
                n &+= 1
                pos = next
            case .unary:
                // Numeric instructions with one operand: a = the operand, r = the result.
                let e = entries[Int(op)]
                let a = UInt64(e.a), r = UInt64(e.r)
                guard n > floor, sv[n &- 1].raw == a else { break run }
                sv[n &- 1] = ValType(raw: r)
                pos &+= 1
            case .binary:
                // Numeric instructions with two operands: a = the first (lower) operand, b = the
                // second, r = the result.
                let e = entries[Int(op)]
                let a = UInt64(e.a), b = UInt64(e.b), r = UInt64(e.r)
                guard n &- floor >= 2, sv[n &- 1].raw == b, sv[n &- 2].raw == a
                else { break run }
                n &-= 1
                sv[n &- 1] = ValType(raw: r)
                pos &+= 1
            case .load:
                // Loads of memory 0 (32-bit): b = the largest alignment, r = the result.
                let e = entries[Int(op)]
                let b = UInt64(e.b), r = UInt64(e.r)
                guard memory0Is32, UInt64(p[pos &+ 1]) <= b, let (_, next) = Self.u32(p, pos &+ 2),
                      n > floor, sv[n &- 1] == .i32 else { break run }
                sv[n &- 1] = ValType(raw: r)
                pos = next
            case .store:
                // Stores to memory 0 (32-bit): a = the value, b = the largest alignment.
                let e = entries[Int(op)]
                let a = UInt64(e.a), b = UInt64(e.b)
                guard memory0Is32, UInt64(p[pos &+ 1]) <= b, let (_, next) = Self.u32(p, pos &+ 2),
                      n &- floor >= 2, sv[n &- 1].raw == a, sv[n &- 2] == .i32 else { break run }
                n &-= 2
                pos = next
            case .block:  // block, loop, if with a one-byte block type (no parameters)
                let results = t.blockResults[Int(p[pos &+ 1])]
                guard results.count != FastTables.notABlockType else { break run }
                let kind: FrameKind = op == 0x02 ? .block : op == 0x03 ? .loop : .ifThen
                if kind == .ifThen {
                    guard n > floor, sv[n &- 1] == .i32 else { break run }
                    n &-= 1
                }
                // No parameters; no local initialization to track (`initHeight` 0).
                ctrls.append(ControlFrame(kind: kind, params: .empty,
                                          results: results, height: UInt32(truncatingIfNeeded: n),
                                          initHeight: 0, unreachable: false))
                if ctrls.count > maxDepth { maxDepth = ctrls.count }
                floor = n
                polymorphic = false
                pos &+= 2
            case .else:
                let f = ctrls.top
                let k = Int(f.results.count)
                guard f.kind == .ifThen, f.params.count == 0, k <= 1, n == floor &+ k,
                      k == 0 || sv[n &- 1] == arena[Int(f.results.base)] else { break run }
                ctrls.top.kind = .ifElse
                ctrls.top.unreachable = false
                n = floor
                polymorphic = false
                pos &+= 1
            case .end:
                // The results exactly in place (at most one), no `if` without `else` that would
                // need its empty else branch checked.
                let f = ctrls.top
                let k = Int(f.results.count)
                guard k <= 1, f.kind != .ifThen || f.params.count == 0 && k == 0, n == floor &+ k,
                      k == 0 || sv[n &- 1] == arena[Int(f.results.base)] else { break run }
                ctrls.removeLast()
                pos &+= 1
                if ctrls.count == 0 {
                    floor = 0
                    polymorphic = false
                    isFinished = true
                    break run
                }
                floor = Int(ctrls.top.height)
                polymorphic = ctrls.top.unreachable
            case .br, .brIf:
                guard let (d, next) = Self.u32(p, pos &+ 1), Int(d) < ctrls.count else { break run }
                let label = ctrls[ctrls.count &- 1 &- Int(d)].labelTypes
                var m = n
                if kind == .brIf {
                    guard m > floor, sv[m &- 1] == .i32 else { break run }
                    m &-= 1
                }
                guard label.count == 0
                        || label.count == 1 && m > floor && sv[m &- 1] == arena[Int(label.base)]
                else { break run }
                pos = next
                if kind == .brIf {
                    n = m
                } else {
                    n = floor
                    ctrls.top.unreachable = true
                    polymorphic = true
                }
            case .call, .callIndirect:
                guard let (x, afterX) = Self.u32(p, pos &+ 1) else { break run }
                let sig: Signature
                var m = n
                var next = afterX
                if kind == .call {
                    guard Int(x) < t.functionCount else { break run }
                    sig = t.functions[Int(x)]
                } else {
                    guard let (tableIndex, afterTable) = Self.u32(p, afterX), Int(tableIndex) < t.tableCount,
                          Int(x) < t.typeCount else { break run }
                    let table = t.tables[Int(tableIndex)]
                    guard !table.is64, table.element == .funcref, m > floor, sv[m &- 1] == .i32 else { break run }
                    sig = t.types[Int(x)]
                    m &-= 1
                    next = afterTable
                }
                let k = Int(sig.params.count)
                guard m &- floor >= k, Self.equal(sv + (m &- k), arena + Int(sig.params.base), k) else { break run }
                m &-= k
                let results = Int(sig.results.count)
                let top = m &+ results
                if top > mx {
                    guard top <= room() else { break run }
                    mx = top
                }
                (sv + m).update(from: arena + Int(sig.results.base), count: results)
                n = top
                pos = next
            case .brTable:
                // Every label must exist and take nothing or exactly the operand below the
                // index; the targets are read while they lie inside the body.
                let bodyEnd = limit &+ Self.fastReach
                guard let (count, first) = Self.u32(p, pos &+ 1), n > floor, sv[n &- 1] == .i32
                else { break run }
                let m = n &- 1
                var q = first
                var arity = -1
                for _ in 0...Int(count) {
                    guard bodyEnd &- q >= 5, let (d, next) = Self.u32(p, q), Int(d) < ctrls.count else { break run }
                    let label = ctrls[ctrls.count &- 1 &- Int(d)].labelTypes
                    let k = Int(label.count)
                    guard k == 0 || k == 1 && m > floor && sv[m &- 1] == arena[Int(label.base)],
                          arity < 0 || k == arity else { break run }
                    arity = k
                    q = next
                }
                pos = q
                n = floor
                ctrls.top.unreachable = true
                polymorphic = true
            case .throwRef:
                guard n > floor, sv[n &- 1] == .exnref else { break run }
                n = floor
                ctrls.top.unreachable = true
                polymorphic = true
                pos &+= 1
            case .prefixFC:
                // memory.fill and memory.copy of memory 0 (32-bit): [i32 i32 i32] -> [].
                let sub = p[pos &+ 1]
                let size = sub == 0x0B ? 3 : 4
                guard memory0Is32, sub == 0x0B || sub == 0x0A, p[pos &+ 2] == 0, size == 3 || p[pos &+ 3] == 0,
                      n &- floor >= 3, sv[n &- 1] == .i32, sv[n &- 2] == .i32, sv[n &- 3] == .i32
                else { break run }
                n &-= 3
                pos &+= size
            case .tryTable:
                // A one-byte block type; each catch clause's label (outside the try_table) must
                // take exactly the caught values.
                let results = t.blockResults[Int(p[pos &+ 1])]
                let bodyEnd = limit &+ Self.fastReach
                guard results.count != FastTables.notABlockType,
                      let (count, first) = Self.u32(p, pos &+ 2) else { break run }
                var q = first
                for _ in 0..<Int(count) {
                    guard bodyEnd &- q >= 11 else { break run }  // kind, tag and label
                    let clause = p[q]
                    var payload = TypeList.empty
                    var r = q &+ 1
                    if clause <= 1 {  // catch, catch_ref: a tag
                        guard let (tag, next) = Self.u32(p, r), Int(tag) < t.tagCount else { break run }
                        let type = Int(t.tags[Int(tag)])
                        guard type < t.typeCount else { break run }
                        payload = t.types[type].params
                        r = next
                    } else {
                        guard clause <= 3 else { break run }  // catch_all, catch_all_ref
                    }
                    guard let (d, next) = Self.u32(p, r), Int(d) < ctrls.count else { break run }
                    let label = ctrls[ctrls.count &- 1 &- Int(d)].labelTypes
                    let withRef = clause == 1 || clause == 3
                    let k = Int(payload.count)
                    guard Int(label.count) == k &+ (withRef ? 1 : 0),
                          Self.equal(arena + Int(label.base), arena + Int(payload.base), k),
                          !withRef || ValType.matches(.nonNullExnref, arena[Int(label.base) &+ k])
                    else { break run }
                    q = next
                }
                ctrls.append(ControlFrame(kind: .tryTable, params: .empty, results: results,
                                          height: UInt32(truncatingIfNeeded: n), initHeight: 0,
                                          unreachable: false))
                if ctrls.count > maxDepth { maxDepth = ctrls.count }
                floor = n
                polymorphic = false
                pos = q
            case .drop:
                guard n > floor else { break run }
                n &-= 1
                pos &+= 1
            case .select:
                guard n &- floor >= 3, sv[n &- 1] == .i32 else { break run }
                let v = sv[n &- 2]
                guard v == sv[n &- 3], v.raw >= 1 && v.raw <= 5 else { break run }
                n &-= 2
                pos &+= 1
            case .return:
                let k = Int(returnTypes.count)
                guard n &- floor >= k, Self.equal(sv + (n &- k), arena + Int(returnTypes.base), k) else { break run }
                n = floor
                ctrls.top.unreachable = true
                polymorphic = true
                pos &+= 1
            case .unreachable:
                n = floor
                ctrls.top.unreachable = true
                polymorphic = true
                pos &+= 1
            case .nop:
                pos &+= 1
            case .other:
                break run
            }
        }
        vals.setCount(n)
        height = floor
        maxHeight = mx
        return pos
    }

    /// How many operands the stack may hold within `runFast` (pushing beyond is left to the
    /// general paths, which grow the buffer or report the implementation limit).
    private func room() -> Int { min(vals.capacity, ValidationLimits.maxOperandStackHeight) }

    /// Whether the `k` types at `a` are exactly those at `b`.
    @inline(__always)
    private static func equal(_ a: UnsafeMutablePointer<ValType>, _ b: UnsafeMutablePointer<ValType>,
                              _ k: Int) -> Bool {
        var diff: UInt64 = 0
        for i in 0..<k { diff |= a[i].raw ^ b[i].raw }
        return diff == 0
    }

    /// Reads an unsigned 32-bit LEB128 at `i` (up to 5 bytes, all readable), or returns nil
    /// when it is not one (left to the decoder, which reports it).
    @inline(__always)
    private static func u32(_ p: UnsafePointer<UInt8>, _ i: Int) -> (UInt32, Int)? {
        let b0 = p[i]
        if b0 < 0x80 { return (UInt32(b0), i &+ 1) }
        let b1 = p[i &+ 1]
        if b1 < 0x80 { return (UInt32(b0 & 0x7F) | UInt32(b1) << 7, i &+ 2) }
        let b2 = p[i &+ 2]
        if b2 < 0x80 { return (UInt32(b0 & 0x7F) | UInt32(b1 & 0x7F) << 7 | UInt32(b2) << 14, i &+ 3) }
        return u32Long(p, i)
    }

    /// `u32` for 4 or 5 bytes (linkers pad relocated indices and offsets to 5).
    private static func u32Long(_ p: UnsafePointer<UInt8>, _ i: Int) -> (UInt32, Int)? {
        let b0 = p[i], b1 = p[i &+ 1], b2 = p[i &+ 2], b3 = p[i &+ 3]
        let low = UInt32(b0 & 0x7F) | UInt32(b1 & 0x7F) << 7 | UInt32(b2 & 0x7F) << 14
        if b3 < 0x80 { return (low | UInt32(b3) << 21, i &+ 4) }
        // The fifth byte holds bits 28-31 only, and ends the number.
        let b4 = p[i &+ 4]
        guard b4 <= 0x0F else { return nil }
        return (low | UInt32(b3 & 0x7F) << 21 | UInt32(b4) << 28, i &+ 5)
    }

    /// Skips a signed 32-bit LEB128 at `i` (up to 5 bytes); nil when it is longer or its fifth
    /// byte is not a sign extension of bit 31.
    @inline(__always)
    private static func skipS32(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
        if p[i] < 0x80 { return i &+ 1 }
        for k in 1..<4 where p[i &+ k] < 0x80 { return i &+ k &+ 1 }
        let b = p[i &+ 4]
        guard b <= 0x07 || (b >= 0x78 && b <= 0x7F) else { return nil }
        return i &+ 5
    }

    /// Skips a signed 64-bit LEB128 of at most 9 bytes at `i` (63 bits: any such encoding is
    /// in range); nil when it is longer (left to the decoder).
    @inline(__always)
    private static func skipS64(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
        for k in 0..<9 where p[i &+ k] < 0x80 { return i &+ k &+ 1 }
        return nil
    }

    /// What `runFast` does with an instruction, by its first byte.
    enum RunOp: UInt8 {
        case other, unreachable, nop, block, `else`, end, br, brIf, `return`, call, callIndirect
        case brTable, tryTable, throwRef, prefixFC
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
