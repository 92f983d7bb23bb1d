import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// A branch testing bits (`x & c`, or `(x & c) == 0`, fused into `brIfI32AndImm` and
/// `brIfNotI32AndImm` by `popBitTest`) and an `i32.store` of the sum an `i32.add` of a constant
/// just computed (`i32AddImmThenStore`, `fuseComputedStore`): the fused shapes translate to
/// fewer words and compute what the instructions compute apart, a fused store that traps
/// writes nothing, and a fused backward branch spends fuel as `br_if` does.
/// `testsuite/cli/pairs.wat` checks every shape on random inputs in release builds.
struct BitTestAndComputedStoreTests {
    static let text = """
    (module
      (memory 1)
      (func (export "test") (param i32) (result i32)
        block (result i32) i32.const 10 local.get 0 i32.const 6 i32.and br_if 0 drop i32.const 20 end)
      (func (export "testApart") (param i32) (result i32) (local i32)
        block (result i32) i32.const 10 local.get 0 i32.const 6 i32.and local.set 1 local.get 1 br_if 0 drop i32.const 20 end)
      (func (export "testZero") (param i32) (result i32)
        block (result i32) i32.const 10 local.get 0 i32.const 6 i32.and i32.eqz br_if 0 drop i32.const 20 end)
      (func (export "testIf") (param i32) (result i32)
        local.get 0 i32.const 1 i32.and if (result i32) i32.const 1 else i32.const 2 end)
      (func (export "testIfZero") (param i32) (result i32)
        local.get 0 i32.const 1 i32.and i32.eqz if (result i32) i32.const 1 else i32.const 2 end)
      ;; The and's result is read twice: not fused.
      (func (export "testKept") (param i32) (result i32) (local i32)
        block (result i32) i32.const 10 local.get 0 i32.const 6 i32.and local.tee 1 br_if 0 drop local.get 1 end)
      ;; Counts the set bits of a byte, one backward branch on a bit test per bit.
      (func (export "bits") (param i32) (result i32) (local i32)
        local.get 0 i32.const 255 i32.and local.set 0
        block
          local.get 0 i32.eqz br_if 0
          loop
            local.get 1 local.get 0 i32.const 1 i32.and i32.add local.set 1
            local.get 0 i32.const 1 i32.shr_u local.tee 0
            i32.const 255 i32.and
            br_if 0
          end
        end
        local.get 1)
      ;; Py_DECREF's shape: *o = n = *o - 1; the sum kept in a local, which the branch tests.
      (func (export "decrement") (param $o i32) (result i32) (local $n i32)
        block
          local.get $o local.get $o i32.load i32.const -1 i32.add local.tee $n i32.store
          local.get $n br_if 0
          i32.const -1 return
        end
        local.get $n)
      (func (export "decrementApart") (param $o i32) (result i32) (local $n i32)
        block
          local.get $o local.get $o i32.load i32.const -1 i32.add local.set $n block end local.get $n i32.store
          local.get $n br_if 0
          i32.const -1 return
        end
        local.get $n)
      ;; Py_INCREF's shape: o[1] = n + 1, the sum on the operand stack.
      (func (export "increment") (param $o i32) (param $n i32)
        local.get $o local.get $n i32.const 1 i32.add i32.store offset=4)
      ;; The address is the sum's own local, read before the sum is written to it.
      (func (export "addressIsSum") (param $o i32) (result i32)
        local.get $o i32.const 8 i32.add local.set $o
        local.get $o local.get $o i32.const 8 i32.add local.tee $o i32.store
        local.get $o)
      (func (export "storeAt") (param $o i32) (param $n i32) (result i32)
        local.get $o local.get $n i32.const 5 i32.add local.tee $n i32.store
        local.get $n)
      (func (export "load") (param i32) (result i32) local.get 0 i32.load)
    )
    """

