import Testing
import WasmBinary
import WippyJSON
import WippyRuntime

/// A bare word stands for a string only where the parameter takes one; elsewhere the JSON
/// problem is reported.
@Test func bareWordsAreStringsOnlyForStringParameters() throws {
    #expect(try ValueConversion.argument("hello", takesString: true).get() == .string("hello"))
    #expect(try ValueConversion.argument("42", takesString: false).get() == JSONValue.parse("42"))
    guard case .failure(let failure) = ValueConversion.argument("[1, 2", takesString: false) else {
        Issue.record("a malformed array was accepted")
        return
    }
    #expect(failure.message.hasPrefix("not JSON (1:6:"))
}

/// A large argument of the wrong kind is quoted by its beginning, not whole.
@Test func largeWrongArgumentsAreQuotedShort() throws {
    let big = JSONValue.array(Array(repeating: .number(0), count: 1 << 14))
    for type in [ValueType.i32, .i64] {
        guard case .failure(let failure) = ValueConversion.value(big, as: type) else {
            Issue.record("an array converted to \(type)")
            continue
        }
        #expect(failure.message.hasPrefix("expected an integer, got [0,0,"))
        #expect(failure.message.hasSuffix("…") && failure.message.utf8.count < 200)
    }
    let digits = try JSONValue.parse(String(repeating: "9", count: 100_000))
    guard case .failure(let failure) = ValueConversion.value(digits, as: .i32) else {
        Issue.record("100,000 digits converted to i32")
        return
    }
    #expect(failure.message.hasSuffix("… is out of range for i32") && failure.message.utf8.count < 200)
}
