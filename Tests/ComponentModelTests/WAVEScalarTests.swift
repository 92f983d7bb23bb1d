import ComponentBinary
import ComponentModel
import SeededRandom
import Testing

private let stringList = ResolvedValueType.list(.primitive(.string))

/// Parses `text` as `type` and formats it back.
private func roundTrip(_ text: String, _ type: ResolvedValueType) throws -> String {
    WAVE.format(try WAVE.parse(text, as: type), as: type)
}

// Inputs and outputs checked with `wasmtime run --invoke` (wasmtime 49).
@Test func stringEscapesMatchWasmtime() throws {
    #expect(try roundTrip(#"["a\n\t\r\u{1}\u{7f}'\"\\ü😀"]"#, stringList) == #"["a\n\t\r\u{1}\u{7f}\'\"\\ü😀"]"#)
    #expect(try roundTrip(#"["\u{0}\u{1b}\u{85}\u{a0}\u{200b}\u{feff}\u{e000}"]"#, stringList)
        == #"["\u{0}\u{1b}\u{85}\u{a0}\u{200b}\u{feff}\u{e000}"]"#)
    #expect(try roundTrip(#"["e\u{301}", "\u{200d}\u{fe0f}\u{10ffff}\u{e0001}\u{1f1e6}\u{600}\u{ad}\u{3164}"]"#, stringList)
        == #"["e\u{301}", "\u{200d}\u{fe0f}\u{10ffff}\u{e0001}🇦\u{600}\u{ad}\u{3164}"]"#)
    #expect(try roundTrip(#"["\u{20}\u{2000}\u{7e}\u{9f}\u{a1}\u{fffd}\u{ffa0}\u{17b4}\u{11a7}\u{1fae8}"]"#, stringList)
        == #"[" \u{2000}~\u{9f}¡�\u{ffa0}\u{17b4}ᆧ🫨"]"#)
    #expect(WAVE.format(.string("tab\there"), as: .primitive(.string)) == #""tab\there""#)
}

@Test func charEscapesMatchWasmtime() throws {
    let char = ResolvedValueType.primitive(.char)
    #expect(try roundTrip("'a'", char) == "'a'")
    #expect(try roundTrip(#"'\''"#, char) == #"'\''"#)
    #expect(try roundTrip(#"'"'"#, char) == #"'\"'"#)
    #expect(try roundTrip(#"'\u{301}'"#, char) == #"'\u{301}'"#)
    #expect(try roundTrip("'é'", char) == "'é'")
    #expect(try roundTrip(#"'\u{ad}'"#, char) == #"'\u{ad}'"#)
    #expect(try roundTrip("' '", char) == "' '")
    #expect(try roundTrip(#"'\u{3000}'"#, char) == #"'\u{3000}'"#)
    #expect(try roundTrip(#"'\u{2028}'"#, char) == #"'\u{2028}'"#)
    #expect(try WAVE.parse(#"'\u{1F44B}'"#, as: char) == .char("👋"))
    #expect(throws: WAVEError.self) { try WAVE.parse(#"'\u{d800}'"#, as: char) }
    #expect(throws: WAVEError.self) { try WAVE.parse("'ab'", as: char) }
    #expect(throws: WAVEError.self) { try WAVE.parse(#"'\u{1234567}'"#, as: char) }
    #expect(throws: WAVEError.self) { try WAVE.parse(#""\q""#, as: .primitive(.string)) }
}

@Test func multiLineStrings() throws {
    let text = "\"\"\"\n    one\n      two \\u{41}\n    \"\"\""
    #expect(try WAVE.parse(text, as: .primitive(.string)) == .string("one\n  two A"))
    #expect(throws: WAVEError.self) { try WAVE.parse("\"\"\"one\"\"\"", as: .primitive(.string)) }
}

