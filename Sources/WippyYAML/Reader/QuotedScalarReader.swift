/// Single- and double-quoted scalars, possibly spanning lines.
extension Reader {
    /// Reads a quoted scalar starting at the cursor's `'` or `"`, leaving the
    /// cursor after the closing quote.
    ///
    /// Line breaks fold like YAML's flow scalars: a single break becomes a
    /// space, each empty line a line feed, and blanks around breaks are
    /// dropped. In double quotes, `\` at the end of a line joins the lines
    /// without a space.
    ///
    /// - Returns: The scalar's content and whether it spanned several lines.
    mutating func parseQuotedScalar() throws(YAMLError) -> (text: String, multiLine: Bool) {
        let quote = current
        let single = quote == ASCII.singleQuote
        let start = mark()
        let startLine = line
        let name = single ? "single-quoted" : "double-quoted"
        position += 1
        var output: [UInt8] = []

        while true {
            if atEnd {
                throw YAMLError(.syntax, "unterminated \(name) string (missing closing \(single ? "'" : "\""))", at: start)
            }
            // Text up to the next blank or line break.
            var joinedByEscape = false
            while !isBlankOrEnd(at: position) {
                let byte = current
                if single && byte == ASCII.singleQuote && peek(1) == ASCII.singleQuote {
                    output.append(ASCII.singleQuote)
                    position += 2
                    continue
                }
                if byte == quote {
                    position += 1
                    return (String(decoding: output, as: UTF8.self), line != startLine)
                }
                if !single && byte == ASCII.backslash {
                    let next = peek(1)
                    if next == ASCII.lineFeed || next == ASCII.carriageReturn {
                        position += 1
                        consumeLineBreak()
                        try rejectDocumentMarker(inside: name)
                        joinedByEscape = true
                        break
                    }
                    try appendEscape(to: &output)
                    continue
                }
                output.append(byte)
                position += 1
            }

            // Blanks and line breaks, folded. Blanks before a line break are
            // dropped; blanks inside a line are kept as written.
            let blanksStart = position
            var sawBreak = false
            var emptyLines = 0
            while true {
                let byte = current
                if ASCII.isBlank(byte) {
                    position += 1
                } else if byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
                    if joinedByEscape || sawBreak {
                        emptyLines += 1
                    } else {
                        sawBreak = true
                    }
                    consumeLineBreak()
                    try rejectDocumentMarker(inside: name)
                } else {
                    break
                }
            }
            if sawBreak {
                if emptyLines == 0 {
                    output.append(ASCII.space)
                } else {
                    output.append(contentsOf: repeatElement(ASCII.lineFeed, count: emptyLines))
                }
            } else if joinedByEscape {
                output.append(contentsOf: repeatElement(ASCII.lineFeed, count: emptyLines))
            } else {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[blanksStart ..< position]))
            }
        }
    }

    /// Throws if a `---` or `...` line appears inside a quoted scalar.
    private mutating func rejectDocumentMarker(inside name: String) throws(YAMLError) {
        if atDocumentMarker() {
            throw error(.syntax, "document marker inside a \(name) string (missing closing quote?)")
        }
    }

    /// Decodes the escape sequence at the cursor's `\` into UTF-8.
    private mutating func appendEscape(to output: inout [UInt8]) throws(YAMLError) {
        let escapeStart = position
        let code = peek(1)
        position += 2
        let simple: UInt32?
        switch code {
        case UInt8(ascii: "0"): simple = 0x00
        case UInt8(ascii: "a"): simple = 0x07
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"), ASCII.tab: simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "v"): simple = 0x0B
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "e"): simple = 0x1B
        case ASCII.space: simple = 0x20
        case ASCII.doubleQuote: simple = 0x22
        case UInt8(ascii: "/"): simple = 0x2F
        case ASCII.backslash: simple = 0x5C
        case UInt8(ascii: "N"): simple = 0x85
        case UInt8(ascii: "_"): simple = 0xA0
        case UInt8(ascii: "L"): simple = 0x2028
        case UInt8(ascii: "P"): simple = 0x2029
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"): simple = nil
        default:
            let shown = code == 0 ? "(a '\\' at the end of the input)" : code < 0x80 && code >= 0x20 ? "'\\\(Character(Unicode.Scalar(code)))'" : "'\\' followed by \(ASCII.describe(code))"
            throw error(.syntax, "invalid escape sequence \(shown); valid escapes are \\0 \\a \\b \\t \\n \\v \\f \\r \\e \\\" \\/ \\\\ \\N \\_ \\L \\P \\xXX \\uXXXX \\UXXXXXXXX", at: escapeStart)
        }
        if let simple {
            appendUTF8(simple, to: &output)
            return
        }
        let digits = code == UInt8(ascii: "x") ? 2 : code == UInt8(ascii: "u") ? 4 : 8
        var scalar = try readHex(digits: digits, escapeStart: escapeStart)
        if (0xD800 ... 0xDBFF).contains(scalar) && code == UInt8(ascii: "u") {
            // A UTF-16 surrogate pair written as two \u escapes (as in JSON).
            if current == ASCII.backslash && peek(1) == UInt8(ascii: "u") {
                let lowStart = position
                position += 2
                let low = try readHex(digits: 4, escapeStart: lowStart)
                if (0xDC00 ... 0xDFFF).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    throw error(.syntax, "unpaired UTF-16 surrogate in a \\u escape", at: escapeStart)
                }
            } else {
                throw error(.syntax, "unpaired UTF-16 surrogate in a \\u escape", at: escapeStart)
            }
        } else if (0xD800 ... 0xDFFF).contains(scalar) {
            throw error(.syntax, "unpaired UTF-16 surrogate in an escape", at: escapeStart)
        }
        guard scalar <= 0x10FFFF else {
            throw error(.syntax, "escape is beyond the last Unicode code point U+10FFFF", at: escapeStart)
        }
        appendUTF8(scalar, to: &output)
    }

    /// Reads `digits` hexadecimal digits at the cursor.
    private mutating func readHex(digits: Int, escapeStart: Int) throws(YAMLError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0 ..< digits {
            let byte = current
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw error(.syntax, "expected \(digits) hexadecimal digits in this escape", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Appends the UTF-8 encoding of a valid scalar value.
    private func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0 ..< 0x80:
            output.append(UInt8(scalar))
        case 0x80 ..< 0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800 ..< 0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
