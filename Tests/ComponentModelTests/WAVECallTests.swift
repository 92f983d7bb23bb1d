import ComponentBinary
import ComponentModel
import Testing

@Test func callNamesAndArguments() throws {
    let call = try WAVECall.parse("test-sleep#sleep-ms(50)")
    #expect(call.name == "test-sleep#sleep-ms")
    #expect(call.argumentCount == 1)
    let type = ResolvedFunctionType(parameters: [ResolvedField(label: "ms", type: .primitive(.u32))], result: .primitive(.u64))
    #expect(try call.arguments(for: type) == [.u32(50)])

    #expect(try WAVECall.parse("triple (7)").name == "triple")
    let empty = try WAVECall.parse("  f( )  ")
    #expect(empty.name == "f")
    #expect(try empty.arguments(for: ResolvedFunctionType(parameters: [], result: nil)) == [])

    let qualified = try WAVECall.parse("wasi:cli/run@0.2.0#[method]thing.get-x(1, [2, 3], {a: (4, 5)},)")
    #expect(qualified.name == "wasi:cli/run@0.2.0#[method]thing.get-x")
    #expect(qualified.argumentCount == 3)

    let divide = try WAVECall.parse("try-divide(10, 0)")
    let divideType = try #require(ComplexTypes.functions["try-divide"])
    #expect(try divide.arguments(for: divideType) == [.s32(10), .s32(0)])
}

@Test func callArgumentCountsAndErrors() throws {
    let type = try #require(ComplexTypes.functions["try-divide"])
    let tooFew = #expect(throws: WAVEError.self) { try WAVECall.parse("try-divide(10)").arguments(for: type) }
    #expect(tooFew?.offset == 13)
    #expect(tooFew?.message.contains("missing argument `b`") == true)
    let tooMany = #expect(throws: WAVEError.self) { try WAVECall.parse("try-divide(1, 2, 3)").arguments(for: type) }
    #expect(tooMany?.offset == 17)
    // Offsets of argument errors are within the whole call.
    let bad = #expect(throws: WAVEError.self) { try WAVECall.parse("try-divide(1, x)").arguments(for: type) }
    #expect(bad?.offset == 14)
    // A trailing option parameter may be left out, as wasmtime allows.
    let optional = ResolvedFunctionType(
        parameters: [ResolvedField(label: "a", type: .primitive(.u8)), ResolvedField(label: "b", type: .option(.primitive(.u8)))],
        result: nil)
    #expect(try WAVECall.parse("g(1)").arguments(for: optional) == [.u8(1), .option(nil)])
    for text in ["", "(1)", "f", "f(1", "f(1))", "f(1,,2)", "f(,)", "f x(1)", "f(1) 2", "f([1)]"] {
        #expect(throws: WAVEError.self, "\(text)") { try WAVECall.parse(text) }
    }
    let unclosed = #expect(throws: WAVEError.self) { try WAVECall.parse("f(1") }
    #expect(unclosed?.offset == 3)
}
