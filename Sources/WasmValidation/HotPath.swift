import WasmBinary

// The validator's hot path: the most frequent instructions typed straight from the bytes.

extension FunctionValidator {
    /// The most frequent instructions in their most frequent forms, typed in place when the
    /// operands are exactly what the instruction takes: returns the offset after the
    /// instruction, or nil to leave it (and any error it has) to the general paths. Dispatches
    /// on a dense class number (`OpcodeTables.hotClasses`), which compiles to one jump table.
    @inline(__always)
    mutating func validateHot(_ byte: UInt8, _ buf: UnsafeBufferPointer<UInt8>, _ pos: Int,
                              _ end: Int) throws -> Int? {
        let n = vals.count
        typealias H = HotClass
        switch hot[Int(byte)] {
        case H.localGet:
            guard let (index, next) = Self.readU32(buf, pos + 1, end) else { return nil }
            let i = Int(index)
            guard i < locals.count, !trackInit else { return nil }
            vals.append(locals[i])
            if n + 1 > maxHeight { try raiseMaxHeight() }
            return next
        case H.localSet:
            guard let (index, next) = Self.readU32(buf, pos + 1, end) else { return nil }
            let i = Int(index)
            guard i < locals.count, !trackInit, n > height, vals[n - 1] == locals[i] else { return nil }
            vals.removeLast(1)
            return next
        case H.localTee:
            guard let (index, next) = Self.readU32(buf, pos + 1, end) else { return nil }
            let i = Int(index)
            guard i < locals.count, !trackInit, n > height, vals[n - 1] == locals[i] else { return nil }
            return next
        case H.i32Const:
            guard let next = Self.skipS32(buf, pos + 1, end) else { return nil }
            vals.append(.i32)
            if n + 1 > maxHeight { try raiseMaxHeight() }
            return next
        case H.binary:  // numeric instructions with two operands and one result
            let sig = signatures[Int(fast[Int(byte)] & 0xFFFF)]
            guard n >= height + 2, vals[n - 1].raw == UInt64((sig >> 8) & 0xF),
                  vals[n - 2].raw == UInt64((sig >> 4) & 0xF) else { return nil }
            vals.removeLast(1)
            vals[n - 2] = ValType(raw: UInt64((sig >> 16) & 0xF))
            return pos + 1
        case H.unary:  // numeric instructions with one operand and one result
            let sig = signatures[Int(fast[Int(byte)] & 0xFFFF)]
            guard n > height, vals[n - 1].raw == UInt64((sig >> 4) & 0xF) else { return nil }
            vals[n - 1] = ValType(raw: UInt64((sig >> 16) & 0xF))
            return pos + 1
        case H.load, H.store:  // of memory 0 (32-bit), offset up to 2^32 - 1
            guard memory0Is32, pos + 2 < end else { return nil }
            let align = buf[pos + 1]
            let opRaw = Int(fast[Int(byte)] & 0xFFFF)
            guard UInt16(align) <= aux[opRaw] & 0xFF,
                  let (_, next) = Self.readU32(buf, pos + 2, end) else { return nil }
            let sig = signatures[opRaw]
            if byte <= 0x35 {
                guard n > height, vals[n - 1] == .i32 else { return nil }
                vals[n - 1] = ValType(raw: UInt64((sig >> 16) & 0xF))
            } else {
                guard n >= height + 2, vals[n - 1].raw == UInt64((sig >> 8) & 0xF),
                      vals[n - 2] == .i32 else { return nil }
                vals.removeLast(2)
            }
            return next
        case H.end:
            // The common case: the results exactly in place (at most one), no `if` without
            // `else` that would need its empty else branch checked, no locals to reset.
            guard !trackInit, ctrls.count > 0 else { return nil }
            let frame = ctrls.top
            let k = Int(frame.results.count)
            guard k <= 1, frame.kind != .ifThen || frame.params.count == 0 && k == 0,
                  n == height + k, k == 0 || vals[n - 1] == ctx.arena[Int(frame.results.base)]
            else { return nil }
            ctrls.removeLast()
            if ctrls.count > 0 {
                height = Int(ctrls.top.height)
                polymorphic = ctrls.top.unreachable
            } else {
                height = 0
                polymorphic = false
                isFinished = true
            }
            return pos + 1
        case H.call:
            guard let (i, next) = Self.readU32(buf, pos + 1, end) else { return nil }
            try call(i)
            if vals.count > maxHeight { try raiseMaxHeight() }
            return next
        case H.brIf:
            guard let (i, next) = Self.readU32(buf, pos + 1, end) else { return nil }
            try brIf(i)
            return next
        case H.br:
            guard let (i, next) = Self.readU32(buf, pos + 1, end) else { return nil }
            try br(i)
            return next
        case H.globalGet:
            guard let (i, next) = Self.readU32(buf, pos + 1, end) else { return nil }
            try globalGet(i)
            if n + 1 > maxHeight { try raiseMaxHeight() }
            return next
        case H.globalSet:
            guard let (i, next) = Self.readU32(buf, pos + 1, end) else { return nil }
            try globalSet(i)
            return next
        case H.block, H.loop, H.if:  // with the empty block type or one numeric result
            guard pos + 1 < end else { return nil }
            let t = buf[pos + 1]
            let results: TypeList
            if t == 0x40 {
                results = .empty
            } else if t >= 0x7B && t <= 0x7F {
                results = TypeList(base: UInt32(0x7F - t), count: 1)  // i32 i64 f32 f64 v128 at 0...4
            } else {
                return nil
            }
            if byte == 0x04 {
                guard n > height, vals[n - 1] == .i32 else { return nil }
                vals.removeLast(1)
            }
            pushCtrl(byte == 0x02 ? .block : byte == 0x03 ? .loop : .ifThen, .empty, results)
            return pos + 2
        case H.callIndirect:
            guard let (t, afterType) = Self.readU32(buf, pos + 1, end),
                  let (table, next) = Self.readU32(buf, afterType, end) else { return nil }
            try callIndirect(type: t, table: table)
            if vals.count > maxHeight { try raiseMaxHeight() }
            return next
        case H.drop:
            guard n > height else { return nil }
            vals.removeLast(1)
            return pos + 1
        default:
            return nil
        }
    }

