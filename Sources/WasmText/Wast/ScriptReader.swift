import WasmBinary

/// Reads the commands of a lexed script.
struct ScriptReader {
    let source: ScriptSource
    let bytes: [UInt8]
    let tokens: [Token]
    var pos = 0

    init(source: ScriptSource) {
        self.source = source
        self.bytes = source.bytes
        self.tokens = source.lexer.tokens
    }

    // MARK: - Tokens

    func error(_ message: String, at index: Int) -> TextError {
        TextError(message, at: Int(tokens[index].start))
    }

    func unexpected() -> TextError {
        error(tokens[pos].kind == .end ? "unexpected end" : "unexpected token", at: pos)
    }

    func isKeyword(_ index: Int, _ word: StaticString) -> Bool {
        ModuleText.isWord(bytes, tokens[index], word)
    }

    func isGroup(_ index: Int, _ word: StaticString) -> Bool {
        tokens[index].kind == .leftParen && isKeyword(index + 1, word)
    }

    func line(_ index: Int) -> Int {
        source.lines.line(of: Int(tokens[index].start))
    }

    mutating func expectRightParen() throws(TextError) {
        guard tokens[pos].kind == .rightParen else { throw unexpected() }
        pos += 1
    }

    /// An optional `$name` (without the `$`).
    mutating func optionalName() -> String? {
        guard tokens[pos].kind == .identifier else { return nil }
        pos += 1
        return source.lexer.names.text(tokens[pos - 1].link)
    }

    /// A string token's bytes.
    mutating func string() throws(TextError) -> [UInt8] {
        guard tokens[pos].kind == .string else { throw unexpected() }
        pos += 1
        return try ModuleText.strings(bytes, tokens, from: pos - 1, to: pos)
    }

    /// A string token as text.
    mutating func text() throws(TextError) -> String {
        String(decoding: try string(), as: UTF8.self)
    }

