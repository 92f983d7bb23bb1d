import ComponentBinary
import ComponentModel
import Testing

private func parseError(_ text: String, _ type: ResolvedValueType) -> WAVEError? {
    do {
        _ = try WAVE.parse(text, as: type)
        return nil
    } catch {
        return error
    }
}

@Test func integersAreRangeChecked() throws {
    let limits: [(PrimitiveValueType, String, String)] = [
        (.u8, "255", "256"), (.u16, "65535", "65536"), (.u32, "4294967295", "4294967296"),
        (.u64, "18446744073709551615", "18446744073709551616"),
        (.s8, "-128", "-129"), (.s8, "127", "128"), (.s16, "-32768", "32768"),
        (.s32, "-2147483648", "2147483648"), (.s64, "-9223372036854775808", "9223372036854775808"),
    ]
    for (type, good, bad) in limits {
        #expect(WAVE.format(try WAVE.parse(good, as: .primitive(type)), as: .primitive(type)) == good)
        let error = parseError(bad, .primitive(type))
        #expect(error?.offset == 0)
        #expect(error?.message.contains("out of range for \(type.witName)") == true, "\(bad)")
    }
    #expect(parseError("-0", .primitive(.u8)) != nil)
    #expect(try WAVE.parse("-0", as: .primitive(.s8)) == .s8(0))
    #expect(parseError("1.0", .primitive(.u8))?.message.contains("integer") == true)
    #expect(parseError("1e2", .primitive(.u8)) != nil)
    #expect(parseError("007", .primitive(.u8)) != nil)
    #expect(parseError("\"1\"", .primitive(.u8))?.message == "expected u8, found string \"1\"")
}

@Test func errorsSayWhatAndWhere() throws {
    let point = ComplexTypes.point
    let missing = parseError("{x: 1}", point)
    #expect(missing?.offset == 0)
    #expect(missing?.message.contains("missing field `y`") == true)
    let unknown = parseError("{x: 1, y: 2, z: 3}", point)
    #expect(unknown?.offset == 13)
    #expect(unknown?.message.contains("unknown field `z`") == true)
    let duplicate = parseError("{x: 1, x: 2}", point)
    #expect(duplicate?.offset == 7)
    let range = parseError("[1, 2, 300]", .list(.primitive(.u8)))
    #expect(range?.offset == 7)
    #expect(range?.description == "number `300` is out of range for u8 (0...255) at offset 7")
    let trailing = parseError("1 2", .primitive(.u8))
    #expect(trailing?.offset == 2)
    let end = parseError("[1, 2", .list(.primitive(.u8)))
    #expect(end?.offset == 5)
    #expect(end?.message == "expected `,` or `]`, found end of input")
    // Offsets count Unicode scalars.
    let afterUnicode = parseError("[\"ü😀\", 5]", .list(.primitive(.string)))
    #expect(afterUnicode?.offset == 7)
    let badFlag = parseError("{read, delete}", ComplexTypes.permissions)
    #expect(badFlag?.offset == 7)
    let noPayload = parseError("circle", ComplexTypes.shape)
    #expect(noPayload?.message.contains("needs a payload") == true)
    let extraPayload = parseError("%none(1)", ComplexTypes.shape)
    #expect(extraPayload?.offset == 5)
    let tuple = parseError("(1, 2, 3)", .tuple([.primitive(.u8), .primitive(.u8)]))
    #expect(tuple?.offset == 7)
    #expect(parseError("()", .tuple([.primitive(.u8)])) != nil)
    #expect(parseError("yellow", ComplexTypes.color)?.message.contains("unknown case `yellow`") == true)
    #expect(parseError("Mixed-Case", ComplexTypes.color)?.message.contains("invalid label") == true)
    var deep = String(repeating: "[", count: 200)
    deep += String(repeating: "]", count: 200)
    var type = ResolvedValueType.primitive(.u8)
    for _ in 0..<200 { type = .list(type) }
    #expect(parseError(deep, type)?.message.contains("nested") == true)
}