    /// Reads an unsigned 32-bit LEB128 (up to 5 bytes: linkers pad relocated indices and
    /// addresses to 5), or returns nil so that the general decoder handles (and checks) it.
    @inline(__always)
    private static func readU32(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (UInt32, Int)? {
        guard i < end else { return nil }
        let b0 = buf[i]
        if b0 < 0x80 { return (UInt32(b0), i + 1) }
        var result = UInt32(b0 & 0x7F)
        var p = i + 1
        var shift: UInt32 = 7
        while p < end {
            let b = buf[p]
            p += 1
            if shift == 28 {
                // The fifth byte holds bits 28-31 only, and ends the number.
                guard b <= 0x0F else { return nil }
                return (result | UInt32(b) << 28, p)
            }
            result |= UInt32(b & 0x7F) << shift
            if b < 0x80 { return (result, p) }
            shift += 7
        }
        return nil
    }

    /// Skips a signed 32-bit LEB128 (up to 5 bytes); nil when it is longer or its fifth byte is
    /// not a sign extension of bit 31 (left to the decoder, which reports it).
    @inline(__always)
    private static func skipS32(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        var p = i
        while p < end && p - i < 4 {
            let b = buf[p]
            p += 1
            if b < 0x80 { return p }
        }
        guard p - i == 4, p < end else { return nil }
        let b = buf[p]
        guard b <= 0x07 || (b >= 0x78 && b <= 0x7F) else { return nil }
        return p + 1
    }

    /// Classes of the instructions `validateHot` types (`OpcodeTables.hotClasses`).
    enum HotClass {
        static let localGet: UInt8 = 1
        static let localSet: UInt8 = 2
        static let localTee: UInt8 = 3
        static let i32Const: UInt8 = 4
        static let binary: UInt8 = 5
        static let unary: UInt8 = 6
        static let load: UInt8 = 7
        static let store: UInt8 = 8
        static let end: UInt8 = 9
        static let call: UInt8 = 10
        static let brIf: UInt8 = 11
        static let br: UInt8 = 12
        static let globalGet: UInt8 = 13
        static let globalSet: UInt8 = 14
        static let block: UInt8 = 15
        static let loop: UInt8 = 16
        static let drop: UInt8 = 17
        static let `if`: UInt8 = 18
        static let callIndirect: UInt8 = 19
    }
}

extension OpcodeTables {
    /// `hotClasses` in a buffer that lives as long as the process.
    nonisolated(unsafe) static let hotClassTable = permanent(hotClasses)

    /// For each first byte of an instruction: its `FunctionValidator.HotClass`, or 0.
    static let hotClasses: [UInt8] = (0..<256).map { b -> UInt8 in
        typealias H = FunctionValidator.HotClass
        switch b {
        case 0x20: return H.localGet
        case 0x21: return H.localSet
        case 0x22: return H.localTee
        case 0x41: return H.i32Const
        case 0x28...0x35: return H.load
        case 0x36...0x3E: return H.store
        case 0x0B: return H.end
        case 0x10: return H.call
        case 0x11: return H.callIndirect
        case 0x0D: return H.brIf
        case 0x0C: return H.br
        case 0x23: return H.globalGet
        case 0x24: return H.globalSet
        case 0x02: return H.block
        case 0x03: return H.loop
        case 0x04: return H.if
        case 0x1A: return H.drop
        case 0x45...0xC4:
            // Numeric instructions: each has one result and one or two operands.
            let sig = signatures[Int(fastPath[b] & 0xFFFF)]
            return sig & 3 == 2 ? H.binary : sig & 3 == 1 ? H.unary : 0
        default: return 0
        }
    }
}
