/// Text helpers shared by the WAVE writer: keyword labels, character escapes and float text.
enum WAVEText {
    /// The WAVE keywords; a variant or enum case spelled like one is written with a `%` prefix.
    static let keywords: Set<String> = ["true", "false", "some", "none", "ok", "err", "inf", "nan"]

    /// A variant or enum case label as WAVE writes it (`%none` for a case named `none`).
    static func label(_ name: String) -> String {
        keywords.contains(name) ? "%" + name : name
    }

    /// Appends `scalar` as it appears inside a WAVE string or char literal.
    ///
    /// `\\`, `"`, `'`, tab, CR and LF use their short escapes; control characters, grapheme
    /// extenders, default-ignorable code points and characters that are not printable (format,
    /// surrogate, private-use, unassigned, and separators other than the space) use `\u{hex}`
    /// (what wasmtime prints).
    static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "'": out += "\\'"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case "\n": out += "\\n"
        default:
            if needsUnicodeEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }

    /// Whether `scalar` is written as `\u{...}`.
    static func needsUnicodeEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return false }
        let properties = scalar.properties
        if properties.isGraphemeExtend || properties.isDefaultIgnorableCodePoint { return true }
        switch properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return true
        default:
            return false
        }
    }

    /// A quoted WAVE string literal. Runs of printable ASCII other than `\\`, `"` and `'` are
    /// copied as they are; every other character is written as ``appendEscaped(_:to:)`` writes it.
    static func quoted(_ string: String) -> String {
        var text = string
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count &+ 2)
        out.append(UInt8(ascii: "\""))
        text.withUTF8 { bytes in
            var runStart = 0
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\"")
                    && byte != UInt8(ascii: "'") {
                    i &+= 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< i]))
                let (scalar, length) = scalarAt(bytes, i)
                var escaped = ""
                appendEscaped(scalar, to: &escaped)
                out.append(contentsOf: escaped.utf8)
                i &+= length
                runStart = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// The scalar whose UTF-8 encoding starts at `i` of `bytes` (a `String`'s, so well formed)
    /// and the length of that encoding, read by the standard library's decoder.
    static func scalarAt(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        var rest = UnsafeBufferPointer(rebasing: bytes[i...]).makeIterator()
        var decoder = Unicode.UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&rest) else { return ("\u{FFFD}", 1) }
        return (scalar, UTF8.width(scalar))
    }

    /// A quoted WAVE char literal.
    static func quoted(_ scalar: Unicode.Scalar) -> String {
        var out = "'"
        appendEscaped(scalar, to: &out)
        out += "'"
        return out
    }

    /// An `f64` as WAVE writes it: `nan`, `inf`, `-inf`, or the shortest decimal that reads
    /// back to the same value, written out without an exponent (`0.0000001`, `1`, `-0`).
    static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return plainDecimal(value.description)
    }

    /// An `f32` as WAVE writes it (shortest decimal for the single-precision value).
    static func float(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return plainDecimal(value.description)
    }

    /// Rewrites Swift's shortest float text (`1e-07`, `1.5`, `1e+20`, `-0.0`) as a plain decimal
    /// without exponent and without a trailing `.0`.
    static func plainDecimal(_ text: String) -> String {
        var negative = false
        var digits: [UInt8] = []
        var pointPosition: Int?
        var exponentText = ""
        var inExponent = false
        for byte in text.utf8 {
            if inExponent {
                exponentText.unicodeScalars.append(Unicode.Scalar(byte))
            } else if byte == UInt8(ascii: "-") {
                negative = true
            } else if byte == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                inExponent = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits.append(byte)
            }
        }
        // The decimal point sits after `point` digits of `digits`.
        var point = (pointPosition ?? digits.count) + (Int(exponentText) ?? 0)
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") {
            digits.removeLast()
        }
        var out = negative ? "-" : ""
        if digits.isEmpty {
            out += "0"
            return out
        }
        if point <= 0 {
            out += "0."
            out += String(repeating: "0", count: -point)
            out += String(decoding: digits, as: UTF8.self)
        } else if point >= digits.count {
            out += String(decoding: digits, as: UTF8.self)
            out += String(repeating: "0", count: point - digits.count)
        } else {
            out += String(decoding: digits[0..<point], as: UTF8.self)
            out += "."
            out += String(decoding: digits[point...], as: UTF8.self)
        }
        return out
    }
}
