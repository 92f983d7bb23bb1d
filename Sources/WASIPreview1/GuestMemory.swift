/// A guest's linear memory during one host call, with every access bounds-checked: an address
/// range that does not fit throws `Errno.fault`, never touching memory outside.
///
/// Valid only while the host call runs (memory can move when it grows).
struct GuestMemory {
    let buffer: UnsafeMutableRawBufferPointer

    var size: Int { buffer.count }

    /// The byte range `[address, address + count)` as a pointer, or `fault`.
    @inline(__always)
    func pointer(_ address: UInt32, _ count: Int) throws(Errno) -> UnsafeMutableRawPointer {
        let start = Int(address)
        guard count >= 0, start <= buffer.count, buffer.count - start >= count, let base = buffer.baseAddress else {
            throw .fault
        }
        return base + start
    }

    /// `count` bytes at `address` as a buffer, or `fault`.
    func slice(_ address: UInt32, _ count: UInt32) throws(Errno) -> UnsafeMutableRawBufferPointer {
        let n = Int(count)
        if n == 0 { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
        return UnsafeMutableRawBufferPointer(start: try pointer(address, n), count: n)
    }

    func load8(_ address: UInt32) throws(Errno) -> UInt8 {
        try pointer(address, 1).load(as: UInt8.self)
    }

    func load16(_ address: UInt32) throws(Errno) -> UInt16 {
        UInt16(littleEndian: try pointer(address, 2).loadUnaligned(as: UInt16.self))
    }

    func load32(_ address: UInt32) throws(Errno) -> UInt32 {
        UInt32(littleEndian: try pointer(address, 4).loadUnaligned(as: UInt32.self))
    }

    func load64(_ address: UInt32) throws(Errno) -> UInt64 {
        UInt64(littleEndian: try pointer(address, 8).loadUnaligned(as: UInt64.self))
    }

    func store8(_ address: UInt32, _ value: UInt8) throws(Errno) {
        try pointer(address, 1).storeBytes(of: value, as: UInt8.self)
    }

    func store16(_ address: UInt32, _ value: UInt16) throws(Errno) {
        try pointer(address, 2).storeBytes(of: value.littleEndian, toByteOffset: 0, as: UInt16.self)
    }

    func store32(_ address: UInt32, _ value: UInt32) throws(Errno) {
        try pointer(address, 4).storeBytes(of: value.littleEndian, toByteOffset: 0, as: UInt32.self)
    }

    func store64(_ address: UInt32, _ value: UInt64) throws(Errno) {
        try pointer(address, 8).storeBytes(of: value.littleEndian, toByteOffset: 0, as: UInt64.self)
    }

    /// Copies `bytes` to `address`.
    func write(_ address: UInt32, _ bytes: [UInt8]) throws(Errno) {
        let target = try pointer(address, bytes.count)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { target.copyMemory(from: base, byteCount: $0.count) } }
    }

    /// The bytes at `[address, address + count)`.
    func bytes(_ address: UInt32, _ count: UInt32) throws(Errno) -> [UInt8] {
        let source = try slice(address, count)
        return Array(UnsafeRawBufferPointer(source))
    }

    /// A guest path: checked for bounds, then for NUL bytes (`inval`) and UTF-8 (`ilseq`).
    func path(_ address: UInt32, _ count: UInt32) throws(Errno) -> [UInt8] {
        let bytes = try self.bytes(address, count)
        if bytes.contains(0) { throw .inval }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: break decoding
            case .error: throw .ilseq
            }
        }
        return bytes
    }

    /// The buffers of an iovec/ciovec array (`iovs_len` entries of `{ buf: u32, buf_len: u32 }`),
    /// each checked against the memory. Their total length is capped at `Int32.max`, like
    /// POSIX `readv`/`writev`.
    func ioVectors(_ address: UInt32, _ count: UInt32) throws(Errno) -> [UnsafeMutableRawBufferPointer] {
        guard count <= 1024 * 1024 else { throw .inval }
        _ = try pointer(address, Int(count) * P1.iovecSize)
        var result: [UnsafeMutableRawBufferPointer] = []
        result.reserveCapacity(Int(count))
        var total = 0
        for i in 0..<count {
            let entry = address &+ i &* UInt32(P1.iovecSize)
            let base = try load32(entry)
            var length = try load32(entry &+ 4)
            if total + Int(length) > Int(Int32.max) { length = UInt32(Int(Int32.max) - total) }
            total += Int(length)
            result.append(try slice(base, length))
        }
        return result
    }
}
