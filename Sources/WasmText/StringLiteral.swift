/// Decoding of string literals and UTF-8 checks.
enum StringLiteral {
    /// The bytes of the string literal `p[start..<end]` (quotes included) with its escapes
    /// applied: `\t \n \r \" \' \\`, `\hh` (one byte) and `\u{h+}` (a Unicode scalar in UTF-8).
    /// The lexer has already checked the escapes' syntax.
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(TextError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start + 1
        let last = end - 1
        while i < last {
            let c = p[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            let e = p[i + 1]
            switch e {
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): out.append(e); i += 2
            case UInt8(ascii: "u"):
                var j = i + 3
                var value: UInt32 = 0
                while p[j] != UInt8(ascii: "}") {
                    if let digit = Lexer.hexValue(p[j]) {
                        value = value &* 16 &+ UInt32(digit)
                        if value > 0x10FFFF { throw TextError("malformed UTF-8 encoding", at: i) }
                    }
                    j += 1
                }
                guard let scalar = Unicode.Scalar(value) else {
                    throw TextError("malformed UTF-8 encoding", at: i)
                }
                out.append(contentsOf: String(Character(scalar)).utf8)
                i = j + 1
            default:
                let hi = Lexer.hexValue(p[i + 1]) ?? 0
                let lo = Lexer.hexValue(p[i + 2]) ?? 0
                out.append(hi << 4 | lo)
                i += 3
            }
        }
        return out
    }
}

/// UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF).
enum UTF8Validation {
    /// The length of the valid sequence starting at `p[i]` (a byte ≥ 0x80), or nil.
    static func sequenceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let n = p.count
        let b0 = p[i]
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : nil
        case 0xE0:
            return i + 1 < n && (0xA0...0xBF).contains(p[i + 1]) && cont(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(1) && cont(2) ? 3 : nil
        case 0xED:
            return i + 1 < n && (0x80...0x9F).contains(p[i + 1]) && cont(2) ? 3 : nil
        case 0xF0:
            return i + 1 < n && (0x90...0xBF).contains(p[i + 1]) && cont(2) && cont(3) ? 4 : nil
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : nil
        case 0xF4:
            return i + 1 < n && (0x80...0x8F).contains(p[i + 1]) && cont(2) && cont(3) ? 4 : nil
        default:
            return nil
        }
    }

    /// Whether `bytes` is valid UTF-8.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                if p[i] < 0x80 {
                    i += 1
                } else if let length = sequenceLength(p, i) {
                    i += length
                } else {
                    return false
                }
            }
            return true
        }
    }
}
