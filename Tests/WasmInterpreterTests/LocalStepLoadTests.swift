import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// `p += k; *p`: a load from a local that an `i32.add` of a constant just wrote is one
/// instruction, which writes the local as the add did.
struct LocalStepLoadTests {
    static let text = """
    (module
      (memory 1)
      (data (i32.const 16) "\\01\\02\\03\\04\\05\\06\\07\\08")
      ;; through local.tee: returns *(p + 4) + (p + 4) * 1000
      (func (export "tee") (param $p i32) (result i32)
        (i32.load8_u (local.tee $p (i32.add (local.get $p) (i32.const 4))))
        (i32.mul (local.get $p) (i32.const 1000))
        i32.add)
      ;; through local.set and local.get, the same result
      (func (export "set") (param $p i32) (result i32)
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (i32.load8_u (local.get $p))
        (i32.mul (local.get $p) (i32.const 1000))
        i32.add)
      ;; the sum copied to another local first: not fused
      (func (export "apart") (param $p i32) (result i32) (local $q i32)
        (local.set $q (local.tee $p (i32.add (local.get $p) (i32.const 4))))
        (i32.load8_u (local.get $q))
        (i32.mul (local.get $p) (i32.const 1000))
        i32.add))
    """

    @Test func stepAndLoadAreOneInstructionThatWritesTheLocal() throws {
        let module = try validateModule(try decodeModule(try parseWAT(Self.text)))
        let store = Store()
        let instance = try store.instantiate(module, imports: { _, _ in nil })
        let tee = try #require(instance.exportedFunction("tee"))
        let set = try #require(instance.exportedFunction("set"))
        let apart = try #require(instance.exportedFunction("apart"))
        for function in [tee, set, apart] {
            #expect(try store.invoke(function, [.i32(14)]) == [.i32(18_000 + 3)])
            // -4 + 4 wraps to 0 (byte 0 is zero); 65,532 + 4 is the end of memory: a trap.
            #expect(try store.invoke(function, [.i32(UInt32.max - 3)]) == [.i32(0)])
            #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try store.invoke(function, [.i32(65_532)]) }
        }
        let teeCode = try #require(store.functions[tee.index].compiled?.count)
        let setCode = try #require(store.functions[set.index].compiled?.count)
        let apartCode = try #require(store.functions[apart.index].compiled?.count)
        // tee and set: i32Load8UPlusImmTee (5 words); apart: i32AddImm (2), copy1 (2), i32Load8U
        // (4). Unfused, tee would take 6 (i32AddImm and i32Load8U).
        #expect(apartCode - teeCode == 3)
        #expect(setCode == teeCode)
    }
}
