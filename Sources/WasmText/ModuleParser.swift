import WasmBinary

/// Parses the fields of one module (a range of tokens) and encodes the module binary.
///
/// The work is done in two passes over the tokens. The first (``scanFields(from:to:)``) finds
/// every field, checks the field order rules and assigns every named entity its index, so later
/// fields and instructions can refer to anything by name. The second walks the fields in text
/// order and writes their binary encodings into one buffer per section; implicit function types
/// (type uses without `(type x)`) are appended to the type section in the order the reference
/// tool, `wasm-tools`, appends them, so the binary matches its output. Function bodies are
/// encoded straight from the tokens (see `ModuleParser+Expressions.swift`).
///
/// The parser works on unsafe buffers that are valid only inside ``encode(source:lexer:from:to:)``.
struct ModuleParser {
    /// The source bytes.
    let p: UnsafeBufferPointer<UInt8>
    /// The tokens.
    let tokens: UnsafeBufferPointer<Token>
    /// Names of identifiers, for messages.
    let names: NameTable
    /// The instruction table.
    let lookup = InstructionLookup.shared
    /// Current token.
    var pos = 0

    // MARK: Module state

    /// The index spaces, by `Space.rawValue`.
    var spaces: [Namespace]
    /// The fields found by the first pass, in text order.
    var fields: [Field] = []
    /// Every function type of the type section: explicit ones first, implicit ones after.
    var types: [FunctionType] = []
    /// The explicit type definitions in text order, grouped as written (`(rec ...)` or alone).
    var typeGroups: [TypeGroup] = []
    /// The binary encoding of each explicit type definition, by type index.
    var typeEncodings: [[UInt8]] = []
    /// The field names of struct types, by type index (interned name to field index).
    var fieldNames: [UInt32: [Int32: UInt32]] = [:]
    /// The first type index of each signature (for type uses without `(type x)`).
    var typeIndexBySignature: [FunctionType: UInt32] = [:]
    /// Whether each memory is 64-bit (by memory index), for the offsets of inline data.
    var memoryIs64: [Bool] = []
    /// The names of named functions (index, interned name), for the `name` section.
    var functionNames: [(index: UInt32, name: Int32)] = []
    /// The names of named tags (index, interned name), for the `name` section.
    var tagNames: [(index: UInt32, name: Int32)] = []

    // MARK: Annotations

    /// The interpreted annotations inside this module, in source order.
    var annotations: ArraySlice<Annotation> = []
    /// The tokens of the annotations' contents.
    var annotationTokens: [Token] = []
    /// The `@metadata.code.branch_hint` annotations, each inside a defined function.
    var branchHintAnnotations: [Annotation] = []
    /// The first of ``branchHintAnnotations`` not yet given to a function body.
    var nextBranchHint = 0
    /// The content of the `metadata.code.branch_hint` section after its function count.
    var branchHintSection: [UInt8] = []
    var branchHintFunctionCount = 0
    /// The sections of the `@custom` annotations, in text order.
    var customSections: [CustomSectionText] = []
    /// The module name of a `@name` annotation.
    var moduleNameAnnotation: [UInt8]?
    /// Function and tag names of `@name` annotations, by index (they replace identifiers).
    var annotatedFunctionNames: [UInt32: [UInt8]] = [:]
    var annotatedTagNames: [UInt32: [UInt8]] = [:]

    // MARK: Sections being written

    var importSection: [UInt8] = []
    var importCount = 0
    var functionSection: [UInt8] = []
    var functionCount = 0
    var tableSection: [UInt8] = []
    var tableCount = 0
    var memorySection: [UInt8] = []
    var memoryCount = 0
    var tagSection: [UInt8] = []
    var tagCount = 0
    var globalSection: [UInt8] = []
    var globalCount = 0
    var exportSection: [UInt8] = []
    var exportCount = 0
    var startFunction: UInt32?
    var elementSection: [UInt8] = []
    var elementCount = 0
    var codeSection: [UInt8] = []
    var codeCount = 0
    var dataSection: [UInt8] = []
    var dataCount = 0
    /// Whether some body uses `memory.init` or `data.drop` (then the data count section is written).
    var needsDataCount = false
    /// The token of the instruction being written (its keyword), for ``bodyMarks``.
    var instructionToken = 0
    /// Where each instruction of the body being encoded starts in `output`, and in the source.
    var bodyMarks: [SourceMark] = []
    /// The same for every function body, as offsets into `codeSection`.
    var codeMarks: [SourceMark] = []
    /// The same in the assembled binary (filled by `assemble`).
    var sourceMarks: [SourceMark] = []

