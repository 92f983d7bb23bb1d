import Testing
import WasmBinary
@testable import WasmText

/// The legacy exception instructions in the text format: flat and folded forms encode alike.
@Suite struct LegacyTryTextTests {
    @Test func flatAndFoldedTryCatchEncodeAlike() throws {
        let flat = """
            (tag $e (param i32)) (func (result i32)
              try (result i32) i32.const 1 catch $e catch_all i32.const 2 end)
            """
        let folded = """
            (tag $e (param i32)) (func (result i32)
              (try (result i32) (do (i32.const 1)) (catch $e) (catch_all (i32.const 2))))
            """
        let expected: [UInt8] = [0x06, 0x7F, 0x41, 0x01, 0x07, 0x00, 0x19, 0x41, 0x02, 0x0B, 0x0B]
        #expect(body(try module(flat)) == expected)
        #expect(body(try module(folded)) == expected)
    }

    @Test func delegateAndRethrowTakeLabels() throws {
        // delegate's label is counted outside the try: $outer is 0 there.
        let flat = "(func try $outer try delegate $outer catch_all rethrow 0 end)"
        let folded = "(func (try $outer (do (try (do) (delegate $outer))) (catch_all (rethrow 0))))"
        let expected: [UInt8] = [0x06, 0x40, 0x06, 0x40, 0x18, 0x00, 0x19, 0x09, 0x00, 0x0B, 0x0B]
        #expect(body(try module(flat)) == expected)
        #expect(body(try module(folded)) == expected)
    }

    @Test func catchAfterCatchAllIsRejected() {
        #expect(parseError("(func (try (do) (catch_all) (catch_all)))") != nil)
        #expect(parseError("(func try catch_all catch_all end)") != nil)
        #expect(parseError("(func try catch_all delegate 0)") != nil)
        #expect(parseError("(func (delegate 0))") != nil)
    }
}
