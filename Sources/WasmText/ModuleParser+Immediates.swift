import WasmBinary

// The immediates of plain instructions, by immediate kind.

extension ModuleParser {
    /// Parses and writes the immediates of `instruction` (its opcode is written already).
    mutating func immediates(_ instruction: TextInstruction) throws(TextError) {
        switch instruction.opcode.immediateKind {
        case .none:
            break
        case .typeIndex:
            try typeAndIndex(instruction.opcode)
        case .brOnCast:
            // br_on_cast l rt1 rt2: flags (nullability of rt1 and rt2), l, ht1, ht2.
            let label = try parseLabelIndex()
            let source = try parseRefType()
            let target = try parseRefType()
            output.append((source.nullable ? 1 : 0) | (target.nullable ? 2 : 0))
            output.appendULEB(label)
            output.appendHeapType(source.heapType)
            output.appendHeapType(target.heapType)
        case .label:
            output.appendULEB(try parseLabelIndex())
        case .brTable:
            var targets: [UInt32] = []
            while atIndex(pos) { targets.append(try parseLabelIndex()) }
            guard let last = targets.last else { throw unexpected() }
            output.appendULEB(UInt64(targets.count - 1))
            for target in targets.dropLast() { output.appendULEB(target) }
            output.appendULEB(last)
        case .func:
            output.appendULEB(try parseIndex(.function))
        case .callIndirect:
            let table = atIndex(pos) ? try parseIndex(.table) : 0
            let start = pos
            let use = try parseTypeUse(allowNames: false)
            output.appendULEB(try resolveTypeUse(use, at: start))
            output.appendULEB(table)
        case .type:
            output.appendULEB(try parseIndex(.type))
        case .local:
            output.appendULEB(try parseLocalIndex())
        case .global:
            output.appendULEB(try parseIndex(.global))
        case .table:
            output.appendULEB(atIndex(pos) ? try parseIndex(.table) : 0)
        case .memarg:
            try memoryArgument(instruction)
        case .memargLane:
            // A first number followed by another number or by offset=/align= is a memory index.
            var hasMemoryArgument = true
            if kind(pos) == .number {
                hasMemoryArgument = kind(pos + 1) == .number || hasPrefix(pos + 1, "offset=")
                    || hasPrefix(pos + 1, "align=")
            }
            if hasMemoryArgument {
                try memoryArgument(instruction)
            } else {
                output.append(instruction.alignLog2)
                output.append(0)
            }
            output.append(try parseLaneIndex())
        case .memory:
            output.appendULEB(atIndex(pos) ? try parseIndex(.memory) : 0)
        case .memoryInit:
            needsDataCount = true
            var memory: UInt32 = 0
            if atIndex(pos + 1) { memory = try parseIndex(.memory) }
            output.appendULEB(try parseIndex(.data))
            output.appendULEB(memory)
        case .memoryCopy:
            if atIndex(pos) {
                output.appendULEB(try parseIndex(.memory))
                output.appendULEB(try parseIndex(.memory))
            } else {
                output.append(contentsOf: [0, 0])
            }
        case .data:
            needsDataCount = true
            output.appendULEB(try parseIndex(.data))
        case .tableInit:
            var table: UInt32 = 0
            if atIndex(pos + 1) { table = try parseIndex(.table) }
            output.appendULEB(try parseIndex(.element))
            output.appendULEB(table)
        case .tableCopy:
            if atIndex(pos) {
                output.appendULEB(try parseIndex(.table))
                output.appendULEB(try parseIndex(.table))
            } else {
                output.append(contentsOf: [0, 0])
            }
        case .elem:
            output.appendULEB(try parseIndex(.element))
        case .i32:
            output.appendSLEB(Int64(Int32(bitPattern: try parseI32())))
        case .i64:
            output.appendSLEB(Int64(bitPattern: try parseI64()))
        case .f32:
            appendLittleEndian(UInt64(try parseF32()), bytes: 4)
        case .f64:
            appendLittleEndian(try parseF64(), bytes: 8)
        case .v128:
            let value = try parseV128()
            appendLittleEndian(value.lo, bytes: 8)
            appendLittleEndian(value.hi, bytes: 8)
        case .shuffle:
            for _ in 0..<16 {
                guard isLiteral(pos) else { throw error("invalid lane length") }
                output.append(try parseLaneIndex(shuffle: true))
            }
            if kind(pos) == .number { throw error("invalid lane length") }
        case .lane:
            output.append(try parseLaneIndex())
        case .fence:
            output.append(0)
        case .heapType where instruction.opcode == .refTest || instruction.opcode == .refCast
            || instruction.opcode == .refCastDescEq:
            // `ref.test (ref null t)` is its own opcode, one above the non-null form's (both
            // one-byte LEB128 codes after the 0xFB prefix).
            let type = try parseRefType()
            if type.nullable && emitting, let last = output.last { output[output.count - 1] = last + 1 }
            output.appendHeapType(type.heapType)
        case .heapType:
            output.appendHeapType(try parseHeapType())
        case .tag:
            output.appendULEB(try parseIndex(.tag))
        case .block, .selectT, .tryTable:
            throw error("unexpected token")
        }
    }