    // MARK: Expression state

    /// The encoding of the body or constant expression being parsed.
    var output: [UInt8] = []
    /// False while skipping over immediates that are encoded later (no implicit types are added).
    var emitting = true
    /// The labels of the enclosing blocks, innermost last.
    var labels: [Label] = []
    /// The folded instructions being parsed, innermost last.
    var frames: [Frame] = []
    /// Local indices by name in the current function.
    var localNames: NameMap

    init(source: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Token>, names: NameTable) {
        self.p = source
        self.tokens = tokens
        self.names = names
        let empty = Namespace(indexByName: NameMap(nameCount: names.count))
        spaces = [Namespace](repeating: empty, count: Space.allCases.count)
        localNames = NameMap(nameCount: names.count)
    }

    /// Encodes the module whose fields are the tokens `from..<to`.
    static func encode(source: [UInt8], lexer: Lexer, from: Int, to: Int) throws(TextError) -> [UInt8] {
        var marks: [SourceMark] = []
        return try encode(source: source, lexer: lexer, from: from, to: to, marks: &marks)
    }

    /// ``encode(source:lexer:from:to:)``, also giving where each function-body instruction of
    /// the binary came from in the source.
    static func encode(source: [UInt8], lexer: Lexer, from: Int, to: Int, marks: inout [SourceMark]) throws(TextError) -> [UInt8] {
        var result: Result<[UInt8], TextError> = .success([])
        var found: [SourceMark] = []
        source.withUnsafeBufferPointer { sourceBuffer in
            lexer.tokens.withUnsafeBufferPointer { tokenBuffer in
                var parser = ModuleParser(source: sourceBuffer, tokens: tokenBuffer, names: lexer.names)
                parser.annotations = Self.annotations(of: lexer, from: from, to: to)
                if !parser.annotations.isEmpty { parser.annotationTokens = lexer.annotationTokens }
                do throws(TextError) {
                    result = .success(try parser.parseModule(from: from, to: to))
                    found = parser.sourceMarks
                } catch {
                    result = .failure(error)
                }
            }
        }
        marks = found
        return try result.get()
    }

