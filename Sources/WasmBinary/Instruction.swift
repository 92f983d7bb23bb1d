/// The type of a `block`, `loop`, `if` or `try_table`.
public enum BlockType: Hashable, Sendable {
    /// `[] -> []`
    case empty
    /// `[] -> [t]`
    case value(ValueType)
    /// A function type from the type section: `[params] -> [results]`.
    case typeIndex(UInt32)
}

/// The memory operand of a load or store.
public struct MemArg: Hashable, Sendable {
    /// log2 of the alignment hint.
    public var align: UInt32
    /// Constant offset added to the address.
    public var offset: UInt64
    /// Which memory (multi-memory); 0 unless the encoding says otherwise.
    public var memory: UInt32

    /// Creates a memory operand.
    public init(align: UInt32, offset: UInt64, memory: UInt32) {
        self.align = align
        self.offset = offset
        self.memory = memory
    }
}

/// One clause of a `try_table`.
public struct CatchClause: Hashable, Sendable {
    /// `catch`, `catch_ref`, `catch_all`, `catch_all_ref`.
    public enum Kind: UInt8, Hashable, Sendable {
        case `catch` = 0
        case catchRef = 1
        case catchAll = 2
        case catchAllRef = 3
    }
    /// Which clause.
    public var kind: Kind
    /// The tag caught (unused for the `catch_all` kinds).
    public var tag: UInt32
    /// The branch target label.
    public var label: UInt32

    /// Creates a clause.
    public init(kind: Kind, tag: UInt32, label: UInt32) {
        self.kind = kind
        self.tag = tag
        self.label = label
    }
}

/// One decoded instruction with its fixed-size immediates.
///
/// Which fields are meaningful depends on `opcode.immediateKind`:
/// - `label`, `func`, `type`, `local`, `global`, `table`, `memory`, `data`, `elem`, `tag`: `index`.
/// - `callIndirect`: `index` = type index, `index2` = table index.
/// - `memoryInit`: `index` = data index, `index2` = memory. `memoryCopy`: `index` = destination
///   memory, `index2` = source memory. `tableInit`: `index` = element index, `index2` = table.
///   `tableCopy`: `index` = destination table, `index2` = source table.
/// - `memarg`: `memarg`. `memargLane`: `memarg` and `index` = lane.
/// - `lane`: `index` = lane. `i32`/`i64`: `bits` (two's complement, i32 zero-extended).
///   `f32`/`f64`: `bits` (IEEE bit pattern). `v128`, `shuffle`: `v128`.
/// - `block`, `tryTable`: `blockType`. `heapType`: `heapType`.
/// - `typeIndex` (GC): `index` = type index, `index2` = field index (`struct.get`/`set`), element
///   count (`array.new_fixed`), data or element segment (`array.new_data`/`init_data`,
///   `array.new_elem`/`init_elem`) or source type (`array.copy`, whose `index` is the
///   destination's).
/// - `brOnCast`: `index` = label, `index2` = flags (bit 0: the source type is nullable, bit 1:
///   the target type is), `heapType2` = source heap type, `heapType` = target heap type.
/// - `brTable`, `selectT`, `tryTable`: the lists are in the decoder (`brTableTargets`,
///   `selectTypes`, `catchClauses`) until the next instruction is read.
public struct Instruction: Hashable, Sendable {
    /// What the instruction is.
    public var opcode: Opcode
    /// Byte offset of its first byte in the binary.
    public var offset: Int
    /// First index immediate.
    public var index: UInt32 = 0
    /// Second index immediate.
    public var index2: UInt32 = 0
    /// Memory operand.
    public var memarg = MemArg(align: 0, offset: 0, memory: 0)
    /// Block type.
    public var blockType = BlockType.empty
    /// Scalar constant bits.
    public var bits: UInt64 = 0
    /// Vector constant or shuffle lanes.
    public var v128 = V128.zero
    /// Heap type of `ref.null`, and the target type of `ref.test`, `ref.cast`, `br_on_cast`
    /// and `br_on_cast_fail`.
    public var heapType = HeapType.function
    /// The source heap type of `br_on_cast` and `br_on_cast_fail`.
    public var heapType2 = HeapType.function

    /// Creates an instruction with default immediates.
    public init(opcode: Opcode, offset: Int) {
        self.opcode = opcode
        self.offset = offset
    }
}