    /// A local index: a parameter or local name, or a number.
    mutating func parseLocalIndex() throws(TextError) -> UInt32 {
        let t = tokens[pos]
        if t.kind == .identifier {
            guard let index = localNames[t.link] else { throw error("unknown local \(identifierText(pos))") }
            pos += 1
            return index
        }
        return try parseU32()
    }

    /// Whether token `index` can be a numeric literal (a number, a reserved word such as `.5`, or
    /// a keyword such as `inf` or `nan:0x1`).
    func isLiteral(_ index: Int) -> Bool {
        switch kind(index) {
        case .number, .reserved, .keyword: return true
        default: return false
        }
    }

    /// A lane index: an unsigned integer below 256. Of `extract_lane` and friends the index must
    /// be written as an unsigned integer ("unexpected token" otherwise); of `i8x16.shuffle` any
    /// literal that is not a lane index is a "malformed lane index".
    mutating func parseLaneIndex(shuffle: Bool = false) throws(TextError) -> UInt8 {
        let t = tokens[pos]
        let unsigned = t.kind == .number ? NumericLiteral.unsigned(p, Int(t.start), Int(t.end)) : nil
        guard let (value, overflow) = unsigned else {
            throw shuffle && isLiteral(pos) ? error("malformed lane index") : unexpected()
        }
        guard !overflow, value < 256 else { throw error("malformed lane index") }
        pos += 1
        return UInt8(value)
    }

    /// `memidx? offset=N? align=N?`, written as flags (log2 alignment, bit 6 for a memory
    /// index), the memory index if not 0, and the offset.
    mutating func memoryArgument(_ instruction: TextInstruction) throws(TextError) {
        var memory: UInt32 = 0
        if atIndex(pos) { memory = try parseIndex(.memory) }
        var offset: UInt64 = 0
        if hasPrefix(pos, "offset=") {
            offset = try keywordValue(prefixLength: 7)
        }
        var alignLog2 = UInt32(instruction.alignLog2)
        if hasPrefix(pos, "align=") {
            let start = pos
            let align = try keywordValue(prefixLength: 6)
            guard align != 0, align & (align - 1) == 0 else {
                throw error("alignment must be a power of two", at: start)
            }
            alignLog2 = UInt32(align.trailingZeroBitCount)
        }
        if memory == 0 {
            output.appendULEB(alignLog2)
        } else {
            output.appendULEB(alignLog2 | 0x40)
            output.appendULEB(memory)
        }
        output.appendULEB(offset)
    }

    /// The number after `offset=` or `align=` in the current keyword (consumed).
    private mutating func keywordValue(prefixLength: Int) throws(TextError) -> UInt64 {
        let t = tokens[pos]
        guard let (value, overflow) = NumericLiteral.unsigned(p, Int(t.start) + prefixLength, Int(t.end)) else {
            throw error("unknown operator")
        }
        guard !overflow else { throw error("constant out of range") }
        pos += 1
        return value
    }

    /// Writes the low `bytes` bytes of `value`, little-endian.
    @inline(__always)
    mutating func appendLittleEndian(_ value: UInt64, bytes: Int) {
        for i in 0..<bytes { output.append(UInt8(truncatingIfNeeded: value >> UInt64(i * 8))) }
    }

    // MARK: - Constants

