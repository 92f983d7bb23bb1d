import Testing
import WippyYAML

/// Every input the reader refuses, with the kind and `line:column` it reports.
@Suite("Rejected input")
struct RejectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var kind: YAMLError.Kind
        var position: String
        var message: String
        var testDescription: String { text.debugDescription }

        init(_ text: String, _ kind: YAMLError.Kind, _ position: String, _ message: String) {
            self.text = text
            self.kind = kind
            self.position = position
            self.message = message
        }
    }

    static let unsupportedFeatures: [Case] = [
        Case("a: &anchor 1\n", .anchor, "1:4", "anchors"),
        Case("- &x\n", .anchor, "1:3", "anchors"),
        Case("a: *alias\n", .alias, "1:4", "aliases"),
        Case("a: [*x]\n", .alias, "1:5", "aliases"),
        Case("a: !!str 1\n", .tag, "1:4", "tags"),
        Case("!tag\n", .tag, "1:1", "tags"),
        Case("a: {b: !t x}\n", .tag, "1:8", "tags"),
        Case("%YAML 1.2\n---\na: 1\n", .directive, "1:1", "directives"),
        Case("# c\n%TAG ! tag:x\n", .directive, "2:1", "directives"),
        Case("a: 1\n---\nb: 2\n", .multipleDocuments, "2:1", "only one document"),
        Case("---\na: 1\n---\n", .multipleDocuments, "3:1", "only one document"),
        Case("a: 1\n...\n---\nb: 2\n", .multipleDocuments, "3:1", "only one document"),
        Case("- a\n--- b\n", .multipleDocuments, "2:1", "only one document"),
        Case("? a\n: b\n", .complexKey, "1:1", "complex keys"),
        Case("a:\n  ? b\n", .complexKey, "2:3", "complex keys"),
        Case("[a, b]: c\n", .complexKey, "1:1", "flow collections cannot be mapping keys"),
        Case("a: 1\n{b: 1}: c\n", .complexKey, "2:1", "flow collections cannot be mapping keys"),
        Case("x: {[a]: b}\n", .complexKey, "1:5", "flow collections cannot be mapping keys"),
        Case("x: {? a: b}\n", .complexKey, "1:5", "complex keys"),
        Case(": x\n", .complexKey, "1:1", "empty mapping keys"),
        Case("a: 1\n: x\n", .complexKey, "2:1", "empty mapping keys"),
        Case("x: {: b}\n", .complexKey, "1:5", "empty mapping keys"),
    ]

    static let tabsAndDuplicates: [Case] = [
        Case("a:\n\tb: 1\n", .tabIndentation, "2:1", "tabs"),
        Case("a:\n  \tb: 1\n", .tabIndentation, "2:3", "tabs"),
        Case("\ta: 1\n", .tabIndentation, "1:1", "tabs"),
        Case("-\tkey: v\n", .tabIndentation, "1:2", "tabs"),
        Case("a: |\n\tx\n", .tabIndentation, "2:1", "tabs"),
        Case("- a\n\t- b\n", .tabIndentation, "2:1", "tabs"),
        Case("a: 1\nb: 2\na: 3\n", .duplicateKey, "3:1", "duplicate key 'a' (first defined at 1:1)"),
        Case("x:\n  k: 1\n  k: 2\n", .duplicateKey, "3:3", "duplicate key 'k' (first defined at 2:3)"),
        Case("- n: 1\n  n: 2\n", .duplicateKey, "2:3", "duplicate key 'n'"),
        Case("a: 1\n\"a\": 2\n", .duplicateKey, "2:1", "duplicate key 'a'"),
        Case("x: {a: 1, a: 2}\n", .duplicateKey, "1:11", "duplicate key 'a' (first defined at 1:5)"),
    ]

    static let syntaxErrors: [Case] = [
        Case("a: b: c\n", .syntax, "1:5", "mapping values are not allowed here"),
        Case("a: \"b\": c\n", .syntax, "1:7", "mapping values are not allowed here"),
        Case("a: - b\n", .syntax, "1:4", "a block sequence cannot start on the same line as a mapping key"),
        Case("a: 1\n  b: 2\n", .syntax, "2:4", "mapping values are not allowed here"),
        Case("a:\n  b: 1\n c: 2\n", .syntax, "3:2", "unexpected indentation"),
        Case("a: \"x\"\n  b: 1\n", .syntax, "2:3", "unexpected indentation"),
        Case("- [a]\n  - b\n", .syntax, "2:3", "unexpected indentation"),
        Case("a:\n  - x\n  y: 1\n", .syntax, "3:3", "expected a sequence entry"),
        Case("- a\nb: 1\n", .syntax, "2:1", "expected a sequence entry"),
        Case("a: 1\n- b\n", .syntax, "2:1", "expected a mapping key, found a sequence entry"),
        Case("a: 1\nb\n", .syntax, "2:1", "expected 'key: value'"),
        Case("a\nb: 1\n", .syntax, "2:2", "mapping values are not allowed here"),
        Case("\"a\nb\": 1\n", .syntax, "1:1", "a mapping key must be on a single line"),
        Case("a: \"abc\n", .syntax, "1:4", "unterminated double-quoted string"),
        Case("a: 'abc\n", .syntax, "1:4", "unterminated single-quoted string"),
        Case("a: \"x\n---\n\"\n", .syntax, "2:1", "document marker inside a double-quoted string"),
        Case("a: \"x\" y\n", .syntax, "1:8", "after a quoted scalar"),
        Case("a: [x] y\n", .syntax, "1:8", "after a flow collection"),
        Case("a: [1, 2\n", .syntax, "1:4", "unterminated flow collection (missing ']')"),
        Case("a: {b: 1\n", .syntax, "1:4", "unterminated flow collection (missing '}')"),
        Case("a: [1\n---\n]\n", .syntax, "2:1", "document marker inside a flow collection"),
        Case("a: [1 2 : 3]\n", .syntax, "1:9", "mappings inside flow sequences"),
        Case("a: [a: 1]\n", .syntax, "1:6", "mappings inside flow sequences"),
        Case("a: [1, , 2]\n", .syntax, "1:8", "unexpected ','"),
        Case("a: [1] ]\n", .syntax, "1:8", "unexpected ']'"),
        Case("a: {b: 1 c: 2}\n", .syntax, "1:11", "expected ',' or '}'"),
        Case("a: {b: [1} \n", .syntax, "1:10", "expected ',' or ']'"),
        Case("a: {b: 1]\n", .syntax, "1:9", "expected ',' or '}'"),
        Case("a: {b:}\n", .syntax, "1:6", "ambiguous ':'"),
        Case("a: [?x]\n", .syntax, "1:5", "must be quoted"),
        Case("a: [:x]\n", .syntax, "1:5", "must be quoted"),
        Case("a: [- x]\n", .syntax, "1:5", "block sequence entries"),
        Case("a: [|]\n", .syntax, "1:5", "block scalars"),
        Case("a: [#x]\n", .syntax, "1:5", "'#' cannot start a value"),
        Case("a: ]\n", .syntax, "1:4", "unexpected ']'"),
        Case("a: ,x\n", .syntax, "1:4", "unexpected ','"),
        Case("a: @x\n", .syntax, "1:4", "reserved"),
        Case("a: `x`\n", .syntax, "1:4", "reserved"),
        Case("a: %x\n", .syntax, "1:4", "'%' cannot start a plain scalar"),
        Case("a: \"\\q\"\n", .syntax, "1:5", "invalid escape sequence '\\q'"),
        Case("a: \"\\x4\"\n", .syntax, "1:5", "hexadecimal digits"),
        Case("a: \"\\uZZZZ\"\n", .syntax, "1:5", "hexadecimal digits"),
        Case("a: \"\\ud800\"\n", .syntax, "1:5", "unpaired UTF-16 surrogate"),
        Case("a: \"\\ud800\\u0041\"\n", .syntax, "1:5", "unpaired UTF-16 surrogate"),
        Case("a: \"\\udc00\"\n", .syntax, "1:5", "unpaired UTF-16 surrogate"),
        Case("a: \"\\U00110000\"\n", .syntax, "1:5", "beyond the last Unicode code point"),
        Case("a: |x\n", .syntax, "1:5", "block scalar header"),
        Case("a: |0\n", .syntax, "1:5", "between 1 and 9"),
        Case("a: |++\n", .syntax, "1:6", "block scalar header"),
        Case("a: |\n    \n  x\n", .syntax, "2:5", "a leading empty line of this block scalar has more spaces"),
        Case("a: 1\n...\nb: 2\n", .syntax, "3:1", "after the document end marker"),
        Case("a: 1\n... x\n", .syntax, "2:5", "after '...'"),
        Case("--- 'a'\nb\n", .syntax, "2:1", "unexpected content after the document's root value"),
        Case("[a]\n[b]\n", .syntax, "2:1", "unexpected content after the document's root value"),
    ]

    static let invalidCharacters: [Case] = [
        Case("a: \u{7}\n", .invalidCharacter, "1:4", "control character U+0007"),
        Case("é: \u{0}\n", .invalidCharacter, "1:4", "control character U+0000"),
        Case("a: 1\rb: 2\n", .invalidCharacter, "1:5", "carriage return without a line feed"),
        Case("a: \u{FEFF}x\n", .invalidCharacter, "1:4", "byte order mark"),
        Case("a: \u{7F}\n", .invalidCharacter, "1:4", "control character U+007F"),
        Case("a: \u{9B}\n", .invalidCharacter, "1:4", "control character U+009B"),
        Case("a: \u{FFFF}\n", .invalidCharacter, "1:4", "noncharacter U+FFFF"),
        Case("ok: 1\nbad: \"\u{1B}\"\n", .invalidCharacter, "2:7", "escape it in a double-quoted string"),
    ]

    @Test("unsupported YAML features", arguments: unsupportedFeatures)
    func unsupported(_ example: Case) {
        check(example)
    }

    @Test("tabs and duplicate keys", arguments: tabsAndDuplicates)
    func tabsAndDuplicateKeys(_ example: Case) {
        check(example)
    }

    @Test("syntax errors", arguments: syntaxErrors)
    func syntax(_ example: Case) {
        check(example)
    }

    @Test("invalid characters", arguments: invalidCharacters)
    func characters(_ example: Case) {
        check(example)
    }

    @Test("invalid UTF-8 byte sequences")
    func invalidUTF8() {
        let cases: [([UInt8], String)] = [
            ([0x61, 0x3A, 0x20, 0xFF], "1:4"),
            ([0x61, 0x3A, 0x20, 0xC3], "1:4"),
            ([0x61, 0x0A, 0xC3, 0xA9, 0xC0, 0x80], "2:2"),
            ([0xED, 0xA0, 0x80], "1:1"),
            ([0xF4, 0x90, 0x80, 0x80], "1:1"),
            ([0xE2, 0x82], "1:1"),
            ([0x80], "1:1"),
        ]
        for (bytes, position) in cases {
            do {
                _ = try YAMLParser().parse(bytes)
                Issue.record("expected an error for \(bytes)")
            } catch {
                #expect(error.kind == .invalidCharacter)
                #expect("\(error.line):\(error.column)" == position, "\(bytes): \(error)")
            }
        }
    }

    @Test("errors print as line:column: message")
    func description() {
        let error = failure("a: 1\nb: 2\na: 3\n")
        #expect(error?.description == "3:1: duplicate key 'a' (first defined at 1:1)")
        #expect(error?.offset == 10)
    }

    private func check(_ example: Case, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = failure(example.text, sourceLocation: sourceLocation) else { return }
        #expect(error.kind == example.kind, "\(error)", sourceLocation: sourceLocation)
        #expect("\(error.line):\(error.column)" == example.position, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(example.message), "\(error)", sourceLocation: sourceLocation)
    }
}
