import ComponentBinary
import ComponentModel
import Testing
import WippyJSON

private func decode(_ text: String, _ type: ResolvedValueType) throws -> ComponentValue {
    let json = try JSONValue.parse(text)
    return try ComponentValueJSON.decode(json, as: type)
}

/// The value's JSON text; the text encoder must give the tree's text byte for byte.
private func encode(_ value: ComponentValue, _ type: ResolvedValueType) throws -> String {
    let tree = try ComponentValueJSON.encode(value, as: type).serialized()
    let text = String(decoding: try ComponentValueJSON.encodeText(value, as: type), as: UTF8.self)
    #expect(text == tree)
    return tree
}

private func decodeError(_ text: String, _ type: ResolvedValueType) throws -> ComponentValueError? {
    let json = try JSONValue.parse(text)
    do {
        _ = try ComponentValueJSON.decode(json, as: type)
        return nil
    } catch {
        return error
    }
}

/// Decodes `text`, encodes it back, and returns the JSON text.
private func roundTrip(_ text: String, _ type: ResolvedValueType) throws -> String {
    try encode(try decode(text, type), type)
}

@Test func jsonComplexTypes() throws {
    #expect(try roundTrip(#"{"x":7,"y":11}"#, ComplexTypes.point) == #"{"x":7,"y":11}"#)
    #expect(try roundTrip(#"{"bottom-right":{"x":3,"y":4},"top-left":{"y":2,"x":1}}"#, ComplexTypes.rectangle)
        == #"{"top-left":{"x":1,"y":2},"bottom-right":{"x":3,"y":4}}"#)
    #expect(try roundTrip(#"{"rect":{"top-left":{"x":1,"y":2},"bottom-right":{"x":3,"y":4}}}"#, ComplexTypes.shape)
        == #"{"rect":{"top-left":{"x":1,"y":2},"bottom-right":{"x":3,"y":4}}}"#)
    #expect(try roundTrip(#"{"none":null}"#, ComplexTypes.shape) == #"{"none":null}"#)
    #expect(try roundTrip(#""blue""#, ComplexTypes.color) == #""blue""#)
    #expect(try decode("1", ComplexTypes.color) == .enum("green"))
    #expect(try roundTrip(#"["execute","read"]"#, ComplexTypes.permissions) == #"["read","execute"]"#)
    #expect(try roundTrip("[]", ComplexTypes.permissions) == "[]")
    let divide = ResolvedValueType.result(ok: ComplexTypes.s32, error: ComplexTypes.errorInfo)
    #expect(try roundTrip(#"{"ok":5}"#, divide) == #"{"ok":5}"#)
    #expect(try roundTrip(#"{"err":{"code":1,"message":"division by zero"}}"#, divide)
        == #"{"err":{"code":1,"message":"division by zero"}}"#)
    #expect(try roundTrip("[2,1]", .tuple([ComplexTypes.s32, ComplexTypes.s32])) == "[2,1]")
    #expect(try roundTrip("null", .option(ComplexTypes.point)) == "null")
    #expect(try roundTrip(#"{"x":42,"y":24}"#, .option(ComplexTypes.point)) == #"{"x":42,"y":24}"#)
    #expect(try roundTrip(#"["a","","ünï"]"#, .list(ComplexTypes.string)) == #"["a","","ünï"]"#)
    let bare = ResolvedValueType.result(ok: nil, error: nil)
    #expect(try roundTrip(#"{"err":null}"#, bare) == #"{"err":null}"#)
}

