/// Gives plain scalars their types, following `gopkg.in/yaml.v3`'s resolver
/// (without timestamps, which stay strings); see ``YAMLValue``.
enum ScalarResolver {
    /// The value of a plain scalar with the given text.
    static func resolve(_ text: String) -> YAMLValue {
        let utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            return resolveWord(text)
        case UInt8(ascii: "."):
            if let special = resolveWord(text).nonString { return special }
            return decimalFloat(Array(utf8)).map(YAMLValue.float) ?? .string(text)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
            if let special = resolveWord(text).nonString { return special }
            var digits = Array(utf8)
            digits.removeAll { $0 == UInt8(ascii: "_") }
            if let number = integer(digits) { return number }
            if let float = decimalFloat(digits) { return .float(float) }
            return .string(text)
        default:
            return .string(text)
        }
    }

    /// Null, boolean and special float words.
    private static func resolveWord(_ text: String) -> YAMLValue {
        switch text {
        case "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        default: return .string(text)
        }
    }

    /// An integer in Go's `strconv.ParseInt(s, 0, 64)` syntax: an optional
    /// sign, then `0x`/`0o`/`0b` with digits, `0` with octal digits, or
    /// decimal digits. A value that fits `UInt64` but not `Int64` (and has no
    /// sign) becomes a float, like yaml.v3's unsigned fallback.
    private static func integer(_ bytes: [UInt8]) -> YAMLValue? {
        var index = 0
        var negative = false
        var signed = false
        if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
            negative = bytes[index] == UInt8(ascii: "-")
            signed = true
            index += 1
        }
        var base: UInt64 = 10
        if index < bytes.count && bytes[index] == UInt8(ascii: "0") && index + 1 < bytes.count {
            switch bytes[index + 1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): base = 16; index += 2
            case UInt8(ascii: "o"), UInt8(ascii: "O"): base = 8; index += 2
            case UInt8(ascii: "b"), UInt8(ascii: "B"): base = 2; index += 2
            default: base = 8; index += 1
            }
        }
        guard index < bytes.count else { return nil }
        var magnitude: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < base else { return nil }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: base)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .int(.min) }
            return nil
        }
        if magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        return signed ? nil : .float(Double(magnitude))
    }

    /// A decimal float matching `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    /// whose value is finite (yaml.v3 leaves out-of-range numbers as strings).
    private static func decimalFloat(_ bytes: [UInt8]) -> Double? {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        } else {
            guard digits() > 0 else { return nil }
            if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                index += 1
                _ = digits()
            }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard digits() > 0 else { return nil }
        }
        guard index == bytes.count, let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else {
            return nil
        }
        return value
    }
}

private extension YAMLValue {
    /// The value unless it is a string.
    var nonString: YAMLValue? {
        if case .string = self { return nil }
        return self
    }
}
