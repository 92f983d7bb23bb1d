import Testing
@testable import WasmText

/// The kinds of the tokens of `text` (without the final end token).
private func kinds(_ text: String) throws -> [TokenKind] {
    let lexer = try Lexer.lex(Array(text.utf8))
    return lexer.tokens.dropLast().map(\.kind)
}

/// The message of the error lexing `text` raises.
private func lexError(_ text: String) -> String? {
    do {
        _ = try Lexer.lex(Array(text.utf8))
        return nil
    } catch {
        return error.message
    }
}

@Suite struct LexerTests {
    @Test func tokenKinds() throws {
        #expect(try kinds(#"(func $f "s" 12 -3 i32.add 0x1p3 a"b")"#) == [
            .leftParen, .keyword, .identifier, .string, .number, .number, .keyword, .number, .reserved, .rightParen,
        ])
    }

    @Test func commentsAndAnnotationsProduceNoTokens() throws {
        #expect(try kinds("(; a (; nested ;) b ;) nop ;; to the end\n nop") == [.keyword, .keyword])
        #expect(try kinds("(@a x (y \"z)\") (@b)) nop") == [.keyword])
        // A line comment ends at a carriage return too.
        #expect(try kinds(";; comment\rnop") == [.keyword])
        #expect(try kinds("nop;;comment") == [.keyword])
    }

    @Test func parenthesesAreLinked() throws {
        let lexer = try Lexer.lex(Array("(a (b) c)".utf8))
        #expect(lexer.tokens[0].link == 6)
        #expect(lexer.tokens[2].link == 4)
    }

    @Test func strayParenthesesAreKept() throws {
        let lexer = try Lexer.lex(Array("(a))".utf8))
        #expect(lexer.tokens[3].kind == .rightParen)
        #expect(lexer.tokens[3].link == -1)
    }

    @Test func identifiersAreInterned() throws {
        let lexer = try Lexer.lex(Array(#"$abc $"abc" $x"#.utf8))
        #expect(lexer.tokens[0].link == lexer.tokens[1].link)
        #expect(lexer.tokens[0].link != lexer.tokens[2].link)
    }

    @Test func errors() {
        #expect(lexError("(func") == "unexpected end")
        #expect(lexError("\"abc") == "unclosed string")
        #expect(lexError("(; open") == "unclosed comment")
        #expect(lexError("(@a x") == "unclosed annotation")
        #expect(lexError("(@ x)") == "empty annotation id")
        #expect(lexError("$") == "empty identifier")
        #expect(lexError("$\"\"") == "empty identifier")
        #expect(lexError("\u{7}") == "illegal character")
        #expect(lexError("(func é)") == "illegal character")
        #expect(lexError("\"\\q\"") == "illegal escape")
    }

    @Test func malformedUTF8() {
        #expect(throws: TextError.self) { try Lexer.lex([0x22, 0xC0, 0x80, 0x22]) }
        #expect(throws: TextError.self) { try Lexer.lex([0x3B, 0x3B, 0xFF]) }
    }

    @Test func stringEscapes() throws {
        let text = #""a\t\n\r\"\'\\\41\u{e9}\u{1F600}""#
        let bytes = Array(text.utf8)
        let decoded = try bytes.withUnsafeBufferPointer { p in
            try StringLiteral.decode(p, 0, p.count)
        }
        #expect(decoded == Array("a\t\n\r\"'\\Aé😀".utf8))
    }

    @Test func lineAndColumn() {
        let source = Array("ab\ncd\r\nxé z\rq".utf8)
        #expect(SourcePosition.lineAndColumn(of: 0, in: source) == (1, 1))
        #expect(SourcePosition.lineAndColumn(of: 4, in: source) == (2, 2))
        #expect(SourcePosition.lineAndColumn(of: 11, in: source) == (3, 4))
        #expect(SourcePosition.lineAndColumn(of: 13, in: source) == (4, 1))
    }
}
