import Testing
import WippyJSON

/// `serializedExcerpt`: JSON input quoted in a one-line message, however large.
@Suite struct ExcerptTests {
    @Test("Short values are whole; long ones are cut, at a character, with an ellipsis")
    func cuts() throws {
        #expect(JSONValue.array([1, 2, "x"]).serializedExcerpt() == #"[1,2,"x"]"#)
        #expect(JSONValue.string("a\nb").serializedExcerpt() == #""a\nb""#)
        let big = JSONValue.array(Array(repeating: .number(0), count: 1 << 16))
        let excerpt = big.serializedExcerpt()
        #expect(excerpt == "[" + Array(repeating: "0", count: 60).joined(separator: ",") + "…")
        #expect(excerpt.utf8.count == 120 + "…".utf8.count)
        // "é" is two bytes: a cut inside one goes back to its start.
        let accents = JSONValue.string(String(repeating: "é", count: 100))
        #expect(accents.serializedExcerpt(maxBytes: 4) == "\"é…")
        #expect(accents.serializedExcerpt(maxBytes: 0) == "…")
        let exact = JSONValue.string(String(repeating: "x", count: 118))
        #expect(exact.serializedExcerpt() == exact.serialized())
    }
}