@Test func jsonRecordsWithOptionalFields() throws {
    let record = ResolvedValueType.record([
        ResolvedField(label: "name", type: .primitive(.string)),
        ResolvedField(label: "nick-name", type: .option(.primitive(.string))),
    ])
    #expect(try decode(#"{"name":"a"}"#, record) == .record([("name", .string("a")), ("nick-name", .option(nil))]))
    #expect(try roundTrip(#"{"name":"a"}"#, record) == #"{"name":"a","nick-name":null}"#)
    let unknown = try decodeError(#"{"name":"a","age":3}"#, record)
    #expect(unknown?.message.contains("unknown field `age`") == true)
    #expect(unknown?.path == "$")
    let missing = try decodeError(#"{"nick-name":"b"}"#, record)
    #expect(missing?.message.contains("missing field `name`") == true)
}

@Test func jsonScalars() throws {
    #expect(try roundTrip(#""é""#, .primitive(.char)) == #""é""#)
    #expect(try decodeError(#""ab""#, .primitive(.char)) != nil)
    #expect(try decodeError(#""""#, .primitive(.char)) != nil)
    #expect(try roundTrip("0.1", .primitive(.f32)) == "0.1")
    #expect(try roundTrip("1.5", .primitive(.f64)) == "1.5")
    #expect(try decode("1e-7", .primitive(.f64)) == .f64(1e-7))
    #expect(try encode(.f64(.nan), .primitive(.f64)) == #""nan""#)
    #expect(try encode(.f32(-.infinity), .primitive(.f32)) == #""-inf""#)
    #expect(try decode(#""inf""#, .primitive(.f64)) == .f64(.infinity))
    #expect(try decode(#""nan""#, .primitive(.f32)) == .f32(.nan))
    #expect(try decodeError(#""NaN""#, .primitive(.f64)) != nil)
    #expect(try roundTrip("true", .primitive(.bool)) == "true")
    #expect(try roundTrip(#""a\nb""#, .primitive(.string)) == #""a\nb""#)
}

@Test func jsonIntegersAreRangeChecked() throws {
    #expect(try roundTrip("18446744073709551615", .primitive(.u64)) == "18446744073709551615")
    #expect(try roundTrip("-9223372036854775808", .primitive(.s64)) == "-9223372036854775808")
    #expect(try decode("1.0", .primitive(.u8)) == .u8(1))
    #expect(try decode("2e2", .primitive(.u8)) == .u8(200))
    let tooBig = try decodeError("256", .primitive(.u8))
    #expect(tooBig?.message == "256 is out of range for u8 (0...255)")
    #expect(tooBig?.description == "$: 256 is out of range for u8 (0...255)")
    #expect(try decodeError("-1", .primitive(.u32))?.message.contains("u32") == true)
    #expect(try decodeError("18446744073709551616", .primitive(.u64)) != nil)
    #expect(try decodeError("2147483648", .primitive(.s32)) != nil)
    let fraction = try decodeError("1.5", .primitive(.s16))
    #expect(fraction?.message == "expected s16 (an integer), found 1.5")
    #expect(try decodeError(#""5""#, .primitive(.u8))?.message == #"expected u8 (an integer), found string "5""#)
}

@Test func jsonBytes() throws {
    let bytes = ResolvedValueType.list(.primitive(.u8))
    #expect(try decode("[1,2,255]", bytes) == .bytes([1, 2, 255]))
    #expect(try decode(#""hé""#, bytes) == .bytes([0x68, 0xC3, 0xA9]))
    #expect(try encode(.bytes([0, 10]), bytes) == "[0,10]")
    #expect(try encode(.list([.u8(3)]), bytes) == "[3]")
    let error = try decodeError("[1,2,256]", bytes)
    #expect(error?.path == "$[2]")
}

@Test func jsonErrorPaths() throws {
    let items = ResolvedValueType.record([ResolvedField(label: "items", type: .list(ComplexTypes.person))])
    let error = try decodeError(#"{"items":[{"name":"a","age":1},{"name":"b","age":2},{"name":3,"age":3}]}"#, items)
    #expect(error?.path == "$.items[2].name")
    #expect(error?.description == "$.items[2].name: expected string, found number 3")
    let shape = try decodeError(#"{"circle":-1}"#, ComplexTypes.shape)
    #expect(shape?.path == "$.circle")
    #expect(try decodeError(#"{"circle":1,"square":2}"#, ComplexTypes.shape) != nil)
    #expect(try decodeError(#"{"oval":1}"#, ComplexTypes.shape)?.message.contains("unknown case `oval`") == true)
    #expect(try decodeError(#"{"none":1}"#, ComplexTypes.shape)?.path == "$.none")
    #expect(try decodeError("3", ComplexTypes.color) != nil)
    #expect(try decodeError(#"["read","read"]"#, ComplexTypes.permissions) != nil)
    #expect(try decodeError(#"["delete"]"#, ComplexTypes.permissions)?.path == "$[0]")
    #expect(try decodeError("[1]", .tuple([ComplexTypes.s32, ComplexTypes.s32])) != nil)
    #expect(try decodeError("1", .own(ResourceID(0)))?.message.contains("resource") == true)
    #expect(throws: ComponentValueError.self) {
        try ComponentValueJSON.encode(.own(ResourceHandle(type: ResourceID(0), rep: 1)), as: .own(ResourceID(0)))
    }
    let mismatch = #expect(throws: ComponentValueError.self) {
        try ComponentValueJSON.encode(.record([("x", .u32(1)), ("y", .s32(2))]), as: ComplexTypes.point)
    }
    #expect(mismatch?.path == "$.x")
}

/// Encoding errors name where in the value they are, through lists, tuples, records, variant
/// cases and results (each level adds its part only when an error passes it).
@Test func jsonEncodeErrorPaths() {
    let shape = ResolvedValueType.variant([ResolvedCase(label: "circle", type: .primitive(.u32))])
    let item = ResolvedValueType.record([ResolvedField(label: "name", type: .primitive(.string)),
                                         ResolvedField(label: "shape", type: shape)])
    let items = ResolvedValueType.record([ResolvedField(label: "items", type: .list(item))])
    func entry(_ payload: ComponentValue) -> ComponentValue {
        .record([("name", .string("a")), ("shape", .variant(case: "circle", payload: payload))])
    }
    let nested = #expect(throws: ComponentValueError.self) {
        try ComponentValueJSON.encode(.record([("items", .list([entry(.u32(1)), entry(.s32(-1))]))]), as: items)
    }
    #expect(nested?.path == "$.items[1].shape.circle")
    let inResult = #expect(throws: ComponentValueError.self) {
        try ComponentValueJSON.encode(.result(isOK: true, payload: .list([.u32(1), .string("x")])),
                                      as: .result(ok: .list(.primitive(.u32)), error: nil))
    }
    #expect(inResult?.path == "$.ok[1]")
    let inTuple = #expect(throws: ComponentValueError.self) {
        try ComponentValueJSON.encode(.tuple([.u8(1), .bool(true)]), as: .tuple([.primitive(.u8), .primitive(.u8)]))
    }
    #expect(inTuple?.path == "$[1]")
    #expect((try? ComponentValueJSON.encode(.record([("items", .list([entry(.u32(7))]))]), as: items).serialized())
            == #"{"items":[{"name":"a","shape":{"circle":7}}]}"#)
}
