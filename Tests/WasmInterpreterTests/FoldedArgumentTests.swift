import Testing
@testable import WasmInterpreter

/// A call whose arguments are locals or constants carries their moves itself (`callMoves`,
/// `callIndirectMoves`): the arguments reach the callee's parameters in order, mixed with
/// arguments computed on the stack, and a call the switch takes over (a first call that
/// translates the callee, a trapping `call_indirect`) runs its moves once more with the same
/// result.
struct FoldedArgumentTests {
    static let text = """
    (module
      (type $three (func (param i32 i64 i32) (result i64)))
      (type $one (func (param i32) (result i32)))
      (type $two (func (param i32 i32) (result i32)))
      (table 4 funcref)
      (elem (i32.const 0) $mix $weights $double $tens)
      (func $double (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
      (func $tens (param i32 i32) (result i32) local.get 0 i32.const 10 i32.mul local.get 1 i32.add)
      ;; one or two copies and no constant: the short forms (callMoves1, callIndirectMoves1/2)
      (func (export "short") (param i32 i32) (result i32)
        local.get 0 call $double
        local.get 1 i32.const 2 call_indirect (type $one) i32.add
        local.get 0 local.get 1 i32.const 3 call_indirect (type $two) i32.add
        local.get 1 local.get 0 call $tens i32.add)
      ;; a*1000 + b*10 + c, so every argument's position shows in the result
      (func $mix (param i32 i64 i32) (result i64)
        local.get 0 i64.extend_i32_u i64.const 1000 i64.mul
        local.get 1 i64.const 10 i64.mul i64.add
        local.get 2 i64.extend_i32_u i64.add)
      ;; the callee overwrites its parameters: the caller's locals stay as they were
      (func $weights (param i32 i64 i32) (result i64)
        i32.const 9 local.set 0 i64.const 9 local.set 1
        local.get 0 i64.extend_i32_u local.get 1 i64.add local.get 2 i64.extend_i32_u i64.add)
      (func (export "direct") (param i32 i64) (result i64)
        local.get 0 local.get 1 i32.const 7 call $mix)
      (func (export "mixed") (param i32 i64) (result i64)
        local.get 0 i32.const 1 i32.add local.get 1 local.get 0 call $mix)
      (func (export "constants") (result i64)
        i32.const 3 i64.const 4 i32.const 5 call $mix)
      (func (export "indirect") (param i32 i32 i64) (result i64)
        local.get 1 local.get 2 i32.const 6 local.get 0 call_indirect (type $three))
      (func (export "keepsLocals") (param i32 i64) (result i64)
        local.get 0 local.get 1 local.get 0 i32.const 1 call_indirect (type $three)
        local.get 0 i64.extend_i32_u i64.add local.get 1 i64.add)
      ;; three copies, one copy and a constant (either order), two copies and a constant: the
      ;; direct call's other short forms (callMoves3, callMoves1Const, callMoves2Const)
      (func $weigh3 (param i32 i32 i32) (result i32)
        local.get 0 i32.const 100 i32.mul local.get 1 i32.const 10 i32.mul i32.add local.get 2 i32.add)
      (func (export "shapes") (param i32 i32 i32) (result i32)
        local.get 0 local.get 1 local.get 2 call $weigh3
        local.get 2 i32.const 7 call $tens i32.add
        i32.const 4 local.get 0 call $tens i32.add
        local.get 1 local.get 0 i32.const 5 call $weigh3 i32.add)
      (func (export "loop") (param i32) (result i64) (local i64)
        loop
          local.get 0 local.get 1 i32.const 1 call $mix local.set 1
          local.get 0 i32.const 1 i32.sub local.tee 0
          br_if 0
        end
        local.get 1)
    )
    """

    func call(_ name: String, _ args: [Value]) throws -> [Value] {
        try TestModules.call(wat: Self.text, name, args)
    }

    @Test func argumentsReachTheirParameters() throws {
        #expect(try call("direct", [.i32(2), .i64(3)]) == [.i64(2037)])
        #expect(try call("mixed", [.i32(2), .i64(3)]) == [.i64(3032)])
        #expect(try call("constants", []) == [.i64(3045)])
        #expect(try call("indirect", [.i32(0), .i32(4), .i64(5)]) == [.i64(4056)])
        // double(3) + double(4) + tens(3, 4) + tens(4, 3)
        #expect(try call("short", [.i32(3), .i32(4)]) == [.i32(6 + 8 + 34 + 43)])
        // weigh3(1, 2, 3) + tens(3, 7) + tens(4, 1) + weigh3(2, 1, 5)
        #expect(try call("shapes", [.i32(1), .i32(2), .i32(3)]) == [.i32(123 + 37 + 41 + 215)])
    }

    @Test func theCalleeWritesItsOwnSlots() throws {
        // $weights returns 9 + 9 + c; the caller then adds its own (unchanged) locals.
        #expect(try call("keepsLocals", [.i32(2), .i64(3)]) == [.i64(9 + 9 + 2 + 2 + 3)])
    }

    @Test func repeatedCallsInALoop() throws {
        // Each turn: x = n*1000 + x*10 + 1, for n = 3, 2, 1.
        #expect(try call("loop", [.i32(3)]) == [.i64(((3000 + 1) * 10 + 2001) * 10 + 1001)])
    }

    @Test func aTrappingIndirectCallStillTraps() throws {
        #expect(throws: TrapCode.self) { try call("indirect", [.i32(5), .i32(4), .i64(5)]) }
    }
}
