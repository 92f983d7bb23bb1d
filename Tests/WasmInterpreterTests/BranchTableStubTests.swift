import Testing
@testable import WasmInterpreter

/// A `br_table` whose targets need value moves gets one stub per target, each entered straight
/// from the table: each must start from the operand stack as it was at the `br_table` (found by
/// `make fuzz-diff`: the default target of `br_table 0 0` returned 0 instead of the value,
/// because the first stub's materialization was taken as done for the second).
struct BranchTableStubTests {
    static let text = """
    (module
      (func (export "default") (param i32) (result i32)
        local.get 0 i32.const 7 br_table 0 0)
      (func (export "first") (param i32) (result i32)
        local.get 0 i32.const 0 br_table 0 0)
      (func (export "under") (param f32) (result f32)
        ref.null func local.get 0 i32.const 7 br_table 0 0)
      (func (export "computed") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.add local.get 1 br_table 0 0 0)
      (func (export "mixed") (param i32 i32) (result i32)
        block (result i32)
          local.get 0 i32.const 3 i32.mul
          local.get 1
          br_table 0 1 0
        end
        i32.const 100 i32.add)
    )
    """

    func call(_ name: String, _ args: [Value]) throws -> [Value] {
        try TestModules.call(wat: Self.text, name, args)
    }

    @Test func everyTargetOfTheTableGetsTheValue() throws {
        #expect(try call("default", [.i32(42)]) == [.i32(42)])
        #expect(try call("first", [.i32(42)]) == [.i32(42)])
        #expect(try call("under", [.f32(Float(2147483648).bitPattern)]) == [.f32(Float(2147483648).bitPattern)])
        for k in UInt32(0)..<4 {
            #expect(try call("computed", [.i32(40), .i32(k)]) == [.i32(40 + k)])
        }
        // Index 0 and 2 (default) leave the block (+100); index 1 returns from the function.
        #expect(try call("mixed", [.i32(5), .i32(0)]) == [.i32(115)])
        #expect(try call("mixed", [.i32(5), .i32(1)]) == [.i32(15)])
        #expect(try call("mixed", [.i32(5), .i32(9)]) == [.i32(115)])
    }
}