    /// The interpreted annotations of `lexer` just before the tokens `from...to` (the module's
    /// fields and its closing token).
    static func annotations(of lexer: Lexer, from: Int, to: Int) -> ArraySlice<Annotation> {
        let all = lexer.annotations
        guard !all.isEmpty else { return [] }
        var low = 0
        var high = all.count
        while low < high {
            let mid = (low + high) / 2
            if Int(all[mid].at) < from { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < all.count, Int(all[end].at) <= to { end += 1 }
        return all[low..<end]
    }

    /// Both passes and the final assembly.
    mutating func parseModule(from: Int, to: Int) throws(TextError) -> [UInt8] {
        let trailing = try scanFields(from: from, to: to)
        if !annotations.isEmpty { try collectBranchHints() }
        try parseTypeDefinitions()
        for index in fields.indices {
            try encodeField(fields[index])
        }
        // Something that is not a field (a stray `)`) is reported after the fields before it.
        if let trailing { throw trailing }
        if !annotations.isEmpty { try interpretAnnotations() }
        return assemble()
    }

    // MARK: - Tokens

    /// An error at token `index`.
    func error(_ message: String, at index: Int) -> TextError {
        TextError(message, at: Int(tokens[index].start))
    }

    /// An error at the current token.
    func error(_ message: String) -> TextError {
        error(message, at: pos)
    }

    /// The error for a token that does not fit here: "unexpected end" at the end of the input,
    /// "unknown operator" for a reserved word (such as `$x"y"` or `.5`), else "unexpected token".
    func unexpected() -> TextError {
        switch tokens[pos].kind {
        case .end: return error("unexpected end")
        case .reserved: return error("unknown operator")
        case .keyword where !isKnownKeyword(pos): return error("unknown operator")
        default: return error("unexpected token")
        }
    }

    @inline(__always) func kind(_ index: Int) -> TokenKind { tokens[index].kind }

    /// Whether token `index` is the keyword `word`.
    @inline(__always)
    func isKeyword(_ index: Int, _ word: StaticString) -> Bool {
        let t = tokens[index]
        guard t.kind == .keyword, t.length == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        var i = 0
        let s = Int(t.start)
        while i < t.length {
            if p[s + i] != w[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether token `index` is a keyword starting with `prefix`.
    func hasPrefix(_ index: Int, _ prefix: StaticString) -> Bool {
        let t = tokens[index]
        guard t.kind == .keyword, t.length >= prefix.utf8CodeUnitCount else { return false }
        let w = prefix.utf8Start
        for i in 0..<prefix.utf8CodeUnitCount where p[Int(t.start) + i] != w[i] { return false }
        return true
    }

    /// Whether the tokens at `index` are `(` and the keyword `word`.
    @inline(__always)
    func isGroup(_ index: Int, _ word: StaticString) -> Bool {
        kind(index) == .leftParen && isKeyword(index + 1, word)
    }

    /// Consumes `(` and the keyword `word`.
    mutating func expectGroup(_ word: StaticString) throws(TextError) {
        guard kind(pos) == .leftParen else { throw unexpected() }
        guard isKeyword(pos + 1, word) else { throw error("unexpected token", at: pos + 1) }
        pos += 2
    }

    /// Consumes a `)`.
    mutating func expectRightParen() throws(TextError) {
        guard kind(pos) == .rightParen else { throw unexpected() }
        pos += 1
    }

    /// Consumes the keyword `word`.
    mutating func expectKeyword(_ word: StaticString) throws(TextError) {
        guard isKeyword(pos, word) else { throw unexpected() }
        pos += 1
    }

    /// The interned name of an optional identifier at the current token (consumed), or -1.
    mutating func optionalName() -> Int32 {
        guard kind(pos) == .identifier else { return -1 }
        pos += 1
        return tokens[pos - 1].link
    }

    /// The decoded bytes of the string token at `index`.
    func stringBytes(_ index: Int) throws(TextError) -> [UInt8] {
        let t = tokens[index]
        return try StringLiteral.decode(p, Int(t.start), Int(t.end))
    }

    /// Consumes a string token and returns its bytes.
    mutating func parseString() throws(TextError) -> [UInt8] {
        guard kind(pos) == .string else { throw unexpected() }
        pos += 1
        return try stringBytes(pos - 1)
    }

    /// Consumes a string that must be valid UTF-8 (import and export names).
    mutating func parseName() throws(TextError) -> [UInt8] {
        let start = pos
        let bytes = try parseString()
        guard UTF8Validation.isValid(bytes) else { throw error("malformed UTF-8 encoding", at: start) }
        return bytes
    }

    /// The text of an identifier token, for messages.
    func identifierText(_ index: Int) -> String {
        let t = tokens[index]
        return String(decoding: UnsafeBufferPointer(rebasing: p[Int(t.start)..<Int(t.end)]), as: UTF8.self)
    }

    // MARK: - Numbers

    /// Whether the current token can be an index: an identifier or an unsigned number.
    @inline(__always)
    func atIndex(_ index: Int) -> Bool {
        let t = tokens[index]
        if t.kind == .identifier { return true }
        return t.kind == .number && p[Int(t.start)] >= UInt8(ascii: "0") && p[Int(t.start)] <= UInt8(ascii: "9")
    }

    /// Consumes an unsigned 32-bit number.
    mutating func parseU32() throws(TextError) -> UInt32 {
        let value = try parseU64()
        guard value <= UInt64(UInt32.max) else { throw error("constant out of range", at: pos - 1) }
        return UInt32(value)
    }

    /// Consumes an unsigned 64-bit number.
    mutating func parseU64() throws(TextError) -> UInt64 {
        let t = tokens[pos]
        guard t.kind == .number, p[Int(t.start)] != UInt8(ascii: "+"), p[Int(t.start)] != UInt8(ascii: "-") else {
            throw unexpected()
        }
        guard let (value, overflow) = NumericLiteral.unsigned(p, Int(t.start), Int(t.end)) else {
            throw error("unknown operator")
        }
        guard !overflow else { throw error("constant out of range") }
        pos += 1
        return value
    }

    /// Consumes an index into `space`: a number or a name defined there.
    mutating func parseIndex(_ space: Space) throws(TextError) -> UInt32 {
        let t = tokens[pos]
        if t.kind == .identifier {
            guard let index = spaces[space.rawValue].indexByName[t.link] else {
                throw error("unknown \(space.word) \(identifierText(pos))")
            }
            pos += 1
            return index
        }
        return try parseU32()
    }
}
