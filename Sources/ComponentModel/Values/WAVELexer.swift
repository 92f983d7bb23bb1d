/// One WAVE token and where it is.
struct WAVEToken: Sendable {
    enum Kind: Equatable, Sendable {
        case braceOpen, braceClose, parenOpen, parenClose, bracketOpen, bracketClose, colon, comma
        /// A number literal as written (`-12`, `1.5e3`, `-inf`).
        case number(String)
        /// A label or keyword; `percent` when written with a `%` prefix (never a keyword then).
        case label(String, percent: Bool)
        case char(Unicode.Scalar)
        case string(String)
        case end
    }

    var kind: Kind
    /// The Unicode-scalar offset of the token's first character.
    var offset: Int
    /// The offset just after the token.
    var end: Int

    /// The token as error messages name it.
    var text: String {
        switch kind {
        case .braceOpen: return "`{`"
        case .braceClose: return "`}`"
        case .parenOpen: return "`(`"
        case .parenClose: return "`)`"
        case .bracketOpen: return "`[`"
        case .bracketClose: return "`]`"
        case .colon: return "`:`"
        case .comma: return "`,`"
        case .number(let n): return "number `\(n)`"
        case .label(let l, let percent): return "`\(percent ? "%" : "")\(l)`"
        case .char(let c): return "char \(WAVEText.quoted(c))"
        case .string(let s): return "string \(WAVEText.quoted(s))"
        case .end: return "end of input"
        }
    }
}

/// Splits WAVE text into tokens, skipping whitespace and `//` line comments.
struct WAVELexer {
    let scalars: [Unicode.Scalar]
    /// The next unread offset.
    var position: Int
    /// The offset where the input ends.
    let limit: Int

    init(scalars: [Unicode.Scalar], start: Int, limit: Int) {
        self.scalars = scalars
        self.position = start
        self.limit = limit
    }

    func peekScalar(_ ahead: Int = 0) -> Unicode.Scalar? {
        let index = position + ahead
        return index < limit ? scalars[index] : nil
    }

    mutating func skipTrivia() {
        while let s = peekScalar() {
            if s == " " || s == "\t" || s == "\n" || s == "\r" {
                position += 1
            } else if s == "/" && peekScalar(1) == "/" {
                while let c = peekScalar(), c != "\n" { position += 1 }
            } else {
                return
            }
        }
    }

    /// Reads the next token.
    mutating func next() throws(WAVEError) -> WAVEToken {
        skipTrivia()
        let start = position
        guard let s = peekScalar() else { return WAVEToken(kind: .end, offset: start, end: start) }
        let single: WAVEToken.Kind?
        switch s {
        case "{": single = .braceOpen
        case "}": single = .braceClose
        case "(": single = .parenOpen
        case ")": single = .parenClose
        case "[": single = .bracketOpen
        case "]": single = .bracketClose
        case ":": single = .colon
        case ",": single = .comma
        default: single = nil
        }
        if let single {
            position += 1
            return WAVEToken(kind: single, offset: start, end: position)
        }
        let kind: WAVEToken.Kind
        if s == "-" || WAVELexer.isDigit(s) {
            kind = .number(try lexNumber())
        } else if s == "%" || WAVELexer.isLetter(s) {
            kind = try lexLabel()
        } else if s == "'" {
            kind = .char(try lexChar())
        } else if s == "\"" {
            if peekScalar(1) == "\"" && peekScalar(2) == "\"" {
                kind = .string(try lexMultilineString())
            } else {
                kind = .string(try lexString())
            }
        } else {
            throw WAVEError(message: "unexpected character \(WAVEText.quoted(s))", offset: start)
        }
        return WAVEToken(kind: kind, offset: start, end: position)
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s >= "0" && s <= "9" }
    static func isLower(_ s: Unicode.Scalar) -> Bool { s >= "a" && s <= "z" }
    static func isUpper(_ s: Unicode.Scalar) -> Bool { s >= "A" && s <= "Z" }
    static func isLetter(_ s: Unicode.Scalar) -> Bool { isLower(s) || isUpper(s) }

    mutating func readDigits(into text: inout String) -> Int {
        var count = 0
        while let d = peekScalar(), WAVELexer.isDigit(d) {
            text.unicodeScalars.append(d)
            position += 1
            count += 1
        }
        return count
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?` or `-inf`.
    mutating func lexNumber() throws(WAVEError) -> String {
        let start = position
        var text = ""
        if peekScalar() == "-" {
            text = "-"
            position += 1
            if peekScalar() == "i" && peekScalar(1) == "n" && peekScalar(2) == "f" {
                position += 3
                return "-inf"
            }
        }
        let intStart = position
        let intDigits = readDigits(into: &text)
        if intDigits == 0 {
            throw WAVEError(message: "expected digits in number", offset: position)
        }
        if intDigits > 1 && scalars[intStart] == "0" {
            throw WAVEError(message: "number with a leading zero", offset: start)
        }
        if peekScalar() == "." {
            text += "."
            position += 1
            if readDigits(into: &text) == 0 {
                throw WAVEError(message: "expected digits after `.` in number", offset: position)
            }
        }
        if let e = peekScalar(), e == "e" || e == "E" {
            text.unicodeScalars.append(e)
            position += 1
            if let sign = peekScalar(), sign == "+" || sign == "-" {
                text.unicodeScalars.append(sign)
                position += 1
            }
            if readDigits(into: &text) == 0 {
                throw WAVEError(message: "expected digits in number exponent", offset: position)
            }
        }
        return text
    }

    /// `%?word(-word)*` where each word is all lower-case or all upper-case letters and digits,
    /// the first starting with a letter.
    mutating func lexLabel() throws(WAVEError) -> WAVEToken.Kind {
        let start = position
        var percent = false
        if peekScalar() == "%" {
            percent = true
            position += 1
        }
        var text = ""
        while let s = peekScalar(), WAVELexer.isLetter(s) || WAVELexer.isDigit(s) || s == "-" {
            text.unicodeScalars.append(s)
            position += 1
        }
        if !WAVELexer.isValidLabel(text) {
            throw WAVEError(message: "invalid label `\(percent ? "%" : "")\(text)`", offset: start)
        }
        return .label(text, percent: percent)
    }

    static func isValidLabel(_ text: String) -> Bool {
        let words = text.split(separator: "-", omittingEmptySubsequences: false)
        for (index, word) in words.enumerated() {
            guard let first = word.unicodeScalars.first else { return false }
            if index == 0 && !isLetter(first) { return false }
            let hasLower = word.unicodeScalars.contains { isLower($0) }
            let hasUpper = word.unicodeScalars.contains { isUpper($0) }
            if hasLower && hasUpper { return false }
        }
        return true
    }
}
