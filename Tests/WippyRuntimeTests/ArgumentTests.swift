import Testing
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
