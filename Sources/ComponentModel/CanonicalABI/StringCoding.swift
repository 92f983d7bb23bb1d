#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmInterpreter

/// Decoding and encoding strings in the canonical ABI's encodings.
enum StringCoding {
    static func decodeUTF8(_ bytes: UnsafeRawBufferPointer) throws(TrapCode) -> String {
        // The standard library's contiguous fast path (the generic `String(validating:as:)`
        // costs a metadata lookup per string) validates as it copies and repairs what is
        // invalid. A String is always valid UTF-8, so a result with the very bytes given means
        // they were valid: one validating pass and a `memcmp`, not a check of our own before it.
        let s = String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        if sameBytes(s, bytes) { return s }
        throw endsInTruncatedSequence(bytes) ? CanonTrap.incompleteUTF8 : CanonTrap.invalidUTF8
    }

    /// Whether `s` is exactly `bytes` in UTF-8.
    static func sameBytes(_ s: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let utf8 = s.utf8
        guard utf8.count == bytes.count else { return false }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        if let same = utf8.withContiguousStorageIfAvailable({ (text: UnsafeBufferPointer<UInt8>) -> Bool in
            guard let start = text.baseAddress else { return false }
            return memcmp(start, base, bytes.count) == 0
        }) {
            return same
        }
        return utf8.elementsEqual(bytes)
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
