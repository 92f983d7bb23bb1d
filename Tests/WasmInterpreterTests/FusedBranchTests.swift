import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// An `i32.add` fused with the conditional branch testing its result (`emitBranchHead`), a
/// subtraction of a constant translated as an add, and arithmetic with a constant left operand
/// (`immediateLeftForm`): the fused shapes translate to fewer words and compute what the
/// instructions compute apart, and a fused loop branch spends fuel as `br_if` does.
/// `testsuite/cli/pairs.wat` checks every form on random inputs.
struct FusedBranchTests {
    static let text = """
    (module
      ;; n down to 0: the step and the test of the loop are one instruction.
      (func (export "countdown") (param i32) (result i32) (local i32)
        loop
          local.get 1 local.get 0 i32.add local.set 1
          local.get 0 i32.const -1 i32.add local.tee 0
          br_if 0
        end
        local.get 1)
      (func (export "countdownApart") (param i32) (result i32) (local i32)
        loop
          local.get 1 local.get 0 i32.add local.set 1
          local.get 0 i32.const -1 i32.add local.set 0
          block end
          local.get 0
          br_if 0
        end
        local.get 1)
      ;; Counting up by a step in a local to a bound in a local, with i32.sub of a constant:
      ;; i += k - 1 while i < n (unsigned).
      (func (export "countUp") (param i32 i32) (result i32) (local i32 i32)
        loop
          local.get 3 i32.const 1 i32.add local.set 3
          local.get 2 local.get 0 i32.const 1 i32.sub i32.add local.tee 2
          local.get 1 i32.lt_u
          br_if 0
        end
        local.get 3)
      ;; The compare's other operand is the sum's own local: read before the add wrote it.
      (func (export "selfCompare") (param i32) (result i32)
        block
          local.get 0 i32.const 5 i32.add local.tee 0
          local.get 0 i32.ne
          br_if 0
          local.get 0 return
        end
        i32.const -1)
      (func (export "reciprocal") (param f64) (result f64)
        f64.const 1 local.get 0 f64.div)
      (func (export "reciprocalApart") (param f64) (result f64) (local f64)
        f64.const 1 local.set 1 local.get 1 local.get 0 f64.div)
      (func (export "negate") (param i32) (result i32)
        i32.const 0 local.get 0 i32.sub)
      (func (export "bit") (param i64) (result i64)
        i64.const 1 local.get 0 i64.shl)
      (func (export "minus") (param i32) (result i32)
        local.get 0 i32.const -2147483648 i32.sub)
    )
    """

    func instance(_ configuration: StoreConfiguration = StoreConfiguration()) throws -> (Store, Instance) {
        let module = try validateModule(try decodeModule(try parseWAT(Self.text)))
        let store = Store(configuration: configuration)
        return (store, try store.instantiate(module, imports: { _, _ in nil }))
    }

    func words(_ store: Store, _ f: FunctionAddress) throws -> Int {
        try #require(store.functions[f.index].compiled?.count)
    }

    @Test func anAddAndTheBranchTestingItAreOneInstruction() throws {
        let (store, instance) = try instance()
        let fused = try #require(instance.exportedFunction("countdown"))
        let apart = try #require(instance.exportedFunction("countdownApart"))
        #expect(try store.invoke(fused, [.i32(100)]) == [.i32(5050)])
        #expect(try store.invoke(apart, [.i32(100)]) == [.i32(5050)])
        // fused: i32Add, i32AddImmThenBrIfNonZero (3 words); apart: i32Add, i32AddImm (2),
        // brIfNonZero (2).
        #expect(try words(store, fused) < words(store, apart))
    }

    @Test func fusedBranchesCompute() throws {
        let (store, instance) = try instance()
        let countUp = try #require(instance.exportedFunction("countUp"))
        // i = 0; step 3: 3, 6, 9, 12 -> four turns to reach 10.
        #expect(try store.invoke(countUp, [.i32(4), .i32(10)]) == [.i32(4)])
        // The bound is unsigned: a step of 0x7fffffff reaches 0x80000000 >= 10 in one turn.
        #expect(try store.invoke(countUp, [.i32(0x8000_0000), .i32(10)]) == [.i32(1)])
        let selfCompare = try #require(instance.exportedFunction("selfCompare"))
        #expect(try store.invoke(selfCompare, [.i32(1)]) == [.i32(6)])
    }

    @Test func constantLeftOperands() throws {
        let (store, instance) = try instance()
        let reciprocal = try #require(instance.exportedFunction("reciprocal"))
        let apart = try #require(instance.exportedFunction("reciprocalApart"))
        #expect(try store.invoke(reciprocal, [.f64(4.0.bitPattern)]) == [.f64(0.25.bitPattern)])
        #expect(try store.invoke(reciprocal, [.f64((-0.0).bitPattern)]) == [.f64((-Double.infinity).bitPattern)])
        #expect(try store.invoke(apart, [.f64(4.0.bitPattern)]) == [.f64(0.25.bitPattern)])
        #expect(try words(store, reciprocal) < words(store, apart))
        let negate = try #require(instance.exportedFunction("negate"))
        #expect(try store.invoke(negate, [.i32(5)]) == [.i32(UInt32(bitPattern: -5))])
        #expect(try store.invoke(negate, [.i32(0x8000_0000)]) == [.i32(0x8000_0000)])
        let bit = try #require(instance.exportedFunction("bit"))
        #expect(try store.invoke(bit, [.i64(65)]) == [.i64(2)])
        let minus = try #require(instance.exportedFunction("minus"))
        #expect(try store.invoke(minus, [.i32(1)]) == [.i32(0x8000_0001)])
    }

    @Test func aFusedLoopBranchSpendsOneUnitOfFuelPerTurn() throws {
        // countdown(n) takes n - 1 backward branches, all through the fused form.
        var configuration = StoreConfiguration()
        configuration.fuel = 999
        let (store, instance) = try instance(configuration)
        let countdown = try #require(instance.exportedFunction("countdown"))
        #expect(try store.invoke(countdown, [.i32(1000)]) == [.i32(500_500)])
        #expect(store.remainingFuel == 0)
        store.remainingFuel = 998
        var stopped: TrapCode?
        do throws(TrapCode) { _ = try store.invoke(countdown, [.i32(1000)]) } catch { stopped = error }
        #expect(stopped?.description == "all fuel consumed")
    }
}
