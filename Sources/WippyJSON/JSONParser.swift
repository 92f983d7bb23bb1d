/// A strict RFC 8259 JSON parser.
///
/// The parser accepts exactly the JSON grammar: no comments, no trailing
/// commas, no leading zeros, no unescaped control characters, no invalid
/// UTF-8 and no unpaired UTF-16 surrogates in `\u` escapes. Any JSON value may
/// appear at the top level, surrounded by optional whitespace.
///
/// Parsing is iterative, so the native stack depth does not grow with the
/// input's nesting. Nesting is still limited by ``maxDepth`` because deeply
/// nested values are costly to compare, serialize and free. The parser never
/// traps on any input: every problem is reported as a ``JSONError``.
public struct JSONParser: Sendable {
    /// The nesting limit used by ``init(maxDepth:)`` when none is given.
    public static let defaultMaxDepth = 512

    /// The maximum number of nested arrays and objects; deeper input is
    /// rejected with a ``JSONError``. Negative values act like `0`, which
    /// allows only scalar documents.
    public var maxDepth: Int

    /// Creates a parser.
    /// - Parameter maxDepth: The maximum nesting of arrays and objects.
    public init(maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    /// Parses one JSON text from UTF-8 bytes.
    ///
    /// Contiguous collections such as `[UInt8]` are parsed in place; other
    /// collections are copied into an array first.
    ///
    /// - Parameter bytes: The UTF-8 encoded JSON text.
    /// - Returns: The parsed value.
    /// - Throws: ``JSONError`` describing the first problem found.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        let depth = maxDepth
        if let result = bytes.withContiguousStorageIfAvailable({ JSONParser.parse(buffer: $0, maxDepth: depth) }) {
            return try result.get()
        }
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { JSONParser.parse(buffer: $0, maxDepth: depth) }.get()
    }

