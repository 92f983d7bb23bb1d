// Readers shared by several sections: counts, limits, table/memory/global/tag types and
// constant expressions.

/// The message for reading past the end of a section or a function body.
let endOfSectionMessage = "unexpected end of section or function"

extension DecodeError {
    /// The error to report when this one happened inside a section: running out of bytes there
    /// means the section (or function body) ended early, not the binary.
    func insideSection() -> DecodeError {
        message == "unexpected end" ? DecodeError(endOfSectionMessage, offset: offset) : self
    }
}

extension ByteReader {
    /// Reads a vector length and checks that `count * minimumItemSize` bytes remain, so callers
    /// can reserve capacity for it without trusting the input.
    mutating func readCount(minimumItemSize: Int = 1) throws(DecodeError) -> Int {
        let start = offset
        let count = UInt64(try readU32())
        let need = count.multipliedReportingOverflow(by: UInt64(max(minimumItemSize, 1)))
        guard !need.overflow, remaining >= 0, need.partialValue <= UInt64(remaining),
              let n = Int(exactly: count) else {
            throw DecodeError(endOfSectionMessage, offset: start)
        }
        return n
    }

    /// Reads limits whose flags byte may only have the bits of `allowedBits` set: bit 0 = maximum
    /// present, bit 1 = shared, bit 2 = 64-bit indices (min and max are then `u64`, else `u32`).
    mutating func readLimits(allowedBits: UInt8) throws(DecodeError) -> Limits {
        try readLimitsAndFlags(allowedBits: allowedBits).limits
    }

    /// `readLimits`, also returning the flags byte.
    mutating func readLimitsAndFlags(allowedBits: UInt8) throws(DecodeError) -> (limits: Limits, flags: UInt8) {
        let start = offset
        let flags = try readByte()
        guard flags & ~allowedBits == 0 else {
            throw DecodeError("malformed limits flags", offset: start)
        }
        let is64 = flags & 0x04 != 0
        let wide = is64 || !limitsAsU32
        let min = wide ? try readU64() : UInt64(try readU32())
        var max: UInt64?
        if flags & 0x01 != 0 {
            max = wide ? try readU64() : UInt64(try readU32())
        }
        return (Limits(min: min, max: max, is64: is64, shared: flags & 0x02 != 0), flags)
    }

    /// Reads a table type: a reference type, then limits (flags 0x00, 0x01, 0x04, 0x05).
    mutating func readTableType() throws(DecodeError) -> TableType {
        let element = try readRefType()
        let limits = try readLimits(allowedBits: 0x05)
        return TableType(elementType: element, limits: limits)
    }

    /// Reads a memory type: limits with flags 0x00–0x0F (max, shared, memory64, and bit 3: a
    /// custom page size, whose log2 follows as a `u32`; at most 64, else "invalid custom page
    /// size"). WebAssembly 2.0 decoding (`limitsAsU32`) allows 0x00–0x07 only.
    mutating func readMemoryType() throws(DecodeError) -> MemoryType {
        let (limits, flags) = try readLimitsAndFlags(allowedBits: limitsAsU32 ? 0x07 : 0x0F)
        guard flags & 0x08 != 0 else { return MemoryType(limits: limits) }
        let start = offset
        let log2 = try readU32()
        guard log2 <= 64 else { throw DecodeError("invalid custom page size", offset: start) }
        return MemoryType(limits: limits, pageSizeLog2: UInt8(log2))
    }

    /// Reads a global type: a value type and a mutability byte (0 or 1).
    mutating func readGlobalType() throws(DecodeError) -> GlobalType {
        let valueType = try readValueType()
        let start = offset
        switch try readByte() {
        case 0: return GlobalType(valueType: valueType, mutability: .constant)
        case 1: return GlobalType(valueType: valueType, mutability: .variable)
        default: throw DecodeError("malformed mutability", offset: start)
        }
    }

    /// Reads a tag type: attribute byte 0 (exception), then a type index.
    mutating func readTagType() throws(DecodeError) -> TagType {
        let start = offset
        guard try readByte() == 0 else {
            throw DecodeError("malformed tag attribute", offset: start)
        }
        return TagType(typeIndex: try readU32())
    }

    /// Reads a constant expression up to and including its terminating `end`; the returned
    /// instructions leave that `end` out. Nested blocks are tracked so that the right `end`
    /// terminates the expression (the validator rejects them anyway).
    mutating func readConstExpression() throws(DecodeError) -> ConstExpression {
        let start = offset
        var decoder = InstructionDecoder(bytes: bytes, range: offset..<end)
        var instructions: [Instruction] = []
        var depth = 0
        while true {
            let instruction = try decoder.next()
            switch instruction.opcode {
            case .block, .loop, .if, .try, .tryTable:
                depth += 1  // at most one per input byte: cannot overflow
            case .end, .delegate:
                if depth == 0 {
                    guard instruction.opcode == .end else {
                        throw DecodeError("END opcode expected", offset: instruction.offset)
                    }
                    offset = decoder.offset
                    return ConstExpression(instructions: instructions, offset: start)
                }
                depth -= 1
            default:
                break
            }
            instructions.append(instruction)
        }
    }

    /// A `ref.func` constant expression, the form function-index element items take.
    static func refFunc(_ index: UInt32, at offset: Int) -> ConstExpression {
        var instruction = Instruction(opcode: .refFunc, offset: offset)
        instruction.index = index
        return ConstExpression(instructions: [instruction], offset: offset)
    }
}
