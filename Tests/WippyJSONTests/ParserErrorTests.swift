import Testing
import WippyJSON

/// Parses `bytes` and returns the error's description, or `nil` on success.
private func errorDescription(_ bytes: [UInt8]) -> String? {
    do {
        _ = try JSONValue.parse(bytes)
        return nil
    } catch {
        return error.description
    }
}

private func errorDescription(_ text: String) -> String? {
    errorDescription(Array(text.utf8))
}

@Suite("Parse errors")
struct ParserErrorTests {
    static let cases: [(input: String, expected: String)] = [
        // Values
        ("", "1:1: expected a value"),
        ("   ", "1:4: expected a value"),
        ("[1,", "1:4: expected a value"),
        ("+1", "1:1: expected a value"),
        (".5", "1:1: expected a value"),
        ("NaN", "1:1: expected a value"),
        ("'a'", "1:1: expected a value"),
        ("\u{FEFF}1", "1:1: expected a value"),
        ("// note\n1", "1:1: comments are not allowed"),
        ("[1, /* x */ 2]", "1:5: comments are not allowed"),
        // Literals
        ("tru", "1:1: invalid literal, expected 'true'"),
        ("[trUe]", "1:2: invalid literal, expected 'true'"),
        ("fals", "1:1: invalid literal, expected 'false'"),
        ("nul", "1:1: invalid literal, expected 'null'"),
        ("truex", "1:5: unexpected data after the JSON value"),
        // Arrays
        ("[1 2]", "1:4: expected ',' or ']' in array"),
        ("[1", "1:3: expected ',' or ']' in array"),
        ("[1}", "1:3: expected ',' or ']' in array"),
        ("[1,]", "1:4: trailing comma in array"),
        ("[,1]", "1:2: expected a value"),
        // Objects
        (#"{"name": "wippy" "x": 1}"#, "1:18: expected ',' or '}' in object"),
        (#"{"a":1 "b":2}"#, "1:8: expected ',' or '}' in object"),
        (#"{"a":1"#, "1:7: expected ',' or '}' in object"),
        (#"{"a":1,}"#, "1:8: trailing comma in object"),
        ("{1:2}", "1:2: expected string key in object"),
        ("{a:1}", "1:2: expected string key in object"),
        (#"{"a":1,,}"#, "1:8: expected string key in object"),
        (#"{"a" 1}"#, "1:6: expected ':' after object key"),
        (#"{"a""#, "1:5: expected ':' after object key"),
        (#"{"a":}"#, "1:6: expected a value"),
        // Trailing data
        ("[1] x", "1:5: unexpected data after the JSON value"),
        ("1 2", "1:3: unexpected data after the JSON value"),
        ("{}}", "1:3: unexpected data after the JSON value"),
        // Numbers
        ("01", "1:1: leading zeros are not allowed"),
        ("[-00]", "1:3: leading zeros are not allowed"),
        ("-", "1:2: expected digit after '-'"),
        ("-a", "1:2: expected digit after '-'"),
        ("1.", "1:3: expected digit after decimal point"),
        ("1.e5", "1:3: expected digit after decimal point"),
        ("1e", "1:3: expected digit in exponent"),
        ("1E+", "1:4: expected digit in exponent"),
        ("1e-x", "1:4: expected digit in exponent"),
        ("0x10", "1:2: unexpected data after the JSON value"),
        // Strings
        (#""abc"#, "1:1: unterminated string"),
        (#"["a\"#, "1:2: unterminated string"),
        (#""a\"#, "1:1: unterminated string"),
        ("\"a\u{01}\"", "1:3: unescaped control character in string"),
        ("\"a\tb\"", "1:3: unescaped control character in string"),
        ("\"a\nb\"", "1:3: unescaped control character in string"),
        (#""\x""#, "1:2: invalid escape sequence"),
        (#""ab\'""#, "1:4: invalid escape sequence"),
        (#""\u12G4""#, "1:2: invalid \\u escape, expected 4 hex digits"),
        (#""\u12""#, "1:2: invalid \\u escape, expected 4 hex digits"),
        (#""\u1"#, "1:2: invalid \\u escape, expected 4 hex digits"),
        // Surrogates
        (#""\uD800""#, "1:2: unpaired high surrogate in \\u escape"),
        (#""\uD800x""#, "1:2: unpaired high surrogate in \\u escape"),
        (#""\uD800\u0041""#, "1:2: unpaired high surrogate in \\u escape"),
        (#""\uD800\uD800""#, "1:2: unpaired high surrogate in \\u escape"),
        (#""ab\uD800\n""#, "1:4: unpaired high surrogate in \\u escape"),
        (#""\uDC00""#, "1:2: unpaired low surrogate in \\u escape"),
        (#""\uDFFF\uD800""#, "1:2: unpaired low surrogate in \\u escape"),
        (#""\uD800\uDC0""#, "1:8: invalid \\u escape, expected 4 hex digits"),
        // Nesting
        (String(repeating: "[", count: 513), "1:513: nesting depth exceeds the limit of 512"),
        // Positions on later lines and after multi-byte characters
        ("{\n  \"a\": 1,\n  \"b\" 2\n}", "3:7: expected ':' after object key"),
        ("[\r\n1,\r\n\r\n  x]", "4:3: expected a value"),
        ("[\"é中😀\", x]", "1:9: expected a value"),
    ]

    @Test(arguments: cases)
    func reportsErrorWithPosition(input: String, expected: String) {
        #expect(errorDescription(input) == expected, "input: \(input.debugDescription)")
    }

    @Test func errorFields() {
        do {
            _ = try JSONValue.parse("[\n  1,\n  \"é\" x]")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "expected ',' or ']' in array")
            #expect(error.line == 3)
            #expect(error.column == 7)
            #expect(error.offset == 14)  // "[\n  1,\n  " is 9 bytes, "\"é\" " 5 more
        }
    }

    static let invalidUTF8: [(bytes: [UInt8], expected: String)] = [
        ([0x22, 0x80, 0x22], "1:2: invalid UTF-8 in string"),           // lone continuation
        ([0x22, 0xC0, 0xAF, 0x22], "1:2: invalid UTF-8 in string"),     // overlong '/'
        ([0x22, 0xC1, 0xBF, 0x22], "1:2: invalid UTF-8 in string"),     // overlong
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], "1:2: invalid UTF-8 in string"), // overlong 3-byte
        ([0x22, 0xED, 0xA0, 0x80, 0x22], "1:2: invalid UTF-8 in string"), // encoded surrogate
        ([0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], "1:2: invalid UTF-8 in string"), // overlong 4-byte
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "1:2: invalid UTF-8 in string"), // > U+10FFFF
        ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], "1:2: invalid UTF-8 in string"),
        ([0x22, 0xFF, 0x22], "1:2: invalid UTF-8 in string"),
        ([0x22, 0x61, 0xE4, 0xB8, 0x22], "1:3: invalid UTF-8 in string"), // truncated
        ([0x22, 0xE4, 0xB8], "1:2: invalid UTF-8 in string"),            // truncated at end
        ([0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22], "1:4: invalid UTF-8 in string"), // after escape
        ([0xC3, 0xA9], "1:1: expected a value"),
    ]

    @Test(arguments: invalidUTF8)
    func rejectsInvalidUTF8(bytes: [UInt8], expected: String) {
        #expect(errorDescription(bytes) == expected)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        for opener in ["[", #"{"a":"#, #"[{"b":"#] {
            let text = String(repeating: opener, count: 100_000)
            let description = errorDescription(text)
            #expect(description?.hasSuffix("nesting depth exceeds the limit of 512") == true)
        }
        let closed = String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000)
        #expect(errorDescription(closed) == "1:513: nesting depth exceeds the limit of 512")
    }
}