    /// Parses one JSON text from a string.
    ///
    /// - Parameter text: The JSON text.
    /// - Returns: The parsed value.
    /// - Throws: ``JSONError`` describing the first problem found.
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        let depth = maxDepth
        return try text.withUTF8 { JSONParser.parse(buffer: $0, maxDepth: depth) }.get()
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) -> Result<JSONValue, JSONError> {
        var reader = Reader(buffer: buffer, maxDepth: maxDepth)
        do {
            return .success(try reader.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

// MARK: - Byte constants

private extension UInt8 {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let newline = UInt8(ascii: "\n")
}

// MARK: - Reader

/// The parsing state over one contiguous input buffer.
///
/// Invariant: every read of `bytes[i]` is guarded by `i < end`, and `pos`
/// never exceeds `end`, so no index arithmetic can go out of range or overflow.
private struct Reader {
    /// An open array or object.
    struct Frame {
        var isObject: Bool
        /// Where this container's values start in `values`.
        var valueStart: Int
        /// Where this container's keys start in `keys` (objects only).
        var keyStart: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let maxDepth: Int
    var pos = 0
    /// Values of all open containers, innermost last.
    var values: [JSONValue] = []
    /// Keys of all open objects, innermost last.
    var keys: [String] = []
    /// Open containers, innermost last.
    var frames: [Frame] = []
    /// Reused buffer for decoding strings that contain escapes.
    var scratch: [UInt8] = []

    init(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = buffer
        self.end = buffer.count
        self.maxDepth = max(0, maxDepth)
    }

    // MARK: Errors

    func error(_ message: String, at offset: Int) -> JSONError {
        let offset = min(max(0, offset), end)
        var line = 1
        var column = 1
        var index = 0
        while index < offset {
            let byte = bytes[index]
            if byte == .newline {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return JSONError(message: message, offset: offset, line: line, column: column)
    }

    // MARK: Helpers

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let byte = bytes[pos]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            pos += 1
        }
    }

    @inline(__always)
    func peek() -> UInt8? {
        pos < end ? bytes[pos] : nil
    }

    @inline(__always)
    func isDigit(at index: Int) -> Bool {
        index < end && bytes[index] >= .zero && bytes[index] <= .nine
    }

    // MARK: Document

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        values.reserveCapacity(64)
        keys.reserveCapacity(32)
        frames.reserveCapacity(16)
        readValue: while true {
            skipWhitespace()
            guard pos < end else { throw error("expected a value", at: pos) }
            var value: JSONValue
            switch bytes[pos] {
            case .quote:
                value = .string(try parseString())
            case .minus, .zero ... .nine:
                value = .number(try parseNumber())
            case .openBrace:
                guard frames.count < maxDepth else {
                    throw error("nesting depth exceeds the limit of \(maxDepth)", at: pos)
                }
                pos += 1
                skipWhitespace()
                if peek() == .closeBrace {
                    pos += 1
                    value = .object(JSONObject())
                } else {
                    frames.append(Frame(isObject: true, valueStart: values.count, keyStart: keys.count))
                    try parseKeyAndColon()
                    continue readValue
                }
            case .openBracket:
                guard frames.count < maxDepth else {
                    throw error("nesting depth exceeds the limit of \(maxDepth)", at: pos)
                }
                pos += 1
                skipWhitespace()
                if peek() == .closeBracket {
                    pos += 1
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false, valueStart: values.count, keyStart: keys.count))
                    continue readValue
                }
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case .slash:
                throw error("comments are not allowed", at: pos)
            default:
                throw error("expected a value", at: pos)
            }

            // A value is complete: add it to the open container, closing
            // containers for as long as their closing bracket follows.
            while let frame = frames.last {
                values.append(value)
                skipWhitespace()
                let next = peek()
                if next == .comma {
                    pos += 1
                    skipWhitespace()
                    if frame.isObject {
                        if peek() == .closeBrace { throw error("trailing comma in object", at: pos) }
                        try parseKeyAndColon()
                    } else if peek() == .closeBracket {
                        throw error("trailing comma in array", at: pos)
                    }
                    continue readValue
                }
                if frame.isObject {
                    guard next == .closeBrace else { throw error("expected ',' or '}' in object", at: pos) }
                    pos += 1
                    value = .object(closeObject(frame))
                } else {
                    guard next == .closeBracket else { throw error("expected ',' or ']' in array", at: pos) }
                    pos += 1
                    value = .array(closeArray(frame))
                }
                frames.removeLast()
            }

            skipWhitespace()
            guard pos == end else { throw error("unexpected data after the JSON value", at: pos) }
            return value
        }
    }

    mutating func parseKeyAndColon() throws(JSONError) {
        skipWhitespace()
        guard peek() == .quote else { throw error("expected string key in object", at: pos) }
        keys.append(try parseString())
        skipWhitespace()
        guard peek() == .colon else { throw error("expected ':' after object key", at: pos) }
        pos += 1
    }

    mutating func closeArray(_ frame: Frame) -> [JSONValue] {
        let start = frame.valueStart
        let array = Array(values[start...])
        values.removeLast(values.count - start)
        return array
    }

    mutating func closeObject(_ frame: Frame) -> JSONObject {
        let valueStart = frame.valueStart
        let keyStart = frame.keyStart
        let count = values.count - valueStart
        var entries: [JSONObject.Entry] = []
        entries.reserveCapacity(count)
        for offset in 0 ..< count {
            entries.append(JSONObject.Entry(key: keys[keyStart + offset], value: values[valueStart + offset]))
        }
        values.removeLast(count)
        keys.removeLast(keys.count - keyStart)
        return JSONObject(entries: entries)
    }

    // MARK: Literals

    mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let length = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected -> Bool in
            guard end - pos >= length else { return false }
            for index in 0 ..< length where bytes[pos + index] != expected[index] {
                return false
            }
            return true
        }
        guard matches else { throw error("invalid literal, expected '\(literal)'", at: pos) }
        pos += length
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONError) -> JSONNumber {
        let start = pos
        if bytes[pos] == .minus { pos += 1 }
        guard isDigit(at: pos) else { throw error("expected digit after '-'", at: pos) }
        if bytes[pos] == .zero {
            pos += 1
            if isDigit(at: pos) { throw error("leading zeros are not allowed", at: pos - 1) }
        } else {
            repeat { pos += 1 } while isDigit(at: pos)
        }
        if pos < end && bytes[pos] == .dot {
            pos += 1
            guard isDigit(at: pos) else { throw error("expected digit after decimal point", at: pos) }
            repeat { pos += 1 } while isDigit(at: pos)
        }
        if pos < end && (bytes[pos] | 0x20) == UInt8(ascii: "e") {
            pos += 1
            if pos < end && (bytes[pos] == .plus || bytes[pos] == .minus) { pos += 1 }
            guard isDigit(at: pos) else { throw error("expected digit in exponent", at: pos) }
            repeat { pos += 1 } while isDigit(at: pos)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< pos]), as: UTF8.self)
        return JSONNumber(validatedText: text)
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote.
    mutating func parseString() throws(JSONError) -> String {
        let quote = pos
        pos += 1
        let contentStart = pos
        while pos < end {
            let byte = bytes[pos]
            if byte == .quote {
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart ..< pos]), as: UTF8.self)
                pos += 1
                return string
            }
            if byte == .backslash {
                return try parseEscapedString(quote: quote, contentStart: contentStart)
            }
            if byte < 0x20 {
                throw error("unescaped control character in string", at: pos)
            }
            if byte >= 0x80 {
                try skipUTF8Sequence()
            } else {
                pos += 1
            }
        }
        throw error("unterminated string", at: quote)
    }

    /// Continues a string at its first backslash, decoding into `scratch`.
    mutating func parseEscapedString(quote: Int, contentStart: Int) throws(JSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = contentStart
        while pos < end {
            let byte = bytes[pos]
            if byte == .quote {
                appendRun(from: runStart)
                pos += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == .backslash {
                appendRun(from: runStart)
                try parseEscape(quote: quote)
                runStart = pos
            } else if byte < 0x20 {
                throw error("unescaped control character in string", at: pos)
            } else if byte >= 0x80 {
                try skipUTF8Sequence()
            } else {
                pos += 1
            }
        }
        throw error("unterminated string", at: quote)
    }

    @inline(__always)
    mutating func appendRun(from start: Int) {
        if start < pos {
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< pos]))
        }
    }

    /// Decodes one escape sequence starting at its backslash into `scratch`.
    mutating func parseEscape(quote: Int) throws(JSONError) {
        let escapeStart = pos
        guard pos + 1 < end else { throw error("unterminated string", at: quote) }
        let kind = bytes[pos + 1]
        pos += 2
        switch kind {
        case .quote: scratch.append(.quote)
        case .backslash: scratch.append(.backslash)
        case .slash: scratch.append(.slash)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4(escapeStart: escapeStart)
            var scalar = UInt32(unit)
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard pos + 1 < end, bytes[pos] == .backslash, bytes[pos + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired high surrogate in \\u escape", at: escapeStart)
                }
                let lowStart = pos
                pos += 2
                let low = try parseHex4(escapeStart: lowStart)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw error("unpaired high surrogate in \\u escape", at: escapeStart)
                }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw error("unpaired low surrogate in \\u escape", at: escapeStart)
            }
            appendUTF8(scalar)
        default:
            throw error("invalid escape sequence", at: escapeStart)
        }
    }

    /// Reads four hex digits at `pos`.
    mutating func parseHex4(escapeStart: Int) throws(JSONError) -> UInt16 {
        guard end - pos >= 4 else { throw error("invalid \\u escape, expected 4 hex digits", at: escapeStart) }
        var value: UInt16 = 0
        for _ in 0 ..< 4 {
            let byte = bytes[pos]
            let digit: UInt8
            switch byte {
            case .zero ... .nine: digit = byte - .zero
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape, expected 4 hex digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            pos += 1
        }
        return value
    }

    /// Appends a Unicode scalar value (never a surrogate) as UTF-8.
    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0 ..< 0x80:
            scratch.append(UInt8(truncatingIfNeeded: scalar))
        case 0x80 ..< 0x800:
            scratch.append(UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        case 0x800 ..< 0x10000:
            scratch.append(UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        }
    }

    /// Validates one multi-byte UTF-8 sequence at `pos` (Unicode Table 3-7)
    /// and moves past it.
    mutating func skipUTF8Sequence() throws(JSONError) {
        let lead = bytes[pos]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2 ... 0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1 ... 0xEC, 0xEE ... 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1 ... 0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw error("invalid UTF-8 in string", at: pos)
        }
        guard end - pos >= length else { throw error("invalid UTF-8 in string", at: pos) }
        let second = bytes[pos + 1]
        guard second >= low && second <= high else { throw error("invalid UTF-8 in string", at: pos) }
        var index = 2
        while index < length {
            guard bytes[pos + index] & 0xC0 == 0x80 else { throw error("invalid UTF-8 in string", at: pos) }
            index += 1
        }
        pos += length
    }
}
