import Testing
import WasmBinary
@testable import WasmText

/// Offsets in a binary made from text map back to the instruction's line and column, so
/// validation errors in `.wat` files can be reported where their author wrote them.
struct SourceMapTests {
    /// Line and column as an array (empty when the offset maps nowhere).
    func position(_ map: WATSourceMap, _ offset: Int) -> [Int] {
        map.location(ofBinaryOffset: offset).map { [$0.line, $0.column] } ?? []
    }

    @Test func plainInstructionsMapToTheirKeywords() throws {
        let text = "(module\n  (func (result i32)\n    i32.const 1\n    i32.const 2\n    i32.add))\n"
        let (binary, map) = try parseWATWithSourceMap(text)
        let module = try decodeModule(binary)
        // The body's first instruction is where the function's code starts (after the locals).
        let body = try #require(module.bodies.first)
        let start = body.code.lowerBound
        #expect(position(map, start) == [3, 5])
        #expect(position(map, start + 2) == [4, 5])
        #expect(position(map, start + 4) == [5, 5])
        #expect(map.location(ofBinaryOffset: 0) == nil)
    }

    @Test func foldedInstructionsMapToTheirOwnKeyword() throws {
        let text = "(module (func (param i32) (result i32)\n  (i32.add (local.get 0)\n    (i32.const 7))))"
        let (binary, map) = try parseWATWithSourceMap(text)
        let module = try decodeModule(binary)
        let start = try #require(module.bodies.first).code.lowerBound
        // Written in execution order: local.get, i32.const, then i32.add.
        #expect(position(map, start) == [2, 13])
        #expect(position(map, start + 2) == [3, 6])
        #expect(position(map, start + 4) == [2, 4])
    }

    @Test func secondFunctionsAreMappedToo() throws {
        let text = "(func)\n(func (drop (i32.const 1)))"
        let (binary, map) = try parseWATWithSourceMap(text)
        let module = try decodeModule(binary)
        #expect(module.bodies.count == 2)
        let start = module.bodies[1].code.lowerBound
        #expect(position(map, start) == [2, 14])
        #expect(position(map, start + 2) == [2, 8])
    }
}
