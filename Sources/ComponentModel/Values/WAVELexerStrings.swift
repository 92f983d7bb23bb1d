extension WAVELexer {
    /// Reads an escape sequence after its `\` (already consumed; `start` is the `\`).
    mutating func lexEscape(start: Int) throws(WAVEError) -> Unicode.Scalar {
        guard let s = peekScalar() else {
            throw WAVEError(message: "unterminated escape sequence", offset: start)
        }
        position += 1
        switch s {
        case "\\": return "\\"
        case "'": return "'"
        case "\"": return "\""
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "u": break
        default:
            throw WAVEError(
                message: "invalid escape `\\\(s)` (expected \\n, \\t, \\r, \\', \\\", \\\\ or \\u{...})",
                offset: start)
        }
        guard peekScalar() == "{" else {
            throw WAVEError(message: "expected `{` after `\\u`", offset: position)
        }
        position += 1
        var value: UInt32 = 0
        var digits = 0
        while let h = peekScalar(), h != "}" {
            guard h.isASCII, let digit = UInt32(String(h), radix: 16) else {
                throw WAVEError(message: "expected a hex digit or `}` in `\\u{...}`", offset: position)
            }
            digits += 1
            if digits > 6 {
                throw WAVEError(message: "more than 6 hex digits in `\\u{...}`", offset: start)
            }
            value = value << 4 | digit
            position += 1
        }
        guard peekScalar() == "}" else {
            throw WAVEError(message: "unterminated `\\u{...}` escape", offset: start)
        }
        position += 1
        guard digits > 0 else {
            throw WAVEError(message: "empty `\\u{}` escape", offset: start)
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw WAVEError(
                message: "`\\u{\(String(value, radix: 16))}` is not a Unicode scalar value", offset: start)
        }
        return scalar
    }

    /// `'c'` or `'\escape'`.
    mutating func lexChar() throws(WAVEError) -> Unicode.Scalar {
        let start = position
        position += 1
        guard let s = peekScalar(), s != "\n", s != "'" else {
            throw WAVEError(message: "expected one character in char literal", offset: start)
        }
        position += 1
        let scalar = s == "\\" ? try lexEscape(start: position - 1) : s
        guard peekScalar() == "'" else {
            throw WAVEError(message: "expected `'` closing a char literal of one character", offset: position)
        }
        position += 1
        return scalar
    }

    /// `"..."` on one line.
    mutating func lexString() throws(WAVEError) -> String {
        let start = position
        position += 1
        var out = ""
        while true {
            guard let s = peekScalar(), s != "\n" else {
                throw WAVEError(message: "unterminated string", offset: start)
            }
            position += 1
            if s == "\"" { return out }
            if s == "\\" {
                out.unicodeScalars.append(try lexEscape(start: position - 1))
            } else {
                out.unicodeScalars.append(s)
            }
        }
    }

    /// `"""` newline, lines, then a line of spaces (the indent, removed from every line) and
    /// `"""`. Lines are joined with `\n`; escapes work as in one-line strings.
    mutating func lexMultilineString() throws(WAVEError) -> String {
        let start = position
        position += 3
        if peekScalar() == "\r" { position += 1 }
        guard peekScalar() == "\n" else {
            throw WAVEError(message: "opening `\"\"\"` must be followed by a newline", offset: start)
        }
        position += 1
        // Collect raw lines up to the closing delimiter.
        var lines: [(start: Int, end: Int)] = []
        var lineStart = position
        var closing: Int?
        while position < limit {
            let s = scalars[position]
            if s == "\"" && peekScalar(1) == "\"" && peekScalar(2) == "\"" {
                closing = position
                break
            }
            if s == "\n" {
                lines.append((lineStart, position))
                lineStart = position + 1
            }
            position += 1
        }
        guard let closing else {
            throw WAVEError(message: "unterminated multi-line string", offset: start)
        }
        let indentCount = closing - lineStart
        for i in lineStart..<closing where scalars[i] != " " {
            throw WAVEError(message: "closing `\"\"\"` must be on a line with only spaces before it", offset: i)
        }
        position = closing + 3
        let end = position
        var out = ""
        for (index, line) in lines.enumerated() {
            if index > 0 { out += "\n" }
            var lineEnd = line.end
            if lineEnd > line.start && scalars[lineEnd - 1] == "\r" { lineEnd -= 1 }
            var cursor = line.start
            var stripped = 0
            while stripped < indentCount {
                guard cursor < lineEnd, scalars[cursor] == " " else {
                    throw WAVEError(message: "line less indented than the closing `\"\"\"`", offset: cursor)
                }
                cursor += 1
                stripped += 1
            }
            var lineLexer = WAVELexer(scalars: scalars, start: cursor, limit: lineEnd)
            while let s = lineLexer.peekScalar() {
                lineLexer.position += 1
                if s == "\\" {
                    out.unicodeScalars.append(try lineLexer.lexEscape(start: lineLexer.position - 1))
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        position = end
        return out
    }
}