@Test func floatsMatchWasmtime() throws {
    let f64 = ResolvedValueType.primitive(.f64)
    let f32 = ResolvedValueType.primitive(.f32)
    let cases: [(String, String)] = [
        ("1.5", "1.5"), ("0.1", "0.1"), ("1e-7", "0.0000001"), ("1e20", "100000000000000000000"),
        ("-0.0", "-0"), ("nan", "nan"), ("inf", "inf"), ("-inf", "-inf"), ("1", "1"), ("1E3", "1000"),
        ("0.30000000000000004", "0.30000000000000004"), ("1e16", "10000000000000000"),
        ("123456789012345680000", "123456789012345680000"), ("1e400", "inf"),
        ("1.7976931348623157e308", "17976931348623157" + String(repeating: "0", count: 292)),
        ("5e-324", "0." + String(repeating: "0", count: 323) + "5"),
    ]
    for (input, output) in cases {
        #expect(try roundTrip(input, f64) == output, "f64 \(input)")
    }
    let cases32: [(String, String)] = [
        ("0.1", "0.1"), ("1e-7", "0.0000001"), ("3.4028235e38", "340282350000000000000000000000000000000"),
        ("16777217", "16777216"), ("1e39", "inf"), ("1e-50", "0"),
    ]
    for (input, output) in cases32 {
        #expect(try roundTrip(input, f32) == output, "f32 \(input)")
    }
    #expect(WAVE.format(.f64(-.nan), as: f64) == "nan")
    for bad in ["-nan", "+1", ".5", "1.", "01", "1e", "%inf"] {
        #expect(throws: WAVEError.self, "\(bad)") { try WAVE.parse(bad, as: f64) }
    }
}

@Test func keywordsAsLabels() throws {
    let keywordEnum = ResolvedValueType.enum(["true", "ok", "plain", "inf", "some"])
    #expect(WAVE.format(.enum("true"), as: keywordEnum) == "%true")
    #expect(WAVE.format(.enum("plain"), as: keywordEnum) == "plain")
    #expect(try WAVE.parse("%ok", as: keywordEnum) == .enum("ok"))
    #expect(try WAVE.parse("%plain", as: keywordEnum) == .enum("plain"))
    let error = #expect(throws: WAVEError.self) { try WAVE.parse("some", as: keywordEnum) }
    #expect(error?.message.contains("%some") == true)
    let variant = ResolvedValueType.variant([
        ResolvedCase(label: "err", type: .primitive(.u8)), ResolvedCase(label: "none", type: nil),
    ])
    #expect(try roundTrip("%err(3)", variant) == "%err(3)")
    #expect(try roundTrip("%none", variant) == "%none")
    // Record fields and flags named like keywords are written plainly; `%` is accepted on input.
    let record = ResolvedValueType.record([ResolvedField(label: "true", type: .primitive(.bool))])
    #expect(try roundTrip("{%true: false}", record) == "{true: false}")
    let flags = ResolvedValueType.flags(["none", "ok"])
    #expect(try roundTrip("{%ok, none}", flags) == "{none, ok}")
    #expect(try roundTrip("{}", flags) == "{}")
}

@Test func optionsResultsAndRecords() throws {
    let optionU32 = ResolvedValueType.option(.primitive(.u32))
    #expect(try roundTrip("some(5)", optionU32) == "some(5)")
    #expect(try roundTrip("5", optionU32) == "some(5)")
    #expect(try roundTrip("none", optionU32) == "none")
    let nested = ResolvedValueType.option(optionU32)
    #expect(try roundTrip("some(none)", nested) == "some(none)")
    #expect(throws: WAVEError.self) { try WAVE.parse("5", as: nested) }

    let result = ResolvedValueType.result(ok: .primitive(.u32), error: nil)
    #expect(try roundTrip("ok(1)", result) == "ok(1)")
    #expect(try roundTrip("1", result) == "ok(1)")
    #expect(try roundTrip("err", result) == "err")
    #expect(throws: WAVEError.self) { try WAVE.parse("err(1)", as: result) }
    #expect(throws: WAVEError.self) { try WAVE.parse("ok", as: result) }
    let bare = ResolvedValueType.result(ok: nil, error: nil)
    #expect(try roundTrip("ok", bare) == "ok")

    let record = ResolvedValueType.record([
        ResolvedField(label: "a", type: .primitive(.u8)), ResolvedField(label: "b", type: optionU32),
    ])
    #expect(try WAVE.parse("{a: 1}", as: record) == .record([("a", .u8(1)), ("b", .option(nil))]))
    #expect(try roundTrip("{a: 1, b: none}", record) == "{a: 1}")
    #expect(try roundTrip("{b: 2, a: 1,}", record) == "{a: 1, b: some(2)}")
    let allOptional = ResolvedValueType.record([ResolvedField(label: "b", type: optionU32)])
    #expect(try roundTrip("{:}", allOptional) == "{:}")
    #expect(WAVE.format(.record([]), as: .record([])) == "{:}")
    #expect(throws: WAVEError.self) { try WAVE.parse("{}", as: allOptional) }

    let bytes = ResolvedValueType.list(.primitive(.u8))
    #expect(try WAVE.parse("[1, 2, 255]", as: bytes) == .bytes([1, 2, 255]))
    #expect(WAVE.format(.bytes([0, 10]), as: bytes) == "[0, 10]")
    #expect(WAVE.format(.bytes([]), as: bytes) == "[]")
    #expect(try roundTrip("( 1 , 'x' , \"s\" )", .tuple([.primitive(.s8), .primitive(.char), .primitive(.string)])) == "(1, 'x', \"s\")")
    let fixed = ResolvedValueType.fixedList(.primitive(.u8), length: 2)
    #expect(try roundTrip("[1, 2]", fixed) == "[1, 2]")
    #expect(throws: WAVEError.self) { try WAVE.parse("[1]", as: fixed) }
    #expect(WAVE.format(.own(ResourceHandle(type: ResourceID(1), rep: 3)), as: .own(ResourceID(1))) == "<resource>")
    #expect(throws: WAVEError.self) { try WAVE.parse("1", as: .own(ResourceID(1))) }
    #expect(try WAVE.parse(" [ 1 , // one\n 2 ] // done", as: .list(.primitive(.u32))) == .list([.u32(1), .u32(2)]))
}

