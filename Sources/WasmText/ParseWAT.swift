import WasmBinary

/// Parses a WebAssembly text module (`.wat`) and returns its binary encoding (`.wasm`).
///
/// `text` is either one `(module $name? field*)` or just the fields (`(func ...) (memory 1)`).
/// `(module binary "...")` and `(module quote "...")` are accepted too. Every instruction of
/// WebAssembly 3.0 without garbage collection is understood: SIMD and relaxed SIMD, tail calls,
/// extended constant expressions, multiple memories, 64-bit memories and tables, exception
/// handling (`try_table`, `throw`, `throw_ref`) and typed function references, and the
/// wide-arithmetic proposal's `i64.add128`, `i64.sub128`, `i64.mul_wide_s`, `i64.mul_wide_u`. All abbreviations
/// work: inline imports and exports, inline element and data segments, type uses with implicit
/// types, named and numbered indices, folded instructions. The custom annotations are
/// interpreted: `(@custom ...)` gives a custom section, `(@name ...)` a module, function or tag
/// name of the `name` section, `(@metadata.code.branch_hint ...)` an entry of the branch-hint
/// section; every other annotation `(@...)` is skipped.
///
/// The binary is what `wasm-tools parse` writes for the same text, apart from the names of
/// other index spaces (types, globals, ...) in the `name` section:
/// implicit types are appended to the type section in the same order and segments use the same
/// encodings, so decoding either gives the same ``WasmBinary/Module``.
///
/// Parsing never recurses on the nesting of the input; deeply nested folded instructions are
/// parsed with explicit stacks.
///
/// - Parameter text: The module's source.
/// - Returns: The module binary, ready for ``WasmBinary/decodeModule(_:options:)``.
/// - Throws: A ``WATError`` with the line, column and the specification's wording of the problem.
public func parseWAT(_ text: String) throws(WATError) -> [UInt8] {
    try parseWAT(bytes: Array(text.utf8))
}

/// ``parseWAT(_:)`` over the raw bytes of a `.wat` file.
///
/// Use this rather than decoding the file into a `String` first: malformed UTF-8 in the text
/// (in a string literal, say) is a ``WATError`` here, where a `String` would have replaced it.
///
/// - Parameter utf8: The module's source, as read from its file.
/// - Returns: The module binary, ready for ``WasmBinary/decodeModule(_:options:)``.
/// - Throws: A ``WATError`` with the line and column of the problem.
public func parseWAT(utf8: [UInt8]) throws(WATError) -> [UInt8] {
    try parseWAT(bytes: utf8)
}

/// Parses a WebAssembly text module and decodes it into the same model
/// ``WasmBinary/decodeModule(_:options:)`` produces for its binary.
///
/// This is all that is needed to run a `.wat` file or a `function.wat` entry: validate the
/// returned module and instantiate it like any decoded binary.
///
/// - Parameter text: The module's source (see ``parseWAT(_:)``).
/// - Returns: The decoded, not yet validated, module; its ``WasmBinary/Module/bytes`` hold the binary.
/// - Throws: A ``WATError`` for malformed text, or a ``WasmBinary/DecodeError`` when the text
///   describes a binary the decoder refuses (for example more locals than the decoder allows).
public func parseWATModule(_ text: String) throws -> Module {
    let binary = try parseWAT(text)
    return try decodeModule(binary)
}

/// ``parseWAT(_:)`` over UTF-8 bytes (which may be malformed: that is an error).
func parseWAT(bytes: [UInt8]) throws(WATError) -> [UInt8] {
    try parseWATWithSourceMap(bytes: bytes).binary
}

/// Parses a WebAssembly text module like ``parseWAT(_:)`` and also returns where each
/// function-body instruction of the binary came from, so that an error found later in the binary
/// (by the validator, at a byte offset) can be reported at a line and column of the text.
///
/// - Parameter text: The module's source (see ``parseWAT(_:)``).
/// - Returns: The module binary and its source map.
/// - Throws: A ``WATError`` with the line and column of the problem.
public func parseWATWithSourceMap(_ text: String) throws(WATError) -> (binary: [UInt8], sourceMap: WATSourceMap) {
    try parseWATWithSourceMap(bytes: Array(text.utf8))
}

/// ``parseWATWithSourceMap(_:)`` over the raw bytes of a `.wat` file (see ``parseWAT(utf8:)``).
///
/// - Parameter utf8: The module's source, as read from its file.
/// - Returns: The module binary and its source map.
/// - Throws: A ``WATError`` with the line and column of the problem.
public func parseWATWithSourceMap(utf8: [UInt8]) throws(WATError) -> (binary: [UInt8], sourceMap: WATSourceMap) {
    try parseWATWithSourceMap(bytes: utf8)
}

