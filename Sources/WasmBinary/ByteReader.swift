/// Reads the primitive encodings of the WebAssembly binary format from a byte array,
/// keeping the current offset for error messages.
public struct ByteReader: Sendable {
    /// The whole binary.
    public let bytes: [UInt8]
    /// Offset of the next byte to read.
    public var offset: Int
    /// One past the last byte this reader may read.
    public var end: Int
    /// Read 32-bit limits as `u32` (WebAssembly 2.0) instead of `u64` (3.0).
    public var limitsAsU32 = false

    /// Creates a reader over `bytes[range]`.
    public init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = min(range.upperBound, bytes.count)
    }

    /// Creates a reader over all of `bytes`.
    public init(bytes: [UInt8]) {
        self.init(bytes: bytes, range: 0..<bytes.count)
    }

    /// Whether every byte has been read.
    @inlinable public var isAtEnd: Bool { offset >= end }

    /// Bytes left.
    @inlinable public var remaining: Int { end - offset }

    /// Reads one byte.
    @inlinable public mutating func readByte() throws(DecodeError) -> UInt8 {
        guard offset < end else { throw DecodeError("unexpected end", offset: offset) }
        let b = bytes[offset]
        offset += 1
        return b
    }

    /// Reads `count` raw bytes and returns their range in `bytes`.
    public mutating func readRange(_ count: Int) throws(DecodeError) -> Range<Int> {
        guard count >= 0, count <= end - offset else {
            throw DecodeError("unexpected end", offset: offset)
        }
        let r = offset..<(offset + count)
        offset += count
        return r
    }

    /// Reads an unsigned LEB128 of at most `bits` bits (32 or 64).
    @inlinable public mutating func readUnsigned(bits: Int) throws(DecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift = 0
        let start = offset
        while true {
            guard offset < end else { throw DecodeError("unexpected end", offset: offset) }
            let byte = bytes[offset]
            offset += 1
            let payload = UInt64(byte & 0x7F)
            if shift + 7 > bits {
                // Last permitted byte: unused bits must be zero and the continuation bit clear.
                // "too large" is checked first, as the reference interpreter does.
                let usable = bits - shift
                if payload >> UInt64(usable) != 0 {
                    throw DecodeError("integer too large", offset: start)
                }
                if byte & 0x80 != 0 {
                    throw DecodeError("integer representation too long", offset: start)
                }
                return result | (payload << UInt64(shift))
            }
            result |= payload << UInt64(shift)
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Reads a signed LEB128 of at most `bits` bits (32, 33 or 64), sign-extended to 64 bits.
    @inlinable public mutating func readSigned(bits: Int) throws(DecodeError) -> Int64 {
        var result: Int64 = 0
        var shift = 0
        let start = offset
        while true {
            guard offset < end else { throw DecodeError("unexpected end", offset: offset) }
            let byte = bytes[offset]
            offset += 1
            let payload = Int64(byte & 0x7F)
            if shift + 7 >= bits {
                // Last permitted byte: the unused high bits must all equal the sign bit and the
                // continuation bit must be clear ("too large" is checked first, as the reference
                // interpreter does).
                let usable = bits - shift  // 1...7 bits that carry value, the top one is the sign
                let signAndUnused = payload >> Int64(usable - 1)
                let allOnes = Int64(0x7F) >> Int64(usable - 1)
                if signAndUnused != 0 && signAndUnused != allOnes {
                    throw DecodeError("integer too large", offset: start)
                }
                if byte & 0x80 != 0 {
                    throw DecodeError("integer representation too long", offset: start)
                }
                result |= payload << Int64(shift)
                if shift + 7 < 64 && (byte & 0x40) != 0 {
                    result |= -1 << Int64(shift + 7)
                }
                return result
            }
            result |= payload << Int64(shift)
            shift += 7
            if byte & 0x80 == 0 {
                if (byte & 0x40) != 0 && shift < 64 {
                    result |= -1 << Int64(shift)
                }
                return result
            }
        }
    }

    /// Reads a `u32` LEB128.
    ///
    /// Numbers of one to four bytes (every such encoding is a well-formed `u32`) are read here;
    /// longer ones, and any that runs to the end, by `readUnsigned`, which checks them.
    @inlinable public mutating func readU32() throws(DecodeError) -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        var p = offset
        while p < end && p - offset < 4 {
            let byte = bytes[p]
            result |= UInt32(byte & 0x7F) << shift
            p += 1
            if byte < 0x80 {
                offset = p
                return result
            }
            shift += 7
        }
        return UInt32(truncatingIfNeeded: try readUnsigned(bits: 32))
    }

    /// Reads a `u64` LEB128.
    @inlinable public mutating func readU64() throws(DecodeError) -> UInt64 {
        try readUnsigned(bits: 64)
    }

    /// Reads an `s32` LEB128.
    @inlinable public mutating func readS32() throws(DecodeError) -> Int32 {
        Int32(truncatingIfNeeded: try readSigned(bits: 32))
    }

    /// Reads an `s64` LEB128.
    @inlinable public mutating func readS64() throws(DecodeError) -> Int64 {
        try readSigned(bits: 64)
    }

    /// Reads a little-endian fixed-width 32-bit value.
    public mutating func readFixed32() throws(DecodeError) -> UInt32 {
        guard end - offset >= 4 else { throw DecodeError("unexpected end", offset: offset) }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << UInt32(i * 8) }
        offset += 4
        return v
    }

    /// Reads a little-endian fixed-width 64-bit value.
    public mutating func readFixed64() throws(DecodeError) -> UInt64 {
        guard end - offset >= 8 else { throw DecodeError("unexpected end", offset: offset) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << UInt64(i * 8) }
        offset += 8
        return v
    }

    /// Reads 16 raw bytes as a vector.
    public mutating func readV128() throws(DecodeError) -> V128 {
        let lo = try readFixed64()
        let hi = try readFixed64()
        return V128(lo: lo, hi: hi)
    }

    /// Reads a length-prefixed UTF-8 name.
    public mutating func readName() throws(DecodeError) -> String {
        let start = offset
        let length = try readU32()
        guard let count = Int(exactly: length) else {
            throw DecodeError("unexpected end", offset: offset)
        }
        let range = try readRange(count)
        guard let s = String(validating: bytes[range], as: UTF8.self) else {
            throw DecodeError("malformed UTF-8 encoding", offset: start)
        }
        return s
    }
}