/// A string is written as its characters are, one by one, as `char` literals write them (the
/// string writer copies runs of plain ASCII whole and decodes the rest from UTF-8 itself).
@Test func stringsAreWrittenCharacterByCharacter() throws {
    var pool: [Unicode.Scalar] = (0 ..< 128).compactMap { Unicode.Scalar($0) }
    for value: UInt32 in [0x85, 0xA0, 0xAD, 0xE9, 0xFC, 0x301, 0x3164, 0x600, 0x200B, 0x200D, 0x2028, 0x4E2D, 0xE000,
                          0xFE0F, 0xFEFF, 0xFFFD, 0x1F600, 0x1F1E6, 0xE0001, 0x10FFFF] {
        if let scalar = Unicode.Scalar(value) { pool.append(scalar) }
    }
    var random = SplitMix64(seed: 27)
    for _ in 0 ..< 400 {
        var text = ""
        for _ in 0 ..< Int.random(in: 0 ... 40, using: &random) {
            // Mostly plain ASCII, in runs, as real text is.
            let scalar = Bool.random(using: &random) ? Unicode.Scalar(UInt8.random(in: 0x61 ... 0x7A, using: &random))
                                                      : pool.randomElement(using: &random) ?? "a"
            text.unicodeScalars.append(scalar)
        }
        let one = text.unicodeScalars.map { scalar -> Substring in
            let literal = WAVE.format(.char(scalar), as: .primitive(.char))
            return literal.dropFirst().dropLast()
        }.joined()
        let written = WAVE.format(.string(text), as: .primitive(.string))
        #expect(written == "\"" + one + "\"", "\(Array(text.unicodeScalars.map(\.value)))")
        #expect(try WAVE.parse(written, as: .primitive(.string)) == .string(text))
    }
}

/// `list<u8>` values are written as lists of numbers.
@Test func byteListsAreListsOfNumbers() {
    let type = ResolvedValueType.list(.primitive(.u8))
    #expect(WAVE.format(.bytes([]), as: type) == "[]")
    #expect(WAVE.format(.bytes([0, 9, 10, 99, 100, 255]), as: type) == "[0, 9, 10, 99, 100, 255]")
    let all = (0 ... 255).map { UInt8($0) }
    #expect(WAVE.format(.bytes(all), as: type) == "[" + all.map { String($0) }.joined(separator: ", ") + "]")
}

/// A record's fields find their types by position when in declaration order, and by label when
/// not (flags are then still listed in their declared order).
@Test func recordFieldsFindTheirTypes() {
    let type = ResolvedValueType.record([ResolvedField(label: "a", type: .flags(["x", "y"])),
                                         ResolvedField(label: "b", type: .primitive(.u8))])
    #expect(WAVE.format(.record([("a", .flags(["y", "x"])), ("b", .u8(1))]), as: type) == "{a: {x, y}, b: 1}")
    #expect(WAVE.format(.record([("b", .u8(1)), ("a", .flags(["y", "x"]))]), as: type) == "{b: 1, a: {x, y}}")
}
