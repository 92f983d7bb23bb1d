/// Splits text-format source into tokens.
///
/// Whitespace, line comments (`;;` to the end of the line), nested block comments (`(; ;)`) and
/// annotations (`(@id ...)`) produce no tokens. The annotations the parser interprets
/// (`@custom`, `@name`, `@metadata.code.branch_hint`) are recorded in ``annotations``, their
/// contents in ``annotationTokens``; every other annotation is skipped whole. Parentheses must balance; each `(`
/// token records the index of its `)`, so the parser can skip a whole field in one step (a `)`
/// without a `(` is kept, with link -1, for the parser to report in order). The
/// lexer is a single loop over the bytes with an explicit stack: no recursion.
struct Lexer {
    /// Input larger than this is refused (token offsets are 32-bit).
    static let maxInputSize = Int(Int32.max) - 16

    /// Which bytes may appear in keywords, numbers and identifiers (`idchar` of the spec).
    static let isIDChar: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = true }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(c)] = true }
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(c)] = true }
        for c in "!#$%&'*+-./:<=>?@\\^_`|~".utf8 { table[Int(c)] = true }
        return table
    }()

    /// The tokens, ending with an `.end` token.
    var tokens: [Token] = []
    /// The interned identifier names.
    var names = NameTable()
    /// The interpreted annotations, in source order.
    var annotations: [Annotation] = []
    /// The tokens inside the interpreted annotations (parentheses, strings and words; no
    /// identifiers are interned and no `link` is set).
    var annotationTokens: [Token] = []

    /// Lexes `source`.
    static func lex(_ source: [UInt8]) throws(TextError) -> Lexer {
        var lexer = Lexer()
        guard source.count <= maxInputSize else { throw TextError("input too large", at: 0) }
        var failure: TextError?
        source.withUnsafeBufferPointer { buffer in
            do throws(TextError) {
                try lexer.run(buffer)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return lexer
    }

    private mutating func run(_ p: UnsafeBufferPointer<UInt8>) throws(TextError) {
        let n = p.count
        var toks: [Token] = []
        toks.reserveCapacity(n / 5 + 16)
        let idchar = Self.isIDChar
        var open: [Int32] = []
        var annotationDepth = 0
        var annotationStart = 0
        // The kind of the annotation being lexed when it is interpreted (its contents are kept).
        var interpreted: Annotation.Kind?
        var contentStart = 0
        var i = 0
        while i < n {
            let c = p[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D:
                i += 1
            case UInt8(ascii: ";") where i + 1 < n && p[i + 1] == UInt8(ascii: ";"):
                i += 2
                while i < n, p[i] != 0x0A, p[i] != 0x0D {
                    if p[i] >= 0x80 { i = try Self.skipUTF8(p, i) } else { i += 1 }
                }
            case UInt8(ascii: "("):
                if i + 1 < n && p[i + 1] == UInt8(ascii: ";") {
                    i = try Self.skipBlockComment(p, i)
                } else if i + 1 < n && p[i + 1] == UInt8(ascii: "@") && annotationDepth == 0 {
                    annotationStart = i
                    let end = try Self.skipAnnotationID(p, i + 2)
                    interpreted = try Self.annotationKind(p, i + 2, end)
                    contentStart = annotationTokens.count
                    i = end
                    annotationDepth = 1
                } else if annotationDepth > 0 {
                    if interpreted != nil {
                        annotationTokens.append(Token(kind: .leftParen, start: Int32(i), end: Int32(i + 1), link: 0))
                    }
                    annotationDepth += 1
                    i += 1
                } else {
                    open.append(Int32(toks.count))
                    toks.append(Token(kind: .leftParen, start: Int32(i), end: Int32(i + 1), link: 0))
                    i += 1
                }
            case UInt8(ascii: ")"):
                if annotationDepth > 0 {
                    annotationDepth -= 1
                    if let kind = interpreted {
                        if annotationDepth > 0 {
                            annotationTokens.append(Token(kind: .rightParen, start: Int32(i), end: Int32(i + 1), link: 0))
                        } else {
                            annotations.append(Annotation(
                                kind: kind, start: Int32(annotationStart), end: Int32(i + 1), at: Int32(toks.count),
                                contentFrom: Int32(contentStart), contentTo: Int32(annotationTokens.count)))
                            interpreted = nil
                        }
                    }
                } else {
                    // An unmatched `)` stays a token (link -1): the parser reports it where it
                    // meets it, so earlier errors are reported first.
                    var link: Int32 = -1
                    if let left = open.popLast() {
                        toks[Int(left)].link = Int32(toks.count)
                        link = 0
                    }
                    toks.append(Token(kind: .rightParen, start: Int32(i), end: Int32(i + 1), link: link))
                }
                i += 1
            default:
                let start = i
                while i < n && idchar[Int(p[i])] { i += 1 }
                var strings = 0
                var other = false
                // Strings and a few other characters glued to a word make one reserved word.
                while i < n {
                    let b = p[i]
                    if idchar[Int(b)] {
                        i += 1
                    } else if b == UInt8(ascii: "\"") {
                        i = try Self.skipString(p, i)
                        strings += 1
                    } else if b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
                        || b == UInt8(ascii: "{") || b == UInt8(ascii: "}")
                        || (b == UInt8(ascii: ";") && !(i + 1 < n && p[i + 1] == UInt8(ascii: ";")))
                    {
                        other = true
                        i += 1
                    } else {
                        break
                    }
                }
                if i == start {
                    if c >= 0x80 {
                        _ = try Self.skipUTF8(p, i)
                    }
                    throw TextError("illegal character", at: i)
                }
                if annotationDepth > 0 {
                    if interpreted != nil {
                        annotationTokens.append(Self.annotationWord(p, start, i, strings: strings, other: other))
                    }
                    continue
                }
                toks.append(try word(p, start, i, strings: strings, other: other))
            }
        }
        if annotationDepth > 0 { throw TextError("unclosed annotation", at: annotationStart) }
        if let left = open.last { throw TextError("unexpected end", at: Int(toks[Int(left)].start)) }
        toks.append(Token(kind: .end, start: Int32(n), end: Int32(n), link: 0))
        tokens = toks
    }

    /// The token of the word `p[start..<end]`.
    @inline(__always)
    private mutating func word(
        _ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, strings: Int, other: Bool
    ) throws(TextError) -> Token {
        let first = p[start]
        var kind: TokenKind = .reserved
        var link: Int32 = 0
        if strings == 0 && !other {
            switch first {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                kind = .keyword
            case UInt8(ascii: "$"):
                guard end - start > 1 else { throw TextError("empty identifier", at: start) }
                kind = .identifier
                link = names.intern(p, start + 1, end)
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                kind = .number
            default:
                kind = .reserved
            }
        } else if strings == 1 && !other && first == UInt8(ascii: "\"")
            && (try? Self.skipString(p, start)) == end
        {
            kind = .string
        } else if strings == 1 && !other && first == UInt8(ascii: "$") && end - start >= 2
            && p[start + 1] == UInt8(ascii: "\"") && (try? Self.skipString(p, start + 1)) == end
        {
            let name = try StringLiteral.decode(p, start + 1, end)
            guard !name.isEmpty else { throw TextError("empty identifier", at: start) }
            guard UTF8Validation.isValid(name) else { throw TextError("malformed UTF-8 encoding", at: start) }
            kind = .identifier
            link = names.intern(name)
        }
        return Token(kind: kind, start: Int32(start), end: Int32(end), link: link)
    }

    /// Skips a string starting at the `"` at `i`; returns the offset after the closing `"`.
    /// Checks the escapes, refuses control characters and malformed UTF-8.
    static func skipString(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) throws(TextError) -> Int {
        let n = p.count
        var i = start + 1
        while true {
            guard i < n else { throw TextError("unclosed string", at: start) }
            let c = p[i]
            if c == UInt8(ascii: "\"") { return i + 1 }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < n else { throw TextError("unclosed string", at: start) }
                switch p[i + 1] {
                case UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "\""),
                     UInt8(ascii: "'"), UInt8(ascii: "\\"):
                    i += 2
                case UInt8(ascii: "u"):
                    var j = i + 2
                    guard j < n, p[j] == UInt8(ascii: "{") else { throw TextError("illegal escape", at: i) }
                    j += 1
                    var digits = 0
                    while j < n, hexValue(p[j]) != nil || (p[j] == UInt8(ascii: "_") && digits > 0) {
                        digits += 1
                        j += 1
                    }
                    guard digits > 0, j < n, p[j] == UInt8(ascii: "}") else {
                        throw TextError("illegal escape", at: i)
                    }
                    i = j + 1
                default:
                    guard i + 2 < n, hexValue(p[i + 1]) != nil, hexValue(p[i + 2]) != nil else {
                        throw TextError("illegal escape", at: i)
                    }
                    i += 3
                }
            } else if c < 0x20 || c == 0x7F {
                throw TextError(c == 0x0A ? "unclosed string" : "illegal character", at: i)
            } else if c >= 0x80 {
                i = try skipUTF8(p, i)
            } else {
                i += 1
            }
        }
    }

    /// Skips a block comment starting at the `(;` at `start`, nested ones included.
    static func skipBlockComment(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) throws(TextError) -> Int {
        let n = p.count
        var depth = 1
        var i = start + 2
        while depth > 0 {
            guard i < n else { throw TextError("unclosed comment", at: start) }
            let c = p[i]
            if c == UInt8(ascii: "(") && i + 1 < n && p[i + 1] == UInt8(ascii: ";") {
                depth += 1
                i += 2
            } else if c == UInt8(ascii: ";") && i + 1 < n && p[i + 1] == UInt8(ascii: ")") {
                depth -= 1
                i += 2
            } else if c >= 0x80 {
                i = try skipUTF8(p, i)
            } else {
                i += 1
            }
        }
        return i
    }

    /// The kind of an interpreted annotation whose id is `p[start..<end]` (a word or a string),
    /// nil for the annotations that are skipped.
    static func annotationKind(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(TextError) -> Annotation.Kind? {
        let id: [UInt8]
        if p[start] == UInt8(ascii: "\"") {
            id = try StringLiteral.decode(p, start, end)
        } else {
            id = Array(UnsafeBufferPointer(rebasing: p[start..<end]))
        }
        return Annotation.Kind(id: id)
    }

    /// The token of a word inside an interpreted annotation: a string, a keyword or a reserved word.
    static func annotationWord(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, strings: Int, other: Bool) -> Token {
        let first = p[start]
        var kind: TokenKind = .reserved
        if strings == 0 && !other {
            switch first {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): kind = .keyword
            case UInt8(ascii: "$"): kind = .identifier
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"): kind = .number
            default: kind = .reserved
            }
        } else if strings == 1 && !other && first == UInt8(ascii: "\"") && (try? skipString(p, start)) == end {
            kind = .string
        }
        return Token(kind: kind, start: Int32(start), end: Int32(end), link: 0)
    }

    /// Skips the id of an annotation (`i` is after `(@`): idchars or a non-empty string.
    static func skipAnnotationID(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) throws(TextError) -> Int {
        var i = start
        if i < p.count, p[i] == UInt8(ascii: "\"") {
            let end = try skipString(p, i)
            let name = try StringLiteral.decode(p, i, end)
            guard !name.isEmpty else { throw TextError("empty annotation id", at: start - 2) }
            guard UTF8Validation.isValid(name) else { throw TextError("malformed UTF-8 encoding", at: i) }
            return end
        }
        while i < p.count, isIDChar[Int(p[i])] { i += 1 }
        guard i > start else { throw TextError("empty annotation id", at: start - 2) }
        return i
    }

    /// Checks the UTF-8 sequence at `i` (a byte ≥ 0x80) and returns the offset after it.
    static func skipUTF8(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) throws(TextError) -> Int {
        guard let length = UTF8Validation.sequenceLength(p, i) else {
            throw TextError("malformed UTF-8 encoding", at: i)
        }
        return i + length
    }

    /// The value of a hexadecimal digit.
    @inline(__always) static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
