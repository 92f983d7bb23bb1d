import Foundation
import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Arithmetic pairs fused into one instruction (`TranslatorBody.fuseResult`) compute what the two
/// instructions compute apart: `testsuite/cli/pairs.wat` (written by
/// `Utilities/gen_pair_tests.py`) runs every fused shape against an unfused reference on 2000
/// pseudo-random inputs each. Unit tests run the run loop's switch; `make cli-test` runs the
/// same file in the release build, where the threaded handlers run it.
struct FusedPairTests {
    static let file = SharedSuite.repositoryRoot.appendingPathComponent("testsuite/cli/pairs.wat")

    /// A store with the module in `text` instantiated (no imports).
    static func instantiate(_ text: String) throws -> (Store, Instance) {
        let module = try validateModule(try decodeModule(try parseWAT(text)))
        let store = Store()
        return (store, try store.instantiate(module, imports: { _, _ in nil }))
    }

    @Test func everyFusedPairMatchesItsReference() throws {
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        let (store, instance) = try Self.instantiate(text)
        var checked = 0
        var index = 0
        while let check = instance.exportedFunction("check\(index)") {
            #expect(try store.invoke(check, []) == [.i32(0)], "check\(index) in pairs.wat")
            checked += 1
            index += 1
        }
        #expect(checked >= 100)
    }

    /// The fused shapes are really fused: the translated code of `fused0` (xor then xor) is one
    /// instruction shorter than its reference's.
    @Test func fusedShapeIsTranslatedToOneInstruction() throws {
        let text = """
        (module
          (func (export "fused") (param i32 i32 i32) (result i32)
            local.get 0 local.get 1 i32.xor local.get 2 i32.xor)
          (func (export "apart") (param i32 i32 i32) (result i32) (local i32)
            local.get 0 local.get 1 i32.xor local.set 3 local.get 3 local.get 2 i32.xor))
        """
        let (store, instance) = try Self.instantiate(text)
        let fused = try #require(instance.exportedFunction("fused"))
        let apart = try #require(instance.exportedFunction("apart"))
        #expect(try store.invoke(fused, [.i32(6), .i32(3), .i32(1)]) == [.i32(4)])
        #expect(try store.invoke(apart, [.i32(6), .i32(3), .i32(1)]) == [.i32(4)])
        let fusedCode = try #require(store.functions[fused.index].compiled?.count)
        let apartCode = try #require(store.functions[apart.index].compiled?.count)
        // fused: i32XorThenI32Xor (3 words) + ret; apart: i32Xor (2) + i32Xor (2) + ret.
        #expect(fusedCode < apartCode)
    }

    /// A load whose result feeds `f64.add` becomes one instruction (5 words, against 4 + 2).
    @Test func loadFeedingArithmeticIsTranslatedToOneInstruction() throws {
        let text = """
        (module
          (memory 1)
          (func (export "fused") (param i32 f64) (result f64)
            local.get 0 f64.load offset=8 local.get 1 f64.add)
          (func (export "apart") (param i32 f64) (result f64) (local f64)
            local.get 0 f64.load offset=8 local.set 2 local.get 2 local.get 1 f64.add))
        """
        let (store, instance) = try Self.instantiate(text)
        let fused = try #require(instance.exportedFunction("fused"))
        let apart = try #require(instance.exportedFunction("apart"))
        #expect(try store.invoke(fused, [.i32(0), .f64(2.5.bitPattern)]) == [.f64(2.5.bitPattern)])
        #expect(try store.invoke(apart, [.i32(0), .f64(2.5.bitPattern)]) == [.f64(2.5.bitPattern)])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try store.invoke(fused, [.i32(65_521), .f64(0)]) }
        let fusedCode = try #require(store.functions[fused.index].compiled?.count)
        let apartCode = try #require(store.functions[apart.index].compiled?.count)
        #expect(fusedCode < apartCode)
    }

