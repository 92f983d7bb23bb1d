import WasmBinary

// The fast loop's handler for the 0xFD prefix (vector instructions): those with a fixed typing
// rule and no immediate, a lane index, or a memory operand of memory 0 (see `FastRunHandlers.swift`).

/// The handlers' helpers, named with their type (a closure that named them through an
/// implicit `Self` would capture it and could not be a thin function).
fileprivate typealias R = RunHandlers

extension OpcodeTables {
    /// The vector sub-opcodes the fast loop types are below this: every one defined is (the
    /// last, 0x113, is `i32x4.relaxed_dot_i8x16_i7x16_add_s`; a unit test checks that the
    /// decoder knows none past it). Probing past it would cost each process a decode error per
    /// sub-opcode, message included.
    static let vectorRowCount = 0x114

    /// For each sub-opcode of the 0xFD prefix: the instruction's packed signature
    /// (`signatures`) in the low 32 bits and its `aux` facts (natural alignment, lane count)
    /// above; 0 for the instructions the fast loop leaves to the general paths (no such
    /// sub-opcode, typed by hand, `v128.const` and `i8x16.shuffle` with their 16 immediate
    /// bytes, an immediate other than a lane index or a memory operand, or no operand).
    nonisolated(unsafe) static let vectorRows: UnsafePointer<UInt64> = {
        var rows = [UInt64](repeating: 0, count: vectorRowCount)
        var probe = [UInt8](repeating: 0, count: 32)
        probe[0] = 0xFD
        for sub in 0..<vectorRowCount {
            // The opcode as the decoder reads it, so that the two cannot disagree.
            probe[1] = sub < 0x80 ? UInt8(sub) : UInt8(sub & 0x7F | 0x80)
            probe[2] = sub < 0x80 ? 0 : UInt8(sub >> 7)
            var decoder = InstructionDecoder(bytes: probe, range: 0..<probe.count)
            guard let op = (try? decoder.next())?.opcode else { continue }
            let sig = signatures[Int(op.rawValue)]
            let check = (sig >> 20) & 0xF
            // At least one operand: no handler pushes more than one operand in two bytes (`runFast`).
            guard sig != 0, sig & 3 != 0,
                  check == 0 || check == checkMemarg || check == checkMemargLane || check == checkLane,
                  aux[Int(op.rawValue)] & atomicFlag == 0 else { continue }
            rows[sub] = UInt64(sig) | UInt64(aux[Int(op.rawValue)]) << 32
        }
        return permanent(rows)
    }()
}

extension RunHandlers {
    /// The 0xFD prefix: reads the sub-opcode (one or two bytes), its immediate (a lane index, a
    /// memory operand of memory 0 with a one-byte alignment field, or both) and types the fixed
    /// rule of its `OpcodeTables.vectorRows` row; anything else stops the chain.
    static let prefixFD: RunHandler = { p, top, floor, st, tbl, lim in
        var sub = Int(p[1]), q = p + 2
        if sub >= 0x80 {
            let high = Int(p[2])
            guard high < 0x80 else { return stopRun(p, top, floor, st) }
            sub = sub & 0x7F | high << 7
            q = p + 3
        }
        guard sub < OpcodeTables.vectorRowCount else { return stopRun(p, top, floor, st) }
        let row = st.pointee.module.vectorRows[sub]
        guard row != 0 else { return stopRun(p, top, floor, st) }
        let sig = UInt32(truncatingIfNeeded: row)
        let check = (sig >> 20) & 0xF
        if check != 0 {
            let lanes = UInt8(truncatingIfNeeded: row >> 40)
            if check == OpcodeTables.checkLane {
                guard q[0] < lanes else { return stopRun(p, top, floor, st) }
                q += 1
            } else {
                // The alignment field in one byte: no memory index (bit 6), at most the natural.
                let natural = UInt8(truncatingIfNeeded: row >> 32)
                guard st.pointee.module.memory0Is32, q[0] <= natural, let (_, next) = R.u32(q + 1)
                else { return stopRun(p, top, floor, st) }
                q = next
                if check == OpcodeTables.checkMemargLane {
                    guard q[0] < lanes else { return stopRun(p, top, floor, st) }
                    q += 1
                }
            }
        }
        R.fixedRule(sig, q, p, top, floor, st, tbl, lim)
    }

    /// Types a fixed rule (`SimpleSignature`'s packing, the address type `i32`): its one to three
    /// operands exactly on the stack, then its result (if any) in their place.
    @inline(__always)
    static func fixedRule(_ sig: UInt32, _ q: RunPos, _ p: RunPos, _ top: RunSlot, _ floor: RunSlot,
                          _ st: RunStatePointer, _ tbl: UnsafeRawPointer, _ lim: RunPos) {
        let count = Int(sig & 3)
        guard slots(floor, top) >= count else { return stopRun(p, top, floor, st) }
        let base = top - count
        var i = 0
        while i < count {
            guard base[i] == FunctionValidator.operand((sig >> UInt32(4 &+ 4 &* i)) & 0xF, .i32)
            else { return stopRun(p, top, floor, st) }
            i &+= 1
        }
        let result = (sig >> 16) & 0xF
        guard result != 0 else { return continueRun(q, base, floor, st, tbl, lim) }
        base.pointee = FunctionValidator.operand(result, .i32)
        continueRun(q, base + 1, floor, st, tbl, lim)
    }
}