    @Test func aBranchOnBitsTestsThemItself() throws {
        let module = try WATInstance(Self.text)
        for x: UInt32 in [0, 1, 2, 4, 6, 7, 8, 0xFFFF_FFFF, 0x8000_0002] {
            let set = x & 6 != 0
            #expect(try module.call("test", [.i32(x)]) == [.i32(set ? 10 : 20)])
            #expect(try module.call("testApart", [.i32(x)]) == [.i32(set ? 10 : 20)])
            #expect(try module.call("testZero", [.i32(x)]) == [.i32(set ? 20 : 10)])
            #expect(try module.call("testIf", [.i32(x)]) == [.i32(x & 1 != 0 ? 1 : 2)])
            #expect(try module.call("testIfZero", [.i32(x)]) == [.i32(x & 1 != 0 ? 2 : 1)])
            #expect(try module.call("testKept", [.i32(x)]) == [.i32(set ? 10 : 0)])
            #expect(try module.call("bits", [.i32(x)]) == [.i32(UInt32((x & 255).nonzeroBitCount))])
        }
        // fused: brIfI32AndImm (3 words); apart: i32AndImm (2), brIfNonZero (2).
        #expect(try module.translatedWords("test") < module.translatedWords("testApart"))
    }

    @Test func aStoreOfASumComputesAndKeepsIt() throws {
        let module = try WATInstance(Self.text)
        // *16 = 2: decrement gives 1 (not zero: the branch is taken), then 0 (-1 returned).
        _ = try module.call("increment", [.i32(12), .i32(1)])
        #expect(try module.call("load", [.i32(16)]) == [.i32(2)])
        #expect(try module.call("decrement", [.i32(16)]) == [.i32(1)])
        #expect(try module.call("decrement", [.i32(16)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try module.call("load", [.i32(16)]) == [.i32(0)])
        #expect(try module.call("decrementApart", [.i32(16)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try module.call("load", [.i32(16)]) == [.i32(UInt32(bitPattern: -1))])
        // An unaligned address, and wrapping at 32 bits.
        _ = try module.call("increment", [.i32(29), .i32(6)])
        #expect(try module.call("load", [.i32(33)]) == [.i32(7)])
        _ = try module.call("increment", [.i32(29), .i32(0xFFFF_FFFF)])
        #expect(try module.call("load", [.i32(33)]) == [.i32(0)])
        // addressIsSum(100): o = 108; the address is read before the tee writes o again, so
        // *108 = 116.
        #expect(try module.call("addressIsSum", [.i32(100)]) == [.i32(116)])
        #expect(try module.call("load", [.i32(108)]) == [.i32(116)])
        #expect(try module.call("load", [.i32(116)]) == [.i32(0)])
        #expect(try module.call("storeAt", [.i32(40), .i32(2)]) == [.i32(7)])
        #expect(try module.call("load", [.i32(40)]) == [.i32(7)])
        #expect(try module.translatedWords("decrement") < module.translatedWords("decrementApart"))
    }

    @Test func aFusedStoreOutOfBoundsTrapsAndWritesNothing() throws {
        let module = try WATInstance(Self.text)
        let storeAt = try module.function("storeAt")
        for address: UInt32 in [65_533, 65_536, 0xFFFF_FFFF] {
            var trap: TrapCode?
            do throws(TrapCode) {
                _ = try module.store.invoke(storeAt, [.i32(address), .i32(1)])
            } catch {
                trap = error
            }
            #expect(trap?.description == "out of bounds memory access")
        }
        #expect(try module.call("load", [.i32(65_532)]) == [.i32(0)])
        #expect(try module.call("storeAt", [.i32(65_532), .i32(1)]) == [.i32(6)])
        #expect(try module.call("load", [.i32(65_532)]) == [.i32(6)])
    }

    @Test func aFusedBitTestLoopSpendsOneUnitOfFuelPerTurn() throws {
        // bits(255) takes 7 backward branches, all through the fused test.
        var configuration = StoreConfiguration()
        configuration.fuel = 7
        let module = try WATInstance(Self.text, configuration: configuration)
        #expect(try module.call("bits", [.i32(255)]) == [.i32(8)])
        #expect(module.store.remainingFuel == 0)
        module.store.remainingFuel = 6
        let bits = try module.function("bits")
        var stopped: TrapCode?
        do throws(TrapCode) {
            _ = try module.store.invoke(bits, [.i32(255)])
        } catch {
            stopped = error
        }
        #expect(stopped?.description == "all fuel consumed")
    }
}