    /// An integer literal token of `width` bits, as its bits.
    mutating func parseIntegerBits(width: Int) throws(TextError) -> UInt64 {
        let t = tokens[pos]
        guard t.kind == .number else { throw unexpected() }
        guard let literal = NumericLiteral.integer(p, Int(t.start), Int(t.end)) else {
            throw error("unknown operator")
        }
        guard let bits = NumericLiteral.bits(literal, width: width) else { throw error("constant out of range") }
        pos += 1
        return bits
    }

    mutating func parseI32() throws(TextError) -> UInt32 { UInt32(try parseIntegerBits(width: 32)) }

    mutating func parseI64() throws(TextError) -> UInt64 { try parseIntegerBits(width: 64) }

    /// An f32 literal token, as its bits.
    mutating func parseF32() throws(TextError) -> UInt32 {
        let t = tokens[pos]
        guard t.kind == .number || t.kind == .keyword || t.kind == .reserved else { throw unexpected() }
        guard let bits = try NumericLiteral.float32(p, Int(t.start), Int(t.end)) else {
            throw t.kind == .keyword ? unexpected() : error("unknown operator")
        }
        pos += 1
        return bits
    }

    /// An f64 literal token, as its bits.
    mutating func parseF64() throws(TextError) -> UInt64 {
        let t = tokens[pos]
        guard t.kind == .number || t.kind == .keyword || t.kind == .reserved else { throw unexpected() }
        guard let bits = try NumericLiteral.float64(p, Int(t.start), Int(t.end)) else {
            throw t.kind == .keyword ? unexpected() : error("unknown operator")
        }
        pos += 1
        return bits
    }

    /// `shape lane*`: `i8x16`, `i16x8`, `i32x4`, `i64x2`, `f32x4` or `f64x2` and its lanes.
    mutating func parseV128() throws(TextError) -> V128 {
        let shape = pos
        let width: Int
        let isFloat: Bool
        if isKeyword(shape, "i8x16") { width = 8; isFloat = false }
        else if isKeyword(shape, "i16x8") { width = 16; isFloat = false }
        else if isKeyword(shape, "i32x4") { width = 32; isFloat = false }
        else if isKeyword(shape, "i64x2") { width = 64; isFloat = false }
        else if isKeyword(shape, "f32x4") { width = 32; isFloat = true }
        else if isKeyword(shape, "f64x2") { width = 64; isFloat = true }
        else { throw unexpected() }
        pos += 1
        let lanes = 128 / width
        // Count the literals first: a wrong count is reported before a bad literal.
        var count = 0
        while isLiteral(pos + count) && (kind(pos + count) != .keyword || isFloat) && count <= lanes { count += 1 }
        if isFloat {
            while count > 0 && kind(pos + count - 1) == .keyword && instructionIndex(pos + count - 1) != nil { count -= 1 }
        }
        guard count == lanes else { throw error("wrong number of lane literals") }
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        for lane in 0..<lanes {
            let bits: UInt64
            if isFloat {
                bits = width == 32 ? UInt64(try parseF32()) : try parseF64()
            } else {
                bits = try parseIntegerBits(width: width)
            }
            let shift = UInt64((lane * width) % 64)
            if lane * width < 64 { lo |= bits << shift } else { hi |= bits << shift }
        }
        return V128(lo: lo, hi: hi)
    }

    /// The two immediates of a GC instruction with a type index and a second index: a field
    /// (`struct.get`/`set`), a count (`array.new_fixed`), a data or element segment
    /// (`array.new_data`/`init_data`, `array.new_elem`/`init_elem`) or a source type
    /// (`array.copy`).
    private mutating func typeAndIndex(_ opcode: Opcode) throws(TextError) {
        let type = try parseIndex(.type)
        output.appendULEB(type)
        switch opcode {
        case .structGet, .structGetS, .structGetU, .structSet:
            output.appendULEB(try parseFieldIndex(of: type))
        case .arrayNewFixed:
            output.appendULEB(try parseU32())
        case .arrayNewData, .arrayInitData:
            needsDataCount = true
            output.appendULEB(try parseIndex(.data))
        case .arrayNewElem, .arrayInitElem:
            output.appendULEB(try parseIndex(.element))
        default:
            output.appendULEB(try parseIndex(.type))
        }
    }
}
