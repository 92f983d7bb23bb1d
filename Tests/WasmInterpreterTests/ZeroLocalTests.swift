import Testing
@testable import WasmInterpreter

/// `local.set` of zero to a declared local that nothing wrote yet, before the first label, is
/// dropped by the translator (locals start at zero); every other write stays.
struct ZeroLocalTests {
    static let text = """
    (module
      (func (export "entryZero") (param i32) (result i32) (local i32 i64 f64)
        i32.const 0 local.set 1 i64.const 0 local.set 2 f64.const 0 local.set 3
        local.get 1 local.get 0 i32.add local.get 2 i32.wrap_i64 i32.add
        local.get 3 i32.trunc_f64_s i32.add)
      (func (export "rewritten") (param i32) (result i32) (local i32)
        i32.const 5 local.set 1
        i32.const 0 local.set 1
        local.get 1 local.get 0 i32.add)
      (func (export "paramZeroed") (param i32) (result i32)
        i32.const 0 local.set 0
        local.get 0)
      (func (export "inLoop") (param i32) (result i32) (local i32 i32)
        loop
          i32.const 0 local.set 1
          local.get 1 i32.const 5 i32.add local.set 1
          local.get 2 local.get 1 i32.add local.set 2
          local.get 0 i32.const 1 i32.sub local.tee 0
          br_if 0
        end
        local.get 2)
    )
    """

    func call(_ name: String, _ args: [Value]) throws -> [Value] {
        try TestModules.call(wat: Self.text, name, args)
    }

    @Test func zeroStoresBeforeTheFirstLabelReadAsZero() throws {
        #expect(try call("entryZero", [.i32(9)]) == [.i32(9)])
    }

    @Test func otherWritesStay() throws {
        #expect(try call("rewritten", [.i32(9)]) == [.i32(9)])
        #expect(try call("paramZeroed", [.i32(9)]) == [.i32(0)])
        // The zero store at the top of the loop runs every turn: local 2 sums 5 three times
        // (without it: 5 + 10 + 15).
        #expect(try call("inLoop", [.i32(3)]) == [.i32(15)])
    }
}
