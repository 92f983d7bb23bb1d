import ComponentBinary
import ComponentModel
import Testing

/// The complex.wasm table of /work/shared/wippy/README.md: (call, result), both as wasmtime prints.
private let complexTable: [(call: String, result: String)] = [
    ("echo-point({x: 7, y: 11})", "{x: 7, y: 11}"),
    ("echo-rectangle({top-left: {x: 0, y: 0}, bottom-right: {x: 100, y: 50}})",
     "{top-left: {x: 0, y: 0}, bottom-right: {x: 100, y: 50}}"),
    ("filter-adults([{name: \"Alice\", age: 25}, {name: \"Bob\", age: 15}, {name: \"Charlie\", age: 30}])",
     "[{name: \"Alice\", age: 25}, {name: \"Charlie\", age: 30}]"),
    ("try-divide(10, 2)", "ok(5)"),
    ("try-divide(10, 0)", "err({code: 1, message: \"division by zero\"})"),
    ("sum-list([1, 2, 3, 4])", "10"),
    ("echo-shape(rect({top-left: {x: 1, y: 2}, bottom-right: {x: 3, y: 4}}))",
     "rect({top-left: {x: 1, y: 2}, bottom-right: {x: 3, y: 4}})"),
    ("echo-permissions({read, execute})", "{read, execute}"),
    ("maybe-point(true)", "some({x: 42, y: 24})"),
    ("maybe-string(false)", "none"),
    ("try-parse(\"-41\")", "ok(-41)"),
    ("try-parse(\"12x\")", "err(\"cannot parse: 12x\")"),
    ("swap-pair(1, 2)", "(2, 1)"),
    ("triple(7)", "(7, 14, 21)"),
    ("double-list([1, -2, 3])", "[2, -4, 6]"),
    ("echo-list-string([\"a\", \"\", \"ünï\"])", "[\"a\", \"\", \"ünï\"]"),
    ("echo-color(blue)", "blue"),
    ("sum-list([2147483647, 2147483647])", "4294967294"),
    ("echo-shape(%none)", "%none"),
]

@Test(arguments: complexTable.indices)
func complexTableRowRoundTrips(_ row: Int) throws {
    let (callText, resultText) = complexTable[row]
    let call = try WAVECall.parse(callText)
    let type = try #require(ComplexTypes.functions[call.name])
    let arguments = try call.arguments(for: type)
    #expect(arguments.count == type.parameters.count)
    var formatted: [String] = []
    for (index, argument) in arguments.enumerated() {
        formatted.append(WAVE.format(argument, as: type.parameters[index].type))
    }
    #expect("\(call.name)(\(formatted.joined(separator: ", ")))" == callText)

    let resultType = try #require(type.result)
    let result = try WAVE.parse(resultText, as: resultType)
    #expect(WAVE.format(result, as: resultType) == resultText)
}

@Test func complexTableValuesHaveTheExpectedShape() throws {
    let divide = try WAVE.parse("err({code: 1, message: \"division by zero\"})",
                                as: .result(ok: ComplexTypes.s32, error: ComplexTypes.errorInfo))
    #expect(divide == .result(isOK: false, payload: .record([("code", .u32(1)), ("message", .string("division by zero"))])))
    let sum = try WAVE.parse("4294967294", as: ComplexTypes.s64)
    #expect(sum == .s64(4_294_967_294))
    let shape = try WAVE.parse("%none", as: ComplexTypes.shape)
    #expect(shape == .variant(case: "none", payload: nil))
    let flags = try WAVE.parse("{ execute , read }", as: ComplexTypes.permissions)
    #expect(flags == .flags(["read", "execute"]))
    #expect(WAVE.format(.flags(["execute", "read"]), as: ComplexTypes.permissions) == "{read, execute}")
}
