import Testing
import WippyYAML

@Suite("Scalars")
struct ScalarTests {
    // Expected strings were checked against libyaml (PyYAML's CBaseLoader).

    @Test("literal and folded block scalars", arguments: [
        ("a: |\n  line1\n  line2\n", "line1\nline2\n"),
        ("a: |-\n  line1\n  line2\n\n\n", "line1\nline2"),
        ("a: >\n  one\n  two\n\n  three\n    indented\n  four\n", "one two\nthree\n  indented\nfour\n"),
        ("a: >-\n  one\n  two\n", "one two"),
        ("a: >+\n  one\n\n", "one\n\n"),
        ("a: |2\n    leading spaces\n  normal\n", "  leading spaces\nnormal\n"),
        ("a: |\n\n  after blank\n", "\nafter blank\n"),
        ("a: |\n  text\n# comment\n", "text\n"),
        ("a: >\n  folded\n  # not a comment\n", "folded # not a comment\n"),
        ("a: |\n  a\n   b\n  c\n", "a\n b\nc\n"),
        ("a: |   # header comment\n  x\n", "x\n"),
        ("a: |\n  trailing spaces   \n", "trailing spaces   \n"),
        ("a: |-\n  x", "x"),
        ("a: |\n  no final break", "no final break"),
        ("a: >\n\n  x\n\n  y\n", "\nx\ny\n"),
        ("a: |\n", ""),
        ("a: |+\n\n\n", "\n\n"),
        ("a: >\n  tab\there\n", "tab\there\n"),
        ("a: |-2\n   x\n", " x"),
        ("a: |+2\n  x\n\n", "x\n\n"),
        ("a: >#comment right after the indicator\n  x\n", "x\n"),
    ])
    func blockScalars(text: String, expected: String) {
        #expect(value(text)?["a"] == .string(expected))
    }

    @Test func blockScalarsInLists() {
        #expect(value("- |1\n  x\n- >2-\n   y\n") == [" x\n", " y"])
        #expect(value("a:\n  - |\n    in list\n  - >-\n    folded\n    list\n") == ["a": ["in list\n", "folded list"]])
        #expect(value("a: |+\n  line1\n  line2\n\n\nb: 1\n") == ["a": "line1\nline2\n\n\n", "b": 1])
        #expect(value("a: |\nb: 2\n") == ["a": "", "b": 2])
    }

    @Test("block scalars ending the input, with or without a line break")
    func blockScalarsAtEndOfInput() {
        #expect(value("- |") == [""])
        #expect(value("a: >-") == ["a": ""])
        #expect(value("a: |+\n  x") == ["a": "x"])
        #expect(value("a: >\n   text") == ["a": "text"])
        #expect(value("a:\n  - |\n    x\n  - y") == ["a": ["x\n", "y"]])
        #expect(value("|\n  top\n") == "top\n")
    }

    @Test func blockScalarStyleAndText() {
        let node = parsed("lit: |\n  x\nfold: >\n  y\n")
        #expect(node?["lit"]?.style == .literal)
        #expect(node?["fold"]?.style == .folded)
        #expect(node?["fold"]?.text == "y\n")
        #expect(node?["lit"]?.mark.description == "1:6")
    }

    @Test func multiLinePlainScalars() {
        #expect(value("a: plain\n  continued\n\n  para\n") == ["a": "plain continued\npara"])
        #expect(value("- a\n  b\n- c\n") == ["a b", "c"])
        #expect(value("a: one\n  - two\n") == ["a": "one - two"])
        #expect(value("a: x # comment\nb: y\n") == ["a": "x", "b": "y"])
        #expect(value("top\nlevel\n") == "top level")
        #expect(value("a: 1\n  2\n") == ["a": "1 2"])
    }

    @Test("double-quoted escapes")
    func doubleQuotedEscapes() {
        #expect(value(#"a: "\t\n\"\\\u00e9\U0001F600\x41\/\ \0\a\b\v\f\r\e\N\_\L\P""#)?["a"]
            == .string("\t\n\"\\é😀A/ \u{0}\u{7}\u{8}\u{B}\u{C}\r\u{1B}\u{85}\u{A0}\u{2028}\u{2029}"))
        #expect(value(#"a: "\ud83d\ude00 pair""#)?["a"] == "😀 pair")
        #expect(value("a: \"tab\\\there\"")?["a"] == "tab\there")
        #expect(value("a: \"'single' inside\"")?["a"] == "'single' inside")
    }

    @Test func singleQuoted() {
        #expect(value("a: 'it''s'")?["a"] == "it's")
        #expect(value(#"a: 'no \n escapes'"#)?["a"] == #"no \n escapes"#)
        #expect(value("a: ''")?["a"] == "")
        #expect(value("a: '#not comment'")?["a"] == "#not comment")
    }

    @Test("quoted scalars spanning lines fold like YAML")
    func multiLineQuoted() {
        #expect(value("a: \"one\n  two\n\n  three\"\n")?["a"] == "one two\nthree")
        #expect(value("a: 'it''s\n  folded  '\n")?["a"] == "it's folded  ")
        #expect(value("a: \"esc\\\n  aped\"\n")?["a"] == "escaped")
        #expect(value("a: \"trailing   \n  spaces dropped\"\n")?["a"] == "trailing spaces dropped")
        #expect(value("- \"x\n\n\n  y\"\n") == ["x\n\ny"])
    }

    @Test func unicodeText() {
        let node = parsed("ключ: значение\nemoji: \"😀 ok\"\n中文: 'テスト'\n")
        #expect(node?.value == ["ключ": "значение", "emoji": "😀 ok", "中文": "テスト"])
        #expect(node?["中文"]?.mark.description == "3:5")
        #expect(node?.map?.entry(forKey: "emoji")?.keyMark.description == "2:1")
    }

    @Test func plainScalarsWithIndicatorCharacters() {
        #expect(value("a: -1\nb: -x\nc: ?x\nd: :x\ne: a-b\nf: x:y\ng: 100%\nh: a, b\n") == [
            "a": -1, "b": "-x", "c": "?x", "d": ":x", "e": "a-b", "f": "x:y", "g": "100%", "h": "a, b",
        ])
        #expect(value("a: x]y}z\n") == ["a": "x]y}z"])
    }
}

@Suite("Scalars that are not errors")
struct NotErrorTests {
    // Inputs that look wrong but are valid YAML (checked against libyaml).
    @Test func validButSurprising() {
        #expect(value("- a\n- b\n  - c\n") == ["a", "b - c"])
        #expect(value("--- a\nb\n") == "a b")
        #expect(value("a: {b c d e}\n") == ["a": ["b c d e": nil]])
        #expect(value("a: {b: 1 c}\n") == ["a": ["b": "1 c"]])
        #expect(value("a: {b:1}\n") == ["a": ["b:1": nil]])
    }
}
