/// Decodes the instructions of a function body or constant expression one at a time,
/// without allocating per instruction.
public struct InstructionDecoder: Sendable {
    /// The underlying reader; `reader.offset` is the next instruction's offset.
    public var reader: ByteReader
    /// Targets of the last `br_table`, the default target last.
    public private(set) var brTableTargets: [UInt32] = []
    /// Types of the last `select t*`.
    public private(set) var selectTypes: [ValueType] = []
    /// Clauses of the last `try_table`.
    public private(set) var catchClauses: [CatchClause] = []

    /// Creates a decoder over `bytes[range]`.
    public init(bytes: [UInt8], range: Range<Int>) {
        reader = ByteReader(bytes: bytes, range: range)
    }

    /// Whether every byte of the range has been decoded.
    public var isAtEnd: Bool { reader.isAtEnd }

    /// Offset of the next instruction.
    public var offset: Int { reader.offset }

    /// Decodes the next instruction.
    public mutating func next() throws(DecodeError) -> Instruction {
        let start = reader.offset
        let first = try reader.readByte()
        let opcode: Opcode
        switch first {
        case 0xFB:
            let code = try reader.readU32()
            guard let op = Opcode.prefixFB(code) else {
                throw DecodeError("illegal opcode fb \(code)", offset: start)
            }
            opcode = op
        case 0xFC:
            let code = try reader.readU32()
            guard let op = Opcode.prefixFC(code) else {
                throw DecodeError("illegal opcode fc \(code)", offset: start)
            }
            opcode = op
        case 0xFD:
            let code = try reader.readU32()
            guard let op = Opcode.prefixFD(code) else {
                throw DecodeError("illegal opcode fd \(code)", offset: start)
            }
            opcode = op
        case 0xFE:
            let code = try reader.readU32()
            guard let op = Opcode.prefixFE(code) else {
                throw DecodeError("illegal opcode fe \(code)", offset: start)
            }
            opcode = op
        default:
            guard let op = Opcode.singleByte(first) else {
                throw DecodeError("illegal opcode \(String(first, radix: 16))", offset: start)
            }
            opcode = op
        }
        var ins = Instruction(opcode: opcode, offset: start)
        try readImmediates(&ins)
        return ins
    }

    private mutating func readImmediates(_ ins: inout Instruction) throws(DecodeError) {
        switch ins.opcode.immediateKind {
        case .none:
            break
        case .block:
            ins.blockType = try reader.readBlockType()
        case .label, .func, .type, .local, .global, .table, .data, .elem, .tag:
            ins.index = try reader.readU32()
        case .memory:
            ins.index = try reader.readU32()
        case .brTable:
            let count = try reader.readU32()
            brTableTargets.removeAll(keepingCapacity: true)
            // Each target takes at least one byte: refuse counts the body cannot hold.
            guard Int(count) <= reader.remaining else {
                throw DecodeError("unexpected end", offset: reader.offset)
            }
            for _ in 0..<count { brTableTargets.append(try reader.readU32()) }
            brTableTargets.append(try reader.readU32())
        case .callIndirect:
            ins.index = try reader.readU32()
            ins.index2 = try reader.readU32()
        case .memarg:
            ins.memarg = try reader.readMemArg()
        case .memargLane:
            ins.memarg = try reader.readMemArg()
            ins.index = UInt32(try reader.readByte())
        case .memoryInit:
            ins.index = try reader.readU32()
            ins.index2 = try reader.readU32()
        case .memoryCopy, .tableCopy:
            ins.index = try reader.readU32()
            ins.index2 = try reader.readU32()
        case .tableInit:
            ins.index = try reader.readU32()
            ins.index2 = try reader.readU32()
        case .i32:
            ins.bits = UInt64(UInt32(bitPattern: try reader.readS32()))
        case .i64:
            ins.bits = UInt64(bitPattern: try reader.readS64())
        case .f32:
            ins.bits = UInt64(try reader.readFixed32())
        case .f64:
            ins.bits = try reader.readFixed64()
        case .v128, .shuffle:
            ins.v128 = try reader.readV128()
        case .lane:
            ins.index = UInt32(try reader.readByte())
        case .fence:
            // `atomic.fence` carries one reserved byte, which must be zero.
            let at = reader.offset
            guard try reader.readByte() == 0 else { throw DecodeError("zero byte expected", offset: at) }
        case .heapType:
            ins.heapType = try reader.readHeapType()
        case .typeIndex:
            ins.index = try reader.readU32()
            ins.index2 = try reader.readU32()
        case .brOnCast:
            // Flags: bit 0 the source type is nullable, bit 1 the target type is.
            let at = reader.offset
            let flags = try reader.readByte()
            guard flags <= 3 else { throw DecodeError("malformed br_on_cast flags", offset: at) }
            ins.index2 = UInt32(flags)
            ins.index = try reader.readU32()
            ins.heapType2 = try reader.readHeapType()
            ins.heapType = try reader.readHeapType()
        case .selectT:
            let count = try reader.readU32()
            guard Int(count) <= reader.remaining else {
                throw DecodeError("unexpected end", offset: reader.offset)
            }
            selectTypes.removeAll(keepingCapacity: true)
            for _ in 0..<count { selectTypes.append(try reader.readValueType()) }
        case .tryTable:
            ins.blockType = try reader.readBlockType()
            let count = try reader.readU32()
            guard Int(count) <= reader.remaining else {
                throw DecodeError("unexpected end", offset: reader.offset)
            }
            catchClauses.removeAll(keepingCapacity: true)
            for _ in 0..<count {
                let kindOffset = reader.offset
                let kindByte = try reader.readByte()
                guard let kind = CatchClause.Kind(rawValue: kindByte) else {
                    throw DecodeError("malformed catch clause", offset: kindOffset)
                }
                var tag: UInt32 = 0
                if kind == .catch || kind == .catchRef { tag = try reader.readU32() }
                let label = try reader.readU32()
                catchClauses.append(CatchClause(kind: kind, tag: tag, label: label))
            }
        }
    }
}
