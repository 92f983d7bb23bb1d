import Testing
@testable import WasmInterpreter

/// Two single-slot moves in a row (a constant or a copy into a local) become one instruction
/// (`constPair`, `constCopy`, `copyConst`, like `copyPair`) that runs them in their order: a
/// copy reads what a constant before it wrote, a constant overwrites what a copy before it read.
struct MergedMoveTests {
    static let text = """
    (module
      (func (export "constThenCopy") (param i32) (result i32) (local i32 i32)
        i32.const 5 local.set 1
        local.get 1 local.set 2
        local.get 2 local.get 0 i32.add)
      (func (export "copyThenConst") (param i32) (result i32) (local i32)
        local.get 0 local.set 1
        i32.const 7 local.set 0
        local.get 1 i32.const 100 i32.mul local.get 0 i32.add)
      (func (export "constThenConst") (param i32) (result i32) (local i32)
        i32.const 3 local.set 1
        i32.const 4 local.set 1
        local.get 1 local.get 0 i32.add)
      (func (export "acrossALabel") (param i32) (result i32) (local i32 i32)
        i32.const 9 local.set 1
        loop
          local.get 1 local.set 2
          i32.const 2 local.set 1
          local.get 0 i32.const 1 i32.sub local.tee 0
          br_if 0
        end
        local.get 2 i32.const 10 i32.mul local.get 1 i32.add)
    )
    """

    func call(_ name: String, _ args: [Value]) throws -> [Value] {
        try TestModules.call(wat: Self.text, name, args)
    }

    @Test func mergedMovesRunInOrder() throws {
        #expect(try call("constThenCopy", [.i32(1)]) == [.i32(6)])
        #expect(try call("copyThenConst", [.i32(3)]) == [.i32(307)])
        #expect(try call("constThenConst", [.i32(1)]) == [.i32(5)])
    }

    @Test func aLoopHeadStartsANewMove() throws {
        // First turn: local 2 = 9; later turns: 2. One turn gives 92, two give 22.
        #expect(try call("acrossALabel", [.i32(1)]) == [.i32(92)])
        #expect(try call("acrossALabel", [.i32(2)]) == [.i32(22)])
    }
}