func parseWATWithSourceMap(bytes: [UInt8]) throws(WATError) -> (binary: [UInt8], sourceMap: WATSourceMap) {
    do {
        let lexer = try Lexer.lex(bytes)
        var marks: [SourceMark] = []
        let binary = try ModuleText.encode(source: bytes, lexer: lexer, from: 0, to: lexer.tokens.count - 1, allowQuote: true, marks: &marks)
        return (binary, WATSourceMap(marks: marks, source: bytes))
    } catch {
        throw error.located(in: bytes)
    }
}

/// Where a function-body instruction of the binary starts, and where its keyword is in the source.
struct SourceMark: Sendable {
    var binary: Int
    var source: Int32
}

/// Maps byte offsets of a binary made by ``parseWATWithSourceMap(_:)`` back to the text.
public struct WATSourceMap: Sendable {
    /// Sorted by `binary` (bodies are written in order).
    let marks: [SourceMark]
    let lines: LineIndex

    init(marks: [SourceMark], source: [UInt8]) {
        self.marks = marks
        lines = LineIndex(source)
    }

    /// The 1-based line and column of the instruction that contains byte `offset` of the binary,
    /// or nil when the offset is outside every function body.
    public func location(ofBinaryOffset offset: Int) -> (line: Int, column: Int)? {
        var low = 0
        var high = marks.count - 1
        guard high >= 0, marks[0].binary <= offset else { return nil }
        while low < high {
            let mid = (low + high + 1) / 2
            if marks[mid].binary <= offset { low = mid } else { high = mid - 1 }
        }
        return lines.lineAndColumn(of: Int(marks[low].source))
    }
}

/// The forms a module can take in a text file or script.
enum ModuleText {
    /// Encodes the module in the tokens `from..<to`: either `(module $id? ...)`, with the
    /// `binary` and `quote` forms (and `definition` of scripts), or bare fields.
    static func encode(source: [UInt8], lexer: Lexer, from: Int, to: Int, allowQuote: Bool) throws(TextError) -> [UInt8] {
        var marks: [SourceMark] = []
        return try encode(source: source, lexer: lexer, from: from, to: to, allowQuote: allowQuote, marks: &marks)
    }

    /// ``encode(source:lexer:from:to:allowQuote:)`` with the source marks of the function bodies
    /// (none for the `binary` and `quote` forms).
    static func encode(
        source: [UInt8], lexer: Lexer, from: Int, to: Int, allowQuote: Bool, marks: inout [SourceMark]
    ) throws(TextError) -> [UInt8] {
        let tokens = lexer.tokens
        guard from < to, tokens[from].kind == .leftParen, isModuleKeyword(source, tokens[from + 1]) else {
            return try ModuleParser.encode(source: source, lexer: lexer, from: from, to: to, marks: &marks)
        }
        let close = Int(tokens[from].link)
        /// Tokens after the module are reported after the module's own errors.
        func checkEnd() throws(TextError) {
            guard close + 1 == to else { throw TextError("unexpected token", at: Int(tokens[close + 1].start)) }
        }
        var i = from + 2
        if isWord(source, tokens[i], "definition") { i += 1 }
        if tokens[i].kind == .identifier { i += 1 }
        if isWord(source, tokens[i], "binary") {
            let bytes = try strings(source, tokens, from: i + 1, to: close)
            try checkEnd()
            return bytes
        }
        if isWord(source, tokens[i], "quote") {
            guard allowQuote else { throw TextError("unexpected token", at: Int(tokens[i].start)) }
            let text = try strings(source, tokens, from: i + 1, to: close)
            let binary: [UInt8]
            do {
                let inner = try Lexer.lex(text)
                binary = try encode(source: text, lexer: inner, from: 0, to: inner.tokens.count - 1, allowQuote: false)
            } catch {
                // Positions inside the quoted text mean nothing in the outer source.
                throw TextError(error.message, at: Int(tokens[i].start))
            }
            try checkEnd()
            return binary
        }
        let binary = try ModuleParser.encode(source: source, lexer: lexer, from: i, to: close, marks: &marks)
        try checkEnd()
        return binary
    }

    /// The concatenated bytes of the string tokens `from..<to`.
    static func strings(_ source: [UInt8], _ tokens: [Token], from: Int, to: Int) throws(TextError) -> [UInt8] {
        var bytes: [UInt8] = []
        for index in from..<to {
            let t = tokens[index]
            guard t.kind == .string else { throw TextError("unexpected token", at: Int(t.start)) }
            var part: [UInt8] = []
            var failure: TextError?
            source.withUnsafeBufferPointer { p in
                do throws(TextError) {
                    part = try StringLiteral.decode(p, Int(t.start), Int(t.end))
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            bytes.append(contentsOf: part)
        }
        return bytes
    }

    static func isModuleKeyword(_ source: [UInt8], _ token: Token) -> Bool {
        isWord(source, token, "module")
    }

    /// Whether `token` is the keyword `word`.
    static func isWord(_ source: [UInt8], _ token: Token, _ word: StaticString) -> Bool {
        guard token.kind == .keyword, token.length == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<token.length where source[Int(token.start) + i] != w[i] { return false }
        return true
    }
}
