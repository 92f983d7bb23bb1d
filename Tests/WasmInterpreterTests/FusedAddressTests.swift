import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Loads and stores whose address is an `i32.add` are translated to one fused instruction
/// (`TranslatorBody.fuseAddress`), and so are those whose address is an `i32.shl` by a constant.
/// The fused computation must wrap at 32 bits as the `i32` instruction does,
/// keep the bounds check, and leave the add alone when its result has other readers or a
/// branch target lies between it and the access.
struct FusedAddressTests {
    static let text = """
    (module
      (memory 1)
      (func (export "wrapImm") (param $p i32) (result i32)
        local.get $p i32.const 12 i32.add i32.const 0x5eed i32.store
        local.get $p i32.const 16 i32.add i32.const 7 i32.store16 offset=2
        local.get $p i32.const 12 i32.add i32.load
        i32.const 12 i32.load16_u offset=2
        i32.add)
      (func (export "wrapSlots") (param $p i32) (param $q i32) (param $v i64) (result i64)
        local.get $p local.get $q i32.add local.get $v i64.store offset=8
        local.get $p local.get $q i32.add i64.load offset=8)
      (func (export "shifted") (param $i i32) (result i32)
        i32.const 8 i32.const 0x1234 i32.store
        local.get $i i32.const 34 i32.shl i32.const 0x77 i32.store8 offset=1
        local.get $i i32.const 2 i32.shl i32.load)
      (func (export "walk") (param $p i32) (param $n i32) (result i32) (local $sum i32) (local $i i32) (local $step i32)
        ;; words 1...n from p + 4, then read back through a pointer the loop advances:
        ;; tee with an immediate step, set + get with a step in a local, alternately.
        i32.const 4 local.set $step
        block loop
          local.get $i local.get $n i32.ge_u br_if 1
          local.get $p local.get $i i32.const 2 i32.shl i32.add local.get $i i32.const 1 i32.add i32.store offset=4
          local.get $i i32.const 1 i32.add local.set $i
          br 0
        end end
        i32.const 0 local.set $i
        block loop
          local.get $i local.get $n i32.ge_u br_if 1
          local.get $sum local.get $p i32.const 4 i32.add local.tee $p i32.load i32.add local.set $sum
          local.get $i i32.const 1 i32.add local.tee $i local.get $n i32.ge_u br_if 1
          local.get $p local.get $step i32.add local.set $p
          local.get $sum local.get $p i32.load i32.add local.set $sum
          local.get $i i32.const 1 i32.add local.set $i
          br 0
        end end
        local.get $sum local.get $p i32.const 16 i32.shl i32.or)
      (func (export "stepLoad") (param $p i32) (result i32)
        local.get $p i32.const 4 i32.add local.tee $p i32.load local.get $p i32.add)
      (func (export "load") (param $p i32) (result i32)
        local.get $p i32.const 8 i32.add i32.load)
      (func (export "teeKeepsSum") (param $p i32) (result i32)
        (local $a i32)
        local.get $p i32.const 4 i32.add local.tee $a i32.const 99 i32.store
        local.get $a i32.load local.get $a i32.add)
      (func (export "loopParam") (param $p i32) (result i32)
        (local $n i32)
        i32.const 3 local.set $n
        local.get $p i32.const 100 i32.add
        loop (param i32) (result i32)
          local.get $n i32.store8
          local.get $n i32.const 1 i32.sub local.tee $n
          local.get $p i32.const 100 i32.add local.get $n i32.add
          local.get $n
          br_if 0
          drop
        end
        drop
        local.get $p i32.const 100 i32.add i32.load)
    )
    """

    func call(_ name: String, _ args: [Value]) throws -> [Value] {
        try TestModules.call(wat: Self.text, name, args)
    }

    @Test func immediateSumWrapsAt32Bits() throws {
        // 0xFFFFFFFC + 12 = 8 and + 16 = 12 after wrapping.
        #expect(try call("wrapImm", [.i32(0xFFFF_FFFC)]) == [.i32(0x5EED + 7)])
        // Without wrapping: 0x5eed at 12, 7 at 18; the second load reads byte 14, which is 0.
        #expect(try call("wrapImm", [.i32(0)]) == [.i32(0x5EED)])
    }

    @Test func slotSumWrapsAt32Bits() throws {
        let v: UInt64 = 0x0123_4567_89AB_CDEF
        #expect(try call("wrapSlots", [.i32(0xFFFF_FF00), .i32(0x200), .i64(v)]) == [.i64(v)])
    }

    @Test func shiftedIndexWrapsAt32BitsAndMasksTheCount() throws {
        // 0x40000002 << 2 wraps to 8; a count of 34 shifts by 2. Byte 9 becomes 0x77.
        #expect(try call("shifted", [.i32(0x4000_0002)]) == [.i32(0x7734)])
        #expect(try call("shifted", [.i32(2)]) == [.i32(0x7734)])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try self.call("shifted", [.i32(0x3FFF_FFFF)]) }
    }

    /// Loads through a pointer a loop advances with `local.tee` or `local.set` + `local.get`.
    @Test func loadThroughAnAdvancedPointer() throws {
        // Sum 1...10 = 55; the pointer ends at p + 40 (in the high half).
        #expect(try call("walk", [.i32(100), .i32(10)]) == [.i32(55 | (140 << 16))])
        #expect(try call("walk", [.i32(0), .i32(1)]) == [.i32(1 | (4 << 16))])
        #expect(try call("stepLoad", [.i32(8)]) == [.i32(12)])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try self.call("stepLoad", [.i32(65_532)]) }
    }

    @Test func fusedAccessStillChecksBounds() throws {
        #expect(try call("load", [.i32(65_524)]) == [.i32(0)])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try self.call("load", [.i32(65_525)]) }
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try self.call("load", [.i32(0xFFFF_FFF0)]) }
    }

    @Test func sumWithAnotherReaderIsKept() throws {
        #expect(try call("teeKeepsSum", [.i32(20)]) == [.i32(99 + 24)])
    }

    @Test func sumBeforeALoopLabelIsKept() throws {
        // Bytes 3, 2, 1 at p+100, p+102, p+101 (the loop's address parameter changes per turn).
        #expect(try call("loopParam", [.i32(0)]) == [.i32(0x0002_0103)])
    }
}
