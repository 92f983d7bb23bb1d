import Testing
import WasmBinary
@testable import WasmInterpreter

/// A `br_if` on the value a plain `i32.load` or `i32.load8_u` just loaded becomes the load's
/// branch form (`ThreadedOp.loadBranchForm`): it still writes the value (to the local of a
/// `local.tee` too, even when that local is the address's own, as in `p = p->next`), traps out of
/// bounds as the load did, and spends fuel on a backward branch as `br_if` does.
/// `testsuite/cli/pairs.wat` checks the shapes on random memory in release builds.
struct LoadBranchTests {
    static let text = """
    (module
      (memory 1)
      (func (export "set") (param i32 i32) local.get 0 local.get 1 i32.store)
      (func (export "setByte") (param i32 i32) local.get 0 local.get 1 i32.store8)
      ;; How many nodes from p to the end of the list (a node's first word is the next node).
      (func (export "length") (param $p i32) (result i32) (local $n i32)
        local.get $p i32.eqz if i32.const 0 return end
        loop
          local.get $n i32.const 1 i32.add local.set $n
          local.get $p i32.load local.tee $p
          br_if 0
        end
        local.get $n)
      (func (export "lengthApart") (param $p i32) (result i32) (local $n i32)
        local.get $p i32.eqz if i32.const 0 return end
        loop
          local.get $n i32.const 1 i32.add local.set $n
          local.get $p i32.load local.set $p
          block end
          local.get $p
          br_if 0
        end
        local.get $n)
      ;; 1 when the byte at p + 1 is zero, else 2.
      (func (export "byteIsZero") (param i32) (result i32)
        block local.get 0 i32.load8_u offset=1 i32.eqz br_if 0 i32.const 2 return end i32.const 1)
    )
    """

    @Test func aBranchOnALoadedValueWalksAList() throws {
        let module = try WATInstance(Self.text)
        // 16 -> 32 -> 48 -> 0
        _ = try module.call("set", [.i32(16), .i32(32)])
        _ = try module.call("set", [.i32(32), .i32(48)])
        _ = try module.call("set", [.i32(48), .i32(0)])
        #expect(try module.call("length", [.i32(16)]) == [.i32(3)])
        #expect(try module.call("length", [.i32(48)]) == [.i32(1)])
        #expect(try module.call("lengthApart", [.i32(16)]) == [.i32(3)])
        #expect(try module.translatedWords("length") < module.translatedWords("lengthApart"))
        #expect(try module.call("byteIsZero", [.i32(100)]) == [.i32(1)])
        _ = try module.call("setByte", [.i32(101), .i32(0x80)])
        #expect(try module.call("byteIsZero", [.i32(100)]) == [.i32(2)])
    }

    @Test func aBranchingLoadOutOfBoundsTraps() throws {
        let module = try WATInstance(Self.text)
        _ = try module.call("set", [.i32(16), .i32(65_534)])
        for (name, address): (String, UInt32) in [("length", 16), ("byteIsZero", 65_535), ("byteIsZero", 0xFFFF_FFFF)] {
            let function = try module.function(name)
            var trap: TrapCode?
            do throws(TrapCode) {
                _ = try module.store.invoke(function, [.i32(address)])
            } catch {
                trap = error
            }
            #expect(trap?.description == "out of bounds memory access", "\(name)(\(address))")
        }
    }

    @Test func aBackwardBranchingLoadSpendsOneUnitOfFuelPerTurn() throws {
        var configuration = StoreConfiguration()
        configuration.fuel = 1_000
        let module = try WATInstance(Self.text, configuration: configuration)
        // 16 -> 32 -> 48 -> 0: two backward branches (the two `set` calls spend none).
        _ = try module.call("set", [.i32(16), .i32(32)])
        _ = try module.call("set", [.i32(32), .i32(48)])
        #expect(try module.call("length", [.i32(16)]) == [.i32(3)])
        #expect(module.store.remainingFuel == 998)
        // A node pointing to itself: the loop ends when the fuel does.
        _ = try module.call("set", [.i32(64), .i32(64)])
        module.store.remainingFuel = 50
        let length = try module.function("length")
        var stopped: TrapCode?
        do throws(TrapCode) {
            _ = try module.store.invoke(length, [.i32(64)])
        } catch {
            stopped = error
        }
        #expect(stopped?.description == "all fuel consumed")
    }
}
