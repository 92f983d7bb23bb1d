/// Parsing of the numeric literals of the text format: integers (decimal or `0x` hex, with `_`
/// between digits) and floats (decimal, hex, `inf`, `nan`, `nan:0x…`).
enum NumericLiteral {
    /// The sign written before a literal.
    enum Sign {
        case none, plus, minus
    }

    /// An integer literal: its sign and magnitude; `overflow` when the magnitude needs more than
    /// 64 bits.
    struct Integer {
        var sign: Sign
        var magnitude: UInt64
        var overflow: Bool
    }

    /// Parses `s[start..<end]` as an integer literal, or nil if it is not one.
    static func integer(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Integer? {
        var i = start
        guard i < end else { return nil }
        var sign = Sign.none
        if s[i] == UInt8(ascii: "+") {
            sign = .plus
            i += 1
        } else if s[i] == UInt8(ascii: "-") {
            sign = .minus
            i += 1
        }
        guard let (value, overflow) = unsigned(s, i, end) else { return nil }
        return Integer(sign: sign, magnitude: value, overflow: overflow)
    }

    /// Parses digits (no sign) as an unsigned number; nil if malformed.
    @inline(__always)
    static func unsigned(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (UInt64, Bool)? {
        var i = start
        guard i < end else { return nil }
        var hex = false
        if end - i > 2 && s[i] == UInt8(ascii: "0") && s[i + 1] == UInt8(ascii: "x") {
            hex = true
            i += 2
        }
        var value: UInt64 = 0
        var overflow = false
        var lastWasDigit = false
        while i < end {
            let c = s[i]
            if c == UInt8(ascii: "_") {
                guard lastWasDigit else { return nil }
                lastWasDigit = false
                i += 1
                continue
            }
            let digit: UInt64
            if hex {
                guard let d = Lexer.hexValue(c) else { return nil }
                digit = UInt64(d)
                if value > UInt64.max >> 4 { overflow = true }
                value = value &<< 4 | digit
            } else {
                guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
                digit = UInt64(c &- UInt8(ascii: "0"))
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(digit)
                if o1 || o2 { overflow = true }
                value = a
            }
            lastWasDigit = true
            i += 1
        }
        guard lastWasDigit else { return nil }
        return (value, overflow)
    }

    /// An `N`-bit integer (`iN` of the spec: unsigned up to 2^N−1, or signed from −2^(N−1)), as
    /// its two's-complement bits.
    static func bits(_ literal: Integer, width: Int) -> UInt64? {
        if literal.overflow { return nil }
        let m = literal.magnitude
        let limit: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        let half: UInt64 = 1 << UInt64(width - 1)
        switch literal.sign {
        case .none, .plus:
            guard m <= limit else { return nil }
            return m
        case .minus:
            guard m <= half else { return nil }
            return (0 &- m) & limit
        }
    }

    // MARK: - Floats

    /// The bits of the f32 literal `s[start..<end]`; nil if it is not a float literal;
    /// throws "constant out of range" for a finite literal that rounds to infinity or a NaN
    /// payload that does not fit.
    static func float32(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(TextError) -> UInt32? {
        guard let parsed = scanFloat(s, start, end) else { return nil }
        let signBit: UInt32 = parsed.negative ? 0x8000_0000 : 0
        switch parsed.form {
        case .infinity:
            return signBit | 0x7F80_0000
        case .nan(let payload):
            guard let payload else { return signBit | 0x7FC0_0000 }
            guard payload >= 1, payload < 1 << 23 else { throw TextError("constant out of range", at: start) }
            return signBit | 0x7F80_0000 | UInt32(payload)
        case .number(let text):
            guard let value = Float(text) else { return nil }
            guard value.isFinite else { throw TextError("constant out of range", at: start) }
            return signBit | value.bitPattern
        }
    }

    /// The bits of the f64 literal `s[start..<end]` (see ``float32(_:_:_:)``).
    static func float64(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(TextError) -> UInt64? {
        guard let parsed = scanFloat(s, start, end) else { return nil }
        let signBit: UInt64 = parsed.negative ? 0x8000_0000_0000_0000 : 0
        switch parsed.form {
        case .infinity:
            return signBit | 0x7FF0_0000_0000_0000
        case .nan(let payload):
            guard let payload else { return signBit | 0x7FF8_0000_0000_0000 }
            guard payload >= 1, payload < 1 << 52 else { throw TextError("constant out of range", at: start) }
            return signBit | 0x7FF0_0000_0000_0000 | payload
        case .number(let text):
            if let fast = fastDouble(s, start, end) { return signBit | fast.bitPattern }
            guard let value = Double(text) else { return nil }
            guard value.isFinite else { throw TextError("constant out of range", at: start) }
            return signBit | value.bitPattern
        }
    }

    private enum FloatForm {
        case infinity
        /// `nan` (nil payload) or `nan:0x…`.
        case nan(UInt64?)
        /// A decimal or hex number without sign and underscores, as Swift's parser takes it.
        case number(String)
    }

    /// Checks the float grammar and returns the sign and the form.
    private static func scanFloat(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (negative: Bool, form: FloatForm)? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            negative = s[i] == UInt8(ascii: "-")
            i += 1
        }
        let rest = end - i
        if rest == 3 && s[i] == UInt8(ascii: "i") && s[i + 1] == UInt8(ascii: "n") && s[i + 2] == UInt8(ascii: "f") {
            return (negative, .infinity)
        }
        if rest >= 3 && s[i] == UInt8(ascii: "n") && s[i + 1] == UInt8(ascii: "a") && s[i + 2] == UInt8(ascii: "n") {
            if rest == 3 { return (negative, .nan(nil)) }
            guard rest > 6, s[i + 3] == UInt8(ascii: ":"), s[i + 4] == UInt8(ascii: "0"),
                  s[i + 5] == UInt8(ascii: "x"),
                  let (payload, overflow) = unsigned(s, i + 4, end) else { return nil }
            return (negative, .nan(overflow ? .max : payload))
        }
        let hex = rest > 2 && s[i] == UInt8(ascii: "0") && s[i + 1] == UInt8(ascii: "x")
        var text: [UInt8] = []
        text.reserveCapacity(rest + 2)
        if hex {
            text.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "x")])
            i += 2
        }
        // digits ('.' digits?)? (exponent sign? decimal digits)?
        guard let afterInt = digits(s, i, end, hex: hex, into: &text), afterInt > i else { return nil }
        i = afterInt
        var sawExponent = false
        if i < end && s[i] == UInt8(ascii: ".") {
            text.append(UInt8(ascii: "."))
            i += 1
            if i < end && isDigit(s[i], hex: hex) {
                guard let afterFrac = digits(s, i, end, hex: hex, into: &text) else { return nil }
                i = afterFrac
            }
        }
        if i < end {
            let e = s[i]
            guard hex ? (e == UInt8(ascii: "p") || e == UInt8(ascii: "P"))
                      : (e == UInt8(ascii: "e") || e == UInt8(ascii: "E")) else { return nil }
            text.append(e)
            i += 1
            if i < end && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) {
                text.append(s[i])
                i += 1
            }
            guard let afterExp = digits(s, i, end, hex: false, into: &text), afterExp == end, afterExp > i else {
                return nil
            }
            sawExponent = true
            i = afterExp
        }
        guard i == end else { return nil }
        if hex && !sawExponent { text.append(contentsOf: [UInt8(ascii: "p"), UInt8(ascii: "0")]) }
        return (negative, .number(String(decoding: text, as: UTF8.self)))
    }

    @inline(__always) private static func isDigit(_ c: UInt8, hex: Bool) -> Bool {
        hex ? Lexer.hexValue(c) != nil : (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    /// Copies `digit ('_'? digit)*` into `text`; returns the offset after it, or nil when an
    /// underscore is misplaced.
    private static func digits(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, hex: Bool, into text: inout [UInt8]) -> Int? {
        var i = start
        var lastWasDigit = false
        while i < end {
            let c = s[i]
            if c == UInt8(ascii: "_") {
                guard lastWasDigit, i + 1 < end, isDigit(s[i + 1], hex: hex) else { return nil }
                lastWasDigit = false
            } else if isDigit(c, hex: hex) {
                text.append(c)
                lastWasDigit = true
            } else {
                break
            }
            i += 1
        }
        return i
    }

    /// Powers of ten that are exact doubles.
    private static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Clinger's fast path for plain decimals (`123`, `1.5`, `-0.25`, no exponent): exact when
    /// the digits fit in 2^53 and at most 22 of them follow the point. The sign is applied by the
    /// caller.
    private static func fastDouble(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        var mantissa: UInt64 = 0
        var fraction = -1
        var count = 0
        while i < end {
            let c = s[i]
            if c == UInt8(ascii: ".") {
                guard fraction < 0 else { return nil }
                fraction = 0
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                mantissa = mantissa &* 10 &+ UInt64(c - UInt8(ascii: "0"))
                count += 1
                if fraction >= 0 { fraction += 1 }
                guard count <= 15 else { return nil }
            } else {
                return nil
            }
            i += 1
        }
        let digitsAfterPoint = max(fraction, 0)
        guard digitsAfterPoint <= 22 else { return nil }
        return Double(mantissa) / exactPowers[digitsAfterPoint]
    }
}
