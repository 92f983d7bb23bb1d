import ComponentBinary

/// A function call written in WAVE, as `wasmtime run --invoke` takes it: a function name and a
/// parenthesized, comma-separated argument list, such as `echo-point({x: 7, y: 11})`,
/// `test-sleep#sleep-ms(50)` or `f()`.
///
/// The arguments are split when the call is parsed and typed later by ``arguments(for:)``.
public struct WAVECall: Sendable {
    /// The function name as written (it may contain `#`, `:`, `/`, `@`, `.`, `[`, `]` and `-`).
    public let name: String
    /// The call text.
    let scalars: [Unicode.Scalar]
    /// Each argument's text as a range of offsets into ``scalars``.
    let spans: [Range<Int>]
    /// The offset of the closing `)`.
    let closeOffset: Int

    /// The number of arguments written.
    public var argumentCount: Int { spans.count }

    /// Parses `name(arg, ...)`; whitespace and `//` comments are allowed around every part
    /// (not inside the name), and a trailing comma after the last argument.
    ///
    /// - Parameter text: The call text.
    /// - Returns: The call, with its arguments split but not yet typed.
    /// - Throws: ``WAVEError`` when the name, the parentheses or an argument's tokens are malformed.
    public static func parse(_ text: String) throws(WAVEError) -> WAVECall {
        let scalars = Array(text.unicodeScalars)
        var lexer = WAVELexer(scalars: scalars, start: 0, limit: scalars.count)
        lexer.skipTrivia()
        let nameStart = lexer.position
        while let s = lexer.peekScalar(), isNameScalar(s) {
            lexer.position += 1
        }
        guard lexer.position > nameStart else {
            throw WAVEError(message: "expected a function name", offset: nameStart)
        }
        var name = ""
        name.unicodeScalars.append(contentsOf: scalars[nameStart..<lexer.position])
        lexer.skipTrivia()
        guard lexer.peekScalar() == "(" else {
            let found = lexer.peekScalar().map { WAVEText.quoted($0) } ?? "end of input"
            throw WAVEError(message: "expected `(` after the function name, found \(found)", offset: lexer.position)
        }
        lexer.position += 1
        let (spans, close) = try splitArguments(&lexer)
        let rest = try lexer.next()
        guard rest.kind == .end else {
            throw WAVEError(message: "unexpected \(rest.text) after the call", offset: rest.offset)
        }
        return WAVECall(name: name, scalars: scalars, spans: spans, closeOffset: close)
    }

    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        if WAVELexer.isLetter(s) || WAVELexer.isDigit(s) { return true }
        return "-_#:/@.[]%".unicodeScalars.contains(s)
    }

    /// Splits the argument list after `(` at top-level commas up to the matching `)`.
    static func splitArguments(_ lexer: inout WAVELexer) throws(WAVEError) -> ([Range<Int>], Int) {
        var spans: [Range<Int>] = []
        var stack: [WAVEToken.Kind] = []
        var current: Range<Int>?
        while true {
            let token = try lexer.next()
            switch token.kind {
            case .end:
                throw WAVEError(message: "expected `)` closing the argument list, found end of input", offset: token.offset)
            case .comma where stack.isEmpty:
                guard let span = current else {
                    throw WAVEError(message: "expected an argument before `,`", offset: token.offset)
                }
                spans.append(span)
                current = nil
                continue
            case .parenClose where stack.isEmpty:
                if let span = current { spans.append(span) }
                return (spans, token.offset)
            case .parenOpen: stack.append(.parenClose)
            case .bracketOpen: stack.append(.bracketClose)
            case .braceOpen: stack.append(.braceClose)
            case .parenClose, .bracketClose, .braceClose:
                guard stack.last == token.kind else {
                    throw WAVEError(message: "unbalanced \(token.text)", offset: token.offset)
                }
                stack.removeLast()
            default:
                break
            }
            if let span = current {
                current = span.lowerBound..<token.end
            } else {
                current = token.offset..<token.end
            }
        }
    }

    /// Parses each argument as the type of the matching parameter.
    ///
    /// There must be one argument per parameter, except that trailing parameters of `option`
    /// type may be left out (they are `none`), as wasmtime allows.
    ///
    /// - Parameter type: The function's type.
    /// - Returns: One value per parameter.
    /// - Throws: ``WAVEError`` for a wrong argument count or an argument that does not parse as
    ///   its parameter's type; offsets are within the whole call text.
    public func arguments(for type: ResolvedFunctionType) throws(WAVEError) -> [ComponentValue] {
        if spans.count > type.parameters.count {
            let extra = spans[type.parameters.count]
            throw WAVEError(
                message: "too many arguments: `\(name)` takes \(type.parameters.count), found \(spans.count)",
                offset: extra.lowerBound)
        }
        var values: [ComponentValue] = []
        for (index, parameter) in type.parameters.enumerated() {
            guard index < spans.count else {
                guard case .option = parameter.type else {
                    throw WAVEError(
                        message: "missing argument `\(parameter.label)` of type \(parameter.type.shortName): `\(name)` takes \(type.parameters.count), found \(spans.count)",
                        offset: closeOffset)
                }
                values.append(.option(nil))
                continue
            }
            let span = spans[index]
            var parser = WAVEParser(scalars: scalars, start: span.lowerBound, limit: span.upperBound)
            values.append(try parser.parseValue(parameter.type))
            try parser.finish()
        }
        return values
    }
}
