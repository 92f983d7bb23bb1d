import WasmInterpreter

/// Bounds-checked little-endian access to one linear memory during a lift or lower.
///
/// The view keeps no pointer: every access looks up the memory's current base and size, so a
/// guest call that grows (and moves) the memory in between — `realloc` while lowering, the core
/// function itself before its results are lifted — never leaves a stale view behind. A pointer
/// returned by ``check(_:_:)`` is valid only until the next call into the guest.
struct GuestMemory {
    let store: Store
    let address: MemoryAddress

    init(store: Store, address: MemoryAddress) {
        self.store = store
        self.address = address
    }

    /// The memory's current size in bytes.
    var count: Int { Int(clamping: store.memorySize(address)) }

    /// Whether `[offset, offset+length)` lies inside the memory.
    @inline(__always) func contains(_ offset: Int, _ length: Int) -> Bool {
        let count = self.count
        return offset >= 0 && length >= 0 && offset <= count && count &- offset >= length
    }

    /// The address of `[offset, offset+length)` in the memory as it is now, or a trap when the
    /// range does not fit.
    @inline(__always) func check(_ offset: Int, _ length: Int) throws(TrapCode) -> UnsafeMutableRawPointer {
        try store.withUnsafeMemory(address) { (raw) throws(TrapCode) -> UnsafeMutableRawPointer in
            let count = raw.count
            guard offset >= 0, length >= 0, offset <= count, count &- offset >= length, let base = raw.baseAddress else {
                throw CanonTrap.pointerOutOfBounds
            }
            return base + offset
        }
    }

    func u8(_ offset: Int) throws(TrapCode) -> UInt8 { try check(offset, 1).load(as: UInt8.self) }
    func u16(_ offset: Int) throws(TrapCode) -> UInt16 { UInt16(littleEndian: try check(offset, 2).loadUnaligned(as: UInt16.self)) }
    func u32(_ offset: Int) throws(TrapCode) -> UInt32 { UInt32(littleEndian: try check(offset, 4).loadUnaligned(as: UInt32.self)) }
    func u64(_ offset: Int) throws(TrapCode) -> UInt64 { UInt64(littleEndian: try check(offset, 8).loadUnaligned(as: UInt64.self)) }

    func setU8(_ offset: Int, _ v: UInt8) throws(TrapCode) { try check(offset, 1).storeBytes(of: v, as: UInt8.self) }
    func setU16(_ offset: Int, _ v: UInt16) throws(TrapCode) { try check(offset, 2).storeBytes(of: v.littleEndian, as: UInt16.self) }
    func setU32(_ offset: Int, _ v: UInt32) throws(TrapCode) { try check(offset, 4).storeBytes(of: v.littleEndian, as: UInt32.self) }
    func setU64(_ offset: Int, _ v: UInt64) throws(TrapCode) { try check(offset, 8).storeBytes(of: v.littleEndian, as: UInt64.self) }

    /// Copies `length` bytes out of the memory.
    func bytes(_ offset: Int, _ length: Int) throws(TrapCode) -> [UInt8] {
        let p = try check(offset, length)
        return Array(UnsafeRawBufferPointer(start: p, count: length))
    }

    /// Copies bytes into the memory.
    func setBytes(_ offset: Int, _ bytes: [UInt8]) throws(TrapCode) {
        let p = try check(offset, bytes.count)
        bytes.withUnsafeBytes { src in
            if let s = src.baseAddress { p.copyMemory(from: s, byteCount: src.count) }
        }
    }
}
