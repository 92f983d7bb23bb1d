import Testing
import WasmBinary
@testable import WasmText

/// Deep nesting is parsed with explicit stacks: no native-stack overflow, whatever the input.
@Suite struct NestingTests {
    static let depth = 100_000

    @Test func deeplyFoldedExpressions() throws {
        var text = "(func (result i32) "
        text += String(repeating: "(i32.add (i32.const 1) ", count: Self.depth)
        text += "(i32.const 0)"
        text += String(repeating: ")", count: Self.depth)
        text += ")"
        let m = try module(text)
        #expect(m.bodies.count == 1)
        #expect(body(m).count == Self.depth * 3 + 3)
    }

    @Test func deeplyNestedBlocks() throws {
        let folded = "(func " + String(repeating: "(block ", count: Self.depth) + String(repeating: ")", count: Self.depth) + ")"
        #expect(try module(folded).bodies.count == 1)
        let flat = "(func " + String(repeating: "block ", count: Self.depth) + String(repeating: "end ", count: Self.depth) + ")"
        #expect(try module(flat).bodies.count == 1)
        let ifs = "(func " + String(repeating: "(if (i32.const 1) (then ", count: Self.depth)
            + String(repeating: "))", count: Self.depth) + ")"
        #expect(try module(ifs).bodies.count == 1)
    }

    @Test func deepParenthesesAndComments() {
        let parens = String(repeating: "(", count: Self.depth) + String(repeating: ")", count: Self.depth)
        #expect(parseError(parens) != nil)
        let comments = String(repeating: "(;", count: Self.depth) + String(repeating: ";)", count: Self.depth)
        #expect(parseError(comments) == nil)
        let annotation = "(@a " + String(repeating: "(", count: Self.depth) + String(repeating: ")", count: Self.depth) + ")"
        #expect(parseError(annotation) == nil)
        #expect(parseError(String(repeating: "(", count: Self.depth))?.message == "unexpected end")
    }
}
