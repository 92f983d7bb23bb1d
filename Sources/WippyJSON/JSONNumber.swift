/// A JSON number that keeps the exact text it was written with.
///
/// Keeping the source text means that no precision is lost: 64-bit integers
/// such as `18446744073709551615` and long decimals survive parsing and
/// re-serialization unchanged. Use ``int64``, ``uint64`` or ``double`` to read
/// the value in the representation you need.
///
/// Equality and hashing compare the text, so `1`, `1.0` and `1e0` are
/// different numbers.
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    /// The number's text, always a valid RFC 8259 number literal.
    public let text: String

    /// Creates a number from already validated text (parser use only).
    init(validatedText text: String) {
        self.text = text
    }

    /// Creates a number from JSON number text, or returns `nil` when `text` is
    /// not a valid RFC 8259 number (for example `01`, `+1`, `.5` or `1.`).
    ///
    /// - Parameter text: The literal text, such as `-12.5e3`.
    public init?(text: String) {
        guard JSONNumber.isValidLiteral(text.utf8) else { return nil }
        self.text = text
    }

    /// Creates a number from a signed 64-bit integer.
    /// - Parameter value: The integer value.
    public init(_ value: Int64) {
        self.text = String(value)
    }

    /// Creates a number from an unsigned 64-bit integer.
    /// - Parameter value: The integer value.
    public init(_ value: UInt64) {
        self.text = String(value)
    }

    /// Creates a number from a platform-width integer.
    /// - Parameter value: The integer value.
    public init(_ value: Int) {
        self.text = String(value)
    }

    /// Creates a number from a finite double, written in its shortest
    /// round-tripping form (for example `0.1`, `100.0` or `1e+16`).
    ///
    /// JSON has no spelling for NaN or infinity: those become `0` (use ``init(exactly:)`` to
    /// detect them instead). It never traps.
    /// - Parameter value: The floating-point value.
    public init(_ value: Double) {
        self.text = value.isFinite ? value.description : "0"
    }

    /// Creates a number from a double, or returns `nil` if it is NaN or
    /// infinite (which JSON cannot represent).
    /// - Parameter value: The floating-point value.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        self.text = value.description
    }

    /// Whether the text is a plain integer literal (no fraction, no exponent).
    public var isInteger: Bool {
        for byte in text.utf8 where byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            return false
        }
        return true
    }

    /// The value as `Int64`, or `nil` if the text is not an integer literal
    /// or does not fit (no fraction or exponent is accepted, so `1.0` is `nil`).
    public var int64: Int64? {
        var negative = false
        var result: Int64 = 0
        var sawDigit = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") && !sawDigit && !negative {
                negative = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            sawDigit = true
            let digit = Int64(byte &- UInt8(ascii: "0"))
            let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
            if overflow1 { return nil }
            let (next, overflow2) = negative
                ? times10.subtractingReportingOverflow(digit)
                : times10.addingReportingOverflow(digit)
            if overflow2 { return nil }
            result = next
        }
        return sawDigit ? result : nil
    }

    /// The value as `UInt64`, or `nil` if the text is not an integer literal,
    /// is negative (other than `-0`), or does not fit.
    public var uint64: UInt64? {
        var negative = false
        var result: UInt64 = 0
        var sawDigit = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") && !sawDigit && !negative {
                negative = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            sawDigit = true
            let digit = UInt64(byte &- UInt8(ascii: "0"))
            let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
            if overflow1 { return nil }
            let (next, overflow2) = times10.addingReportingOverflow(digit)
            if overflow2 { return nil }
            result = next
        }
        guard sawDigit, !(negative && result != 0) else { return nil }
        return result
    }

    /// The value as the nearest `Double`. Magnitudes beyond the double range
    /// become `±infinity`, tiny ones `±0`.
    public var double: Double {
        Double(text) ?? .nan
    }

    /// The number's text, exactly as it would be serialized.
    public var description: String { text }

    /// Whether `bytes` spell a valid RFC 8259 number literal.
    static func isValidLiteral(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var current = iterator.next()
        func isDigit(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }
        if current == UInt8(ascii: "-") { current = iterator.next() }
        if current == UInt8(ascii: "0") {
            current = iterator.next()
        } else if isDigit(current) {
            repeat { current = iterator.next() } while isDigit(current)
        } else {
            return false
        }
        if current == UInt8(ascii: ".") {
            current = iterator.next()
            guard isDigit(current) else { return false }
            repeat { current = iterator.next() } while isDigit(current)
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            current = iterator.next()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { current = iterator.next() }
            guard isDigit(current) else { return false }
            repeat { current = iterator.next() } while isDigit(current)
        }
        return current == nil
    }
}

extension JSONNumber: ExpressibleByIntegerLiteral {
    /// Creates a number from an integer literal.
    /// - Parameter value: The literal value.
    public init(integerLiteral value: Int64) {
        self.init(value)
    }
}

extension JSONNumber: ExpressibleByFloatLiteral {
    /// Creates a number from a floating-point literal (which must be finite).
    /// - Parameter value: The literal value.
    public init(floatLiteral value: Double) {
        self.init(value)
    }
}
