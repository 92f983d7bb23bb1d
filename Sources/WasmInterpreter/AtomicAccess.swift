import WasmBinary

/// What an atomic memory instruction does, from its opcode: its width, its operation and how
/// many operands it takes.
struct AtomicAccess {
    /// The operation on memory.
    enum Operation {
        case load, store, add, sub, and, or, xor, xchg, cmpxchg, notify, wait
    }

    let operation: Operation
    /// Bytes read or written (1, 2, 4 or 8).
    let width: Int
    /// Whether the value operands and the result are i64 (else i32).
    let is64: Bool

    /// The access of `opcode`; nil for `atomic.fence` and every non-atomic instruction.
    init?(_ opcode: Opcode) {
        guard let log2 = opcode.atomicWidthLog2 else { return nil }
        width = 1 << Int(log2)
        switch opcode {
        case .memoryAtomicNotify:
            operation = .notify
            is64 = false
            return
        case .memoryAtomicWait32, .memoryAtomicWait64:
            operation = .wait
            is64 = opcode == .memoryAtomicWait64
            return
        default:
            break
        }
        // The loads, stores and each read-modify-write come in groups of seven, in the shapes
        // i32, i64, i32 8-bit, i32 16-bit, i64 8-bit, i64 16-bit, i64 32-bit.
        let k = Int(opcode.rawValue) - Int(Opcode.i32AtomicLoad.rawValue)
        guard k >= 0, k / 7 < Self.groups.count else { return nil }
        operation = Self.groups[k / 7]
        is64 = Self.shapeIs64[k % 7]
    }

    /// The operation of each group of seven, in opcode order.
    private static let groups: [Operation] = [.load, .store, .add, .sub, .and, .or, .xor, .xchg, .cmpxchg]
    /// Whether each shape of a group has i64 operands.
    private static let shapeIs64 = [false, true, false, false, true, true, true]

    /// How many operands it pops: the address and zero, one or two values.
    var operands: Int {
        switch operation {
        case .load: return 1
        case .cmpxchg, .wait: return 3
        default: return 2
        }
    }

    /// Whether it pushes a result (all but the stores).
    var hasResult: Bool { operation != .store }
}
