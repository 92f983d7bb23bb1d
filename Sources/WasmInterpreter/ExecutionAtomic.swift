import WasmBinary

extension Execution {
    /// Runs an `atomic` instruction (layout in `Translator.translateAtomic`) and returns the
    /// next pc. A store's code runs on one thread at a time, so each access is an ordinary read
    /// or write of the memory: the effective address must lie in bounds (else "out of bounds
    /// memory access") and be a multiple of the access width (else "unaligned atomic").
    /// `memory.atomic.notify` wakes nobody (no thread can be waiting) and returns 0. A wait on a
    /// value that differs returns 1 ("not-equal"); on a matching value it returns 2
    /// ("timed-out") at once when it has a time limit, since no other thread exists that could
    /// notify it first, and traps when it has none, since it could never return.
    func executeAtomic(
        pc: UnsafeMutablePointer<UInt64>, fp: UnsafeMutablePointer<UInt64>, instance: Instance
    ) throws(TrapCode) -> UnsafeMutablePointer<UInt64> {
        let w1 = pc[1], w3 = pc[3]
        guard let opcode = Opcode(wordTag: UInt16(truncatingIfNeeded: w1)), let access = AtomicAccess(opcode) else {
            throw TrapCode.hostTrap("atomic instruction with an unknown opcode")
        }
        let box = store.memories[instance.memoryAddresses[Int(truncatingIfNeeded: w1 >> 32)]]
        let mem = box.state
        let rawAddress = fp[Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w3))]
        let address = mem.pointee.is64 ? rawAddress : UInt64(UInt32(truncatingIfNeeded: rawAddress))
        let (ea, overflow) = address.addingReportingOverflow(pc[2])
        let width = UInt64(access.width)
        guard !overflow, inBounds(ea, width, mem.pointee.byteCount) else { throw TrapCode.outOfBoundsMemoryAccess }
        guard ea & (width &- 1) == 0 else { throw TrapCode.unalignedAtomic }
        let at = mem.pointee.base.advanced(by: Int(ea))
        let dst = Int(truncatingIfNeeded: pc[0] >> 32)
        let mask: UInt64 = width == 8 ? UInt64.max : (1 << (width &* 8)) &- 1
        let value = access.operands >= 2 ? fp[Int(truncatingIfNeeded: w3 >> 32)] & mask : 0
        let old = Self.loadAtomic(at, access.width)
        switch access.operation {
        case .load:
            fp[dst] = old
        case .store:
            Self.storeAtomic(at, access.width, value)
        case .add, .sub, .and, .or, .xor, .xchg:
            Self.storeAtomic(at, access.width, Self.combine(access.operation, old, value) & mask)
            fp[dst] = old
        case .cmpxchg:
            if old == value {
                Self.storeAtomic(at, access.width, fp[Int(truncatingIfNeeded: pc[4])] & mask)
            }
            fp[dst] = old
        case .notify:
            fp[dst] = 0
        case .wait:
            guard box.type.limits.shared else { throw TrapCode.expectedSharedMemory }
            if old != value {
                fp[dst] = 1
            } else {
                let timeout = Int64(bitPattern: fp[Int(truncatingIfNeeded: pc[4])])
                guard timeout >= 0 else { throw TrapCode.waitWithoutWaker }
                fp[dst] = 2
            }
        }
        return pc + 5
    }

    /// The `width` bytes at `at`, little-endian, zero-extended.
    @inline(__always)
    static func loadAtomic(_ at: UnsafeMutableRawPointer, _ width: Int) -> UInt64 {
        switch width {
        case 1: return UInt64(at.load(as: UInt8.self))
        case 2: return UInt64(UInt16(littleEndian: at.loadUnaligned(as: UInt16.self)))
        case 4: return UInt64(UInt32(littleEndian: at.loadUnaligned(as: UInt32.self)))
        default: return UInt64(littleEndian: at.loadUnaligned(as: UInt64.self))
        }
    }

    /// Writes the low `width` bytes of `value` at `at`, little-endian.
    @inline(__always)
    static func storeAtomic(_ at: UnsafeMutableRawPointer, _ width: Int, _ value: UInt64) {
        switch width {
        case 1: at.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
        case 2: at.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, as: UInt16.self)
        case 4: at.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, as: UInt32.self)
        default: at.storeBytes(of: value.littleEndian, as: UInt64.self)
        }
    }

    /// The new value of a read-modify-write (wrapping; the caller cuts it to the width).
    static func combine(_ operation: AtomicAccess.Operation, _ old: UInt64, _ value: UInt64) -> UInt64 {
        switch operation {
        case .add: return old &+ value
        case .sub: return old &- value
        case .and: return old & value
        case .or: return old | value
        case .xor: return old ^ value
        default: return value  // xchg
        }
    }
}
