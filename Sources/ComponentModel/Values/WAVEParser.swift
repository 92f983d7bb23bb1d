import ComponentBinary

extension WAVE {
    /// Parses WAVE text as a value of `type`.
    ///
    /// Whitespace and `//` comments may appear between tokens. Integers are range-checked (an
    /// out-of-range number is an error, never truncated); record fields may come in any order
    /// and a field of `option` type may be left out (it is `none`); an `option` or `result`
    /// payload of a type other than `option`/`result` may be written without `some(...)` /
    /// `ok(...)`; labels may carry a `%` prefix (needed for variant and enum cases named like a
    /// keyword, such as `%none`). A `list<u8>` is returned as ``ComponentValue/bytes(_:)``.
    ///
    /// - Parameters:
    ///   - text: The WAVE text (one value, nothing after it).
    ///   - type: The value's type.
    /// - Returns: The value.
    /// - Throws: ``WAVEError`` saying what was expected and at which offset.
    public static func parse(_ text: String, as type: ResolvedValueType) throws(WAVEError) -> ComponentValue {
        let scalars = Array(text.unicodeScalars)
        var parser = WAVEParser(scalars: scalars, start: 0, limit: scalars.count)
        let value = try parser.parseValue(type)
        try parser.finish()
        return value
    }
}

/// A typed recursive-descent WAVE parser.
struct WAVEParser {
    static let maxDepth = 100

    var lexer: WAVELexer
    var lookahead: WAVEToken?
    var depth = 0

    init(scalars: [Unicode.Scalar], start: Int, limit: Int) {
        lexer = WAVELexer(scalars: scalars, start: start, limit: limit)
    }

    mutating func peek() throws(WAVEError) -> WAVEToken {
        if let lookahead { return lookahead }
        let token = try lexer.next()
        lookahead = token
        return token
    }

    mutating func advance() throws(WAVEError) -> WAVEToken {
        let token = try peek()
        lookahead = nil
        return token
    }

    /// Reads a token of `kind` or throws `expected WHAT, found ...`.
    @discardableResult
    mutating func expect(_ kind: WAVEToken.Kind, _ what: String) throws(WAVEError) -> WAVEToken {
        let token = try advance()
        guard token.kind == kind else { throw WAVEParser.unexpected(token, expected: what) }
        return token
    }

    /// Whether the next token is `kind` (and consumes it if so).
    mutating func accept(_ kind: WAVEToken.Kind) throws(WAVEError) -> Bool {
        guard try peek().kind == kind else { return false }
        lookahead = nil
        return true
    }

    /// Throws unless all input was read.
    mutating func finish() throws(WAVEError) {
        let token = try peek()
        guard token.kind == .end else {
            throw WAVEError(message: "unexpected \(token.text) after the value", offset: token.offset)
        }
    }

    static func unexpected(_ token: WAVEToken, expected: String) -> WAVEError {
        WAVEError(message: "expected \(expected), found \(token.text)", offset: token.offset)
    }

    /// The keyword a token spells (a label without `%` that is a keyword), if any.
    static func keyword(_ token: WAVEToken) -> String? {
        guard case .label(let text, percent: false) = token.kind, WAVEText.keywords.contains(text) else { return nil }
        return text
    }

    /// Parses one value of `type`.
    mutating func parseValue(_ type: ResolvedValueType) throws(WAVEError) -> ComponentValue {
        guard depth < WAVEParser.maxDepth else {
            throw WAVEError(message: "value nested more than \(WAVEParser.maxDepth) levels deep", offset: try peek().offset)
        }
        depth += 1
        defer { depth -= 1 }
        switch type {
        case .primitive(let primitive): return try parsePrimitive(primitive)
        case .list(let element): return try parseList(element, length: nil, type: type)
        case .fixedList(let element, let length): return try parseList(element, length: Int(length), type: type)
        case .tuple(let elements): return try parseTuple(elements, type: type)
        case .record(let fields): return try parseRecord(fields, type: type)
        case .flags(let names): return try parseFlags(names, type: type)
        case .enum(let cases): return .enum(try parseCaseLabel(cases, type: type))
        case .variant(let cases): return try parseVariant(cases, type: type)
        case .option(let payload): return try parseOption(payload, type: type)
        case .result(let ok, let error): return try parseResult(ok: ok, error: error, type: type)
        case .own, .borrow, .stream, .future, .map:
            let token = try peek()
            throw WAVEError(message: "a value of type \(type.shortName) cannot be written in WAVE", offset: token.offset)
        }
    }

    mutating func parsePrimitive(_ primitive: PrimitiveValueType) throws(WAVEError) -> ComponentValue {
        let token = try advance()
        let expected = primitive.witName
        switch primitive {
        case .bool:
            switch WAVEParser.keyword(token) {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw WAVEParser.unexpected(token, expected: "bool (`true` or `false`)")
            }
        case .s8, .u8, .s16, .u16, .s32, .u32, .s64, .u64:
            guard case .number(let text) = token.kind else { throw WAVEParser.unexpected(token, expected: expected) }
            if let value = WAVENumbers.integer(text, primitive) { return value }
            throw WAVEError(message: WAVENumbers.integerProblem(text, primitive), offset: token.offset)
        case .f32, .f64:
            let text: String
            switch token.kind {
            case .number(let n): text = n
            case .label(let l, percent: false) where l == "inf" || l == "nan": text = l
            default: throw WAVEParser.unexpected(token, expected: expected)
            }
            if primitive == .f32, let value = Float(text) { return .f32(value) }
            if primitive == .f64, let value = Double(text) { return .f64(value) }
            throw WAVEError(message: "invalid \(expected) `\(text)`", offset: token.offset)
        case .char:
            guard case .char(let c) = token.kind else { throw WAVEParser.unexpected(token, expected: "char") }
            return .char(c)
        case .string:
            guard case .string(let s) = token.kind else { throw WAVEParser.unexpected(token, expected: "string") }
            return .string(s)
        case .errorContext:
            throw WAVEError(message: "a value of type error-context cannot be written in WAVE", offset: token.offset)
        }
    }
}
