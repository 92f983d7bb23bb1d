extension ByteReader {
    /// Reads a heap type: an abstract type byte or a non-negative s33 type index.
    public mutating func readHeapType() throws(DecodeError) -> HeapType {
        let start = offset
        guard offset < end else { throw DecodeError("unexpected end", offset: offset) }
        let first = bytes[offset]
        if let abstract = Self.abstractHeapType(first) {
            offset += 1
            return abstract
        }
        if first == 0x62 {
            // `(exact x)` (custom-descriptors proposal): a u32 type index, so that no abstract
            // heap type can be exact.
            offset += 1
            return .exact(try readU32())
        }
        let value = try readSigned(bits: 33)
        guard value >= 0, value <= Int64(UInt32.max) else {
            throw DecodeError("malformed heap type", offset: start)
        }
        return .concrete(UInt32(value))
    }

    /// The abstract heap type a single byte stands for, if any.
    static func abstractHeapType(_ byte: UInt8) -> HeapType? {
        switch byte {
        case 0x70: return .function
        case 0x6F: return .extern
        case 0x69: return .exception
        case 0x6E: return .any
        case 0x6D: return .eq
        case 0x6C: return .i31
        case 0x6B: return .struct
        case 0x6A: return .array
        case 0x71: return HeapType.none
        case 0x72: return .noExtern
        case 0x73: return .noFunction
        case 0x74: return .noException
        default: return nil
        }
    }

    /// Reads a reference type (shorthand byte or `0x63`/`0x64` followed by a heap type).
    public mutating func readRefType() throws(DecodeError) -> RefType {
        let start = offset
        let byte = try readByte()
        if let ht = Self.abstractHeapType(byte) {
            return RefType(nullable: true, heapType: ht)
        }
        switch byte {
        case 0x63: return RefType(nullable: true, heapType: try readHeapType())
        case 0x64: return RefType(nullable: false, heapType: try readHeapType())
        default: throw DecodeError("malformed reference type", offset: start)
        }
    }

    /// Reads a value type.
    public mutating func readValueType() throws(DecodeError) -> ValueType {
        let start = offset
        guard offset < end else { throw DecodeError("unexpected end", offset: offset) }
        switch bytes[offset] {
        case 0x7F: offset += 1; return .i32
        case 0x7E: offset += 1; return .i64
        case 0x7D: offset += 1; return .f32
        case 0x7C: offset += 1; return .f64
        case 0x7B: offset += 1; return .v128
        default:
            let b = bytes[offset]
            if Self.abstractHeapType(b) != nil || b == 0x63 || b == 0x64 {
                return .ref(try readRefType())
            }
            offset += 1
            throw DecodeError("malformed value type", offset: start)
        }
    }

    /// Reads a block type: `0x40`, a value type, or a non-negative s33 type index.
    public mutating func readBlockType() throws(DecodeError) -> BlockType {
        let start = offset
        guard offset < end else { throw DecodeError("unexpected end", offset: offset) }
        let b = bytes[offset]
        if b == 0x40 {
            offset += 1
            return .empty
        }
        switch b {
        case 0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x63, 0x64:
            return .value(try readValueType())
        default:
            if Self.abstractHeapType(b) != nil { return .value(try readValueType()) }
        }
        let value = try readSigned(bits: 33)
        guard value >= 0, value <= Int64(UInt32.max) else {
            throw DecodeError("malformed block type", offset: start)
        }
        return .typeIndex(UInt32(value))
    }

    /// Reads a memory operand (alignment flags, optional memory index, offset).
    public mutating func readMemArg() throws(DecodeError) -> MemArg {
        let start = offset
        let flags = try readU32()
        var memory: UInt32 = 0
        var align = flags
        if flags & 0x40 != 0 {
            align = flags & ~0x40
            memory = try readU32()
        }
        guard align < 64 else { throw DecodeError("malformed memop flags", offset: start) }
        let memOffset = try readU64()
        return MemArg(align: align, offset: memOffset, memory: memory)
    }
}