    /// Runs `body` over the source bytes.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(TextError) -> R) throws(TextError) -> R {
        var result: Result<R, TextError>?
        bytes.withUnsafeBufferPointer { p in
            do throws(TextError) {
                result = .success(try body(p))
            } catch {
                result = .failure(error)
            }
        }
        guard let result else { throw TextError("internal error", at: 0) }
        return try result.get()
    }

    // MARK: - Commands

    /// Every command of the script.
    mutating func readCommands() throws(TextError) -> [WastCommand] {
        var commands: [WastCommand] = []
        // A script made of module fields is one module ("inline module").
        let fieldKeywords: [StaticString] = [
            "func", "memory", "table", "global", "type", "import", "export", "start", "elem", "data", "tag", "rec",
        ]
        if tokens[0].kind == .leftParen, fieldKeywords.contains(where: { isKeyword(1, $0) }) {
            let module = WastModule(
                name: nil, isDefinition: false, form: .text, line: line(0),
                source: source, from: 0, to: tokens.count - 1)
            return [WastCommand(line: module.line, kind: .module(module))]
        }
        while tokens[pos].kind != .end {
            guard tokens[pos].kind == .leftParen else { throw unexpected() }
            commands.append(try command())
        }
        return commands
    }

    /// One command; `pos` is at its `(`.
    private mutating func command() throws(TextError) -> WastCommand {
        let open = pos
        let close = Int(tokens[open].link)
        let keyword = pos + 1
        if isKeyword(keyword, "module") {
            if isKeyword(keyword + 1, "instance") {
                pos = keyword + 2
                let instance = optionalName()
                let definition = optionalName()
                try expectRightParen()
                return WastCommand(line: line(open), kind: .moduleInstance(instance: instance, definition: definition))
            }
            let module = try readModule()
            return WastCommand(line: module.line, kind: .module(module))
        }
        pos = keyword + 1
        let kind: WastCommand.Kind
        var commandLine = line(open)
        if isKeyword(keyword, "register") {
            let name = try text()
            let module = optionalName()
            kind = .register(as: name, module: module)
        } else if isKeyword(keyword, "invoke") || isKeyword(keyword, "get") {
            pos = open
            return WastCommand(line: commandLine, kind: .action(try action()))
        } else if isKeyword(keyword, "assert_return") {
            commandLine = line(pos)
            let action = try action()
            var expected: [WastExpected] = []
            while tokens[pos].kind == .leftParen { expected.append(try expectedValue()) }
            kind = .assertReturn(action, expected)
        } else if isKeyword(keyword, "assert_trap") {
            commandLine = line(pos)
            if isGroup(pos, "module") {
                let module = try readModule()
                kind = .assertUninstantiable(module, message: try text())
            } else {
                let action = try action()
                kind = .assertTrap(action, message: try text())
            }
        } else if isKeyword(keyword, "assert_exhaustion") {
            commandLine = line(pos)
            let action = try action()
            kind = .assertExhaustion(action, message: try text())
        } else if isKeyword(keyword, "assert_exception") {
            commandLine = line(pos)
            kind = .assertException(try action())
        } else if isKeyword(keyword, "assert_malformed") {
            commandLine = line(pos)
            let module = try readModule()
            kind = .assertMalformed(module, message: try text())
        } else if isKeyword(keyword, "assert_invalid") {
            commandLine = line(pos)
            let module = try readModule()
            kind = .assertInvalid(module, message: try text())
        } else if isKeyword(keyword, "assert_malformed_custom") {
            commandLine = line(pos)
            let module = try readModule()
            kind = .assertMalformedCustom(module, message: try text())
        } else if isKeyword(keyword, "assert_invalid_custom") {
            commandLine = line(pos)
            let module = try readModule()
            kind = .assertInvalidCustom(module, message: try text())
        } else if isKeyword(keyword, "assert_unlinkable") {
            commandLine = line(pos)
            let module = try readModule()
            kind = .assertUnlinkable(module, message: try text())
        } else if isKeyword(keyword, "assert_uninstantiable") {
            commandLine = line(pos)
            let module = try readModule()
            kind = .assertUninstantiable(module, message: try text())
        } else if tokens[keyword].kind == .keyword {
            let name = String(decoding: bytes[Int(tokens[keyword].start)..<Int(tokens[keyword].end)], as: UTF8.self)
            pos = close + 1
            return WastCommand(line: commandLine, kind: .unsupported(name))
        } else {
            throw error("unexpected token", at: keyword)
        }
        guard pos == close else { throw unexpected() }
        pos = close + 1
        return WastCommand(line: commandLine, kind: kind)
    }

    /// `(module ...)` in any form; `pos` is at its `(`.
    private mutating func readModule() throws(TextError) -> WastModule {
        guard isGroup(pos, "module") else { throw unexpected() }
        let open = pos
        let close = Int(tokens[open].link)
        pos += 2
        var isDefinition = false
        if isKeyword(pos, "definition") {
            isDefinition = true
            pos += 1
        }
        let name = optionalName()
        var form = WastModule.Form.text
        if isKeyword(pos, "binary") {
            form = .binary
        } else if isKeyword(pos, "quote") {
            form = .quote
        }
        pos = close + 1
        return WastModule(
            name: name, isDefinition: isDefinition, form: form, line: line(open),
            source: source, from: open, to: close + 1)
    }

    /// `(invoke $m? "name" const*)` or `(get $m? "name")`.
    private mutating func action() throws(TextError) -> WastAction {
        guard tokens[pos].kind == .leftParen else { throw unexpected() }
        let close = Int(tokens[pos].link)
        let kind: WastAction.Kind
        if isKeyword(pos + 1, "invoke") {
            kind = .invoke
        } else if isKeyword(pos + 1, "get") {
            kind = .get
        } else {
            throw error("unexpected token", at: pos + 1)
        }
        pos += 2
        let module = optionalName()
        let field = try text()
        var arguments: [WastValue] = []
        while pos < close { arguments.append(try argument()) }
        try expectRightParen()
        return WastAction(kind: kind, module: module, field: field, arguments: arguments)
    }
}
