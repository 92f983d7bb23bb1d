import Testing
@testable import WasmInterpreter

/// A function's single result computed by the instruction right before the return is written
/// straight into slot 0 (which is also local 0): the instruction must read its operands before
/// the write, and values below it on the stack are discarded.
struct ReturnSlotTests {
    static let text = """
    (module
      (memory 1)
      (func $sum (export "sum") (param i32 i32) (result i32)
        local.get 1 local.get 0 i32.sub)
      (func (export "early") (param i32 i32) (result i32)
        local.get 0 local.get 1
        local.get 1 local.get 0 i32.sub
        return)
      (func (export "viaBranch") (param i32) (result i32)
        block (result i32)
          local.get 0 local.get 0 i32.mul
          br 1
        end)
      (func (export "load") (param i32) (result i32)
        i32.const 16 local.get 0 i32.store
        local.get 0 drop
        i32.const 16 i32.load)
      (func (export "recurse") (param i32) (result i32)
        local.get 0 i32.eqz
        if (result i32) i32.const 0
        else local.get 0 i32.const 1 i32.sub call $sum2 local.get 0 i32.add end)
      (func $sum2 (param i32) (result i32)
        local.get 0 i32.eqz
        if (result i32) i32.const 0
        else local.get 0 i32.const 1 i32.sub call $sum2 local.get 0 i32.add end)
    )
    """

    func call(_ name: String, _ args: [Value]) throws -> [Value] {
        try TestModules.call(wat: Self.text, name, args)
    }

    @Test func resultsLandInSlotZero() throws {
        #expect(try call("sum", [.i32(3), .i32(10)]) == [.i32(7)])
        #expect(try call("early", [.i32(3), .i32(10)]) == [.i32(7)])
        #expect(try call("viaBranch", [.i32(6)]) == [.i32(36)])
        #expect(try call("load", [.i32(77)]) == [.i32(77)])
        #expect(try call("recurse", [.i32(100)]) == [.i32(5050)])
    }
}