    /// `*p += c` (a load fused with its `f64.add`, stored back to the same address) is one
    /// instruction; a store whose address local was rewritten after the store's address was
    /// pushed writes to the old address; an access out of bounds traps before writing.
    @Test func storeBackToTheLoadedAddress() throws {
        let text = """
        (module
          (memory 1)
          (func (export "addTo") (param i32 f64)
            local.get 0 local.get 0 f64.load offset=8 local.get 1 f64.add f64.store offset=8)
          (func (export "addToApart") (param i32 f64) (local f64)
            local.get 0 f64.load offset=8 local.set 2
            local.get 0 local.get 2 local.get 1 f64.add f64.store offset=8)
          ;; Stores mem[p] + c at the old p after p moved on by 8: mem[old] = mem[old + 8] + c.
          (func (export "moved") (param i32 f64)
            local.get 0
            local.get 0 i32.const 8 i32.add local.set 0
            local.get 0 f64.load local.get 1 f64.add f64.store)
          (func (export "read") (param i32) (result f64) local.get 0 f64.load offset=8)
          (func (export "write") (param i32 f64) local.get 0 local.get 1 f64.store offset=8))
        """
        let (store, instance) = try Self.instantiate(text)
        let addTo = try #require(instance.exportedFunction("addTo"))
        let apart = try #require(instance.exportedFunction("addToApart"))
        let moved = try #require(instance.exportedFunction("moved"))
        let read = try #require(instance.exportedFunction("read"))
        let write = try #require(instance.exportedFunction("write"))
        _ = try store.invoke(write, [.i32(16), .f64(1.5.bitPattern)])
        _ = try store.invoke(addTo, [.i32(16), .f64(2.0.bitPattern)])
        #expect(try store.invoke(read, [.i32(16)]) == [.f64(3.5.bitPattern)])
        _ = try store.invoke(apart, [.i32(16), .f64(2.0.bitPattern)])
        #expect(try store.invoke(read, [.i32(16)]) == [.f64(5.5.bitPattern)])
        // moved(8): mem[8] = mem[16] + 1 (mem[16] is the word at 16 + 8 = 24 - 8: `read(8)`).
        _ = try store.invoke(write, [.i32(8), .f64(10.0.bitPattern)])
        _ = try store.invoke(moved, [.i32(8), .f64(1.0.bitPattern)])
        #expect(try store.invoke(read, [.i32(0)]) == [.f64(11.0.bitPattern)])
        #expect(try store.invoke(read, [.i32(8)]) == [.f64(10.0.bitPattern)])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try store.invoke(addTo, [.i32(65_521), .f64(0)]) }
        let fusedCode = try #require(store.functions[addTo.index].compiled?.count)
        let apartCode = try #require(store.functions[apart.index].compiled?.count)
        // addTo: the store-back form (5 words) + ret; apart: f64Load (4), f64Add (2), f64Store (4), ret.
        #expect(fusedCode == 6)
        #expect(fusedCode < apartCode)
    }

    /// `*p -= a * b` with *p loaded first becomes one instruction when only f64 arithmetic runs
    /// between the load and the store; a store to p between them, or an instruction that can
    /// trap, keeps the load where it was (the value loaded before the store is used; the load's
    /// trap comes first).
    @Test func productIntoMemory() throws {
        let text = """
        (module
          (memory 1)
          (func (export "subProduct") (param i32 f64 f64)
            local.get 0 local.get 0 f64.load local.get 1 f64.const 2 f64.mul local.get 2 f64.mul f64.sub f64.store)
          (func (export "subProductApart") (param i32 f64 f64) (local f64)
            local.get 0 f64.load local.set 3
            local.get 0 local.get 3 local.get 1 f64.const 2 f64.mul local.get 2 f64.mul f64.sub f64.store)
          ;; *p = old *p - a * b after *p was set to 100 in between: the old value counts.
          (func (export "storeBetween") (param i32 f64 f64)
            local.get 0 local.get 0 f64.load
            local.get 0 f64.const 100 f64.store
            local.get 1 local.get 2 f64.mul f64.sub f64.store)
          ;; p out of bounds and a division by zero between: the load traps first.
          (func (export "trapBetween") (param i32 f64 i32)
            local.get 0 local.get 0 f64.load
            i32.const 1 local.get 2 i32.div_s f64.convert_i32_s local.get 1 f64.mul f64.sub f64.store)
          (func (export "read") (param i32) (result f64) local.get 0 f64.load)
          (func (export "write") (param i32 f64) local.get 0 local.get 1 f64.store))
        """
        let (store, instance) = try Self.instantiate(text)
        let fused = try #require(instance.exportedFunction("subProduct"))
        let apart = try #require(instance.exportedFunction("subProductApart"))
        let between = try #require(instance.exportedFunction("storeBetween"))
        let trapping = try #require(instance.exportedFunction("trapBetween"))
        let read = try #require(instance.exportedFunction("read"))
        let write = try #require(instance.exportedFunction("write"))
        _ = try store.invoke(write, [.i32(8), .f64(10.0.bitPattern)])
        _ = try store.invoke(fused, [.i32(8), .f64(1.5.bitPattern), .f64(2.0.bitPattern)])
        #expect(try store.invoke(read, [.i32(8)]) == [.f64(4.0.bitPattern)])
        _ = try store.invoke(apart, [.i32(8), .f64(1.5.bitPattern), .f64(2.0.bitPattern)])
        #expect(try store.invoke(read, [.i32(8)]) == [.f64((-2.0).bitPattern)])
        _ = try store.invoke(between, [.i32(8), .f64(1.0.bitPattern), .f64(3.0.bitPattern)])
        #expect(try store.invoke(read, [.i32(8)]) == [.f64((-5.0).bitPattern)])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) {
            _ = try store.invoke(trapping, [.i32(65_530), .f64(1.0.bitPattern), .i32(0)])
        }
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) {
            _ = try store.invoke(fused, [.i32(65_530), .f64(0), .f64(0)])
        }
        let fusedCode = try #require(store.functions[fused.index].compiled?.count)
        let apartCode = try #require(store.functions[apart.index].compiled?.count)
        // subProduct: f64MulImm (3 words), then the product-into-memory form (5) and ret.
        #expect(fusedCode == 9)
        #expect(fusedCode < apartCode)
    }
}
