import WasmInterpreter

/// Decoding and encoding strings in the canonical ABI's encodings.
enum StringCoding {
    static func decodeUTF8(_ bytes: UnsafeRawBufferPointer) throws(TrapCode) -> String {
        // A specialized check, then the standard library's contiguous fast path: the generic
        // `String(validating:as:)` costs a metadata lookup per string (5% of a funcs call).
        if isValidUTF8(bytes) { return String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self) }
        throw endsInTruncatedSequence(bytes) ? CanonTrap.incompleteUTF8 : CanonTrap.invalidUTF8
    }

    /// Whether `bytes` are well-formed UTF-8 (no overlong forms, surrogates or values past
    /// U+10FFFF).
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            // Thirty-two, then eight ASCII bytes at a time (most strings are mostly ASCII): one
            // test of the four words' high bits together.
            if n - i >= 32, let base = bytes.baseAddress,
               (base.loadUnaligned(fromByteOffset: i, as: UInt64.self) | base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
                | base.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self) | base.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self))
                & 0x8080_8080_8080_8080 == 0 {
                i += 32
                continue
            }
            if n - i >= 8, let base = bytes.baseAddress,
               base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let c = bytes[i]
            if c < 0x80 {
                i += 1
                continue
            }
            if c < 0xC2 || c > 0xF4 { return false }
            let length = c < 0xE0 ? 2 : (c < 0xF0 ? 3 : 4)
            guard length <= n - i else { return false }
            let c1 = bytes[i + 1]
            guard c1 & 0xC0 == 0x80 else { return false }
            switch c {
            case 0xE0: if c1 < 0xA0 { return false }
            case 0xED: if c1 > 0x9F { return false }
            case 0xF0: if c1 < 0x90 { return false }
            case 0xF4: if c1 > 0x8F { return false }
            default: break
            }
            if length > 2, bytes[i + 2] & 0xC0 != 0x80 { return false }
            if length > 3, bytes[i + 3] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }

    /// Whether the only fault of invalid UTF-8 is a multi-byte sequence cut off at the end.
    static func endsInTruncatedSequence(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        var lead = n - 1
        while lead >= 0, lead >= n - 3, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        guard lead >= 0 else { return false }
        let b = bytes[lead]
        let length: Int
        switch b {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return false
        }
        guard lead + length > n else { return false }
        return String(validating: UnsafeRawBufferPointer(rebasing: bytes[0..<lead]), as: UTF8.self) != nil
    }

    static func decodeUTF16(_ bytes: [UInt8]) throws(TrapCode) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            units.append(UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8)
            i += 2
        }
        var scalars = String.UnicodeScalarView()
        var decoder = UTF16()
        var it = units.makeIterator()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): scalars.append(s)
            case .emptyInput: break loop
            case .error: throw CanonTrap.invalidUTF16
            }
        }
        return String(scalars)
    }

    static func decodeLatin1(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes { scalars.append(Unicode.Scalar(b)) }
        return String(scalars)
    }

    static func encodeUTF16(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf16.count * 2)
        for u in s.utf16 {
            out.append(UInt8(truncatingIfNeeded: u))
            out.append(UInt8(truncatingIfNeeded: u >> 8))
        }
        return out
    }

    /// The Latin-1 bytes of `s`, or nil when a character is above U+00FF.
    static func encodeLatin1(_ s: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(s.unicodeScalars.count)
        for c in s.unicodeScalars {
            guard c.value <= 0xFF else { return nil }
            out.append(UInt8(c.value))
        }
        return out
    }
}
