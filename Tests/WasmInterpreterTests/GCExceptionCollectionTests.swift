import Testing
import WasmBinary
import WasmText
@testable import WasmInterpreter

/// Thrown exceptions are collected as structs and arrays are: a loop that throws and keeps an
/// `exnref` for a moment (or leaves a legacy catch by a branch) runs in a bounded heap, every
/// exception something still reaches survives with its payload (from a global, a table, a
/// local, a struct, an array, another exception's payload, a host value), and exceptions count
/// against the GC heap's limit.
@Suite struct GCExceptionCollectionTests {
    static let text = """
        (module
          (type $box (struct (field (mut exnref))))
          (type $exns (array (mut exnref)))
          (tag $value (param i32))
          (tag $link (param i32 exnref))
          (global $kept (mut exnref) (ref.null exn))
          (table $table 2 exnref)

          ;; An exception of tag $value carrying v, caught as an exnref.
          (func $make (export "make") (param $v i32) (result exnref)
            (block $caught (result exnref)
              (try_table (catch_all_ref $caught) (throw $value (local.get $v)))
              (unreachable)))
          ;; What an exception of tag $value carries (rethrown and caught).
          (func $value_of (export "value_of") (param $e exnref) (result i32)
            (block $v (result i32)
              (try_table (catch $value $v) (throw_ref (local.get $e)))
              (unreachable)))
          ;; n exceptions made and dropped.
          (func $churn (export "churn") (param $n i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (drop (call $make (local.get $n)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next))))
          ;; n exceptions caught by a legacy catch that is left by a branch.
          (func (export "legacy_churn") (param $n i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (block $out
                (try (do (throw $value (local.get $n))) (catch $value (drop) (br $out))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next))))
          ;; n links, each an exception whose payload holds the next; the last carries v.
          (func $chain (export "chain") (param $n i32) (param $v i32) (result exnref)
            (local $e exnref)
            (local.set $e (call $make (local.get $v)))
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $e
                (block $caught (result exnref)
                  (try_table (catch_all_ref $caught) (throw $link (local.get $n) (local.get $e)))
                  (unreachable)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $e))
          ;; The value at the end of a chain.
          (func $unchain (export "unchain") (param $e exnref) (result i32)
            (loop $next
              (block $link (result i32 exnref)
                (return
                  (block $value (result i32)
                    (try_table (catch $value $value) (catch $link $link) (throw_ref (local.get $e)))
                    (unreachable))))
              (local.set $e)
              (drop)
              (br $next))
            (unreachable))

          (func (export "in_global") (param $v i32) (param $garbage i32) (result i32)
            (global.set $kept (call $make (local.get $v)))
            (call $churn (local.get $garbage))
            (call $value_of (global.get $kept)))
          (func (export "in_table") (param $v i32) (param $garbage i32) (result i32)
            (table.set $table (i32.const 1) (call $make (local.get $v)))
            (call $churn (local.get $garbage))
            (call $value_of (table.get $table (i32.const 1))))
          (func (export "in_local") (param $v i32) (param $garbage i32) (result i32)
            (local $e exnref)
            (local.set $e (call $make (local.get $v)))
            (call $churn (local.get $garbage))
            (call $value_of (local.get $e)))
          (func (export "in_struct") (param $v i32) (param $garbage i32) (result i32)
            (local $b (ref $box))
            (local.set $b (struct.new $box (call $make (local.get $v))))
            (call $churn (local.get $garbage))
            (call $value_of (struct.get $box 0 (local.get $b))))
          (func (export "in_array") (param $v i32) (param $garbage i32) (result i32)
            (local $a (ref $exns))
            (local.set $a (array.new $exns (call $make (local.get $v)) (i32.const 3)))
            (call $churn (local.get $garbage))
            (call $value_of (array.get $exns (local.get $a) (i32.const 2))))
          (func (export "in_chain") (param $n i32) (param $v i32) (param $garbage i32) (result i32)
            (global.set $kept (call $chain (local.get $n) (local.get $v)))
            (call $churn (local.get $garbage))
            (call $unchain (global.get $kept)))
          (func (export "clear")
            (global.set $kept (ref.null exn))
            (table.set $table (i32.const 1) (ref.null exn))))
        """

    /// A store holding one instance of `text`.
    final class Fixture: InstanceFixture {
        let store: Store
        let instance: Instance

        init(stress: Bool = false, heapBytes: Int = 64 << 20) throws {
            var configuration = StoreConfiguration()
            configuration.maxGCHeapBytes = heapBytes
            configuration.gcCollectionBytes = stress ? 0 : 64 << 10
            configuration.fuel = 50_000_000
            store = Store(configuration: configuration)
            instance = try TestModules.instantiate(try parseWAT(GCExceptionCollectionTests.text), in: store)
        }
    }

    @Test(arguments: ["churn", "legacy_churn"])
    func exceptionsNothingReachesAreFreed(loop: String) throws {
        let f = try Fixture()
        // 100,000 exceptions (about 10 MB counted) with a collection due every 64 KiB.
        _ = try f.call(loop, [.i32(100_000)])
        #expect(f.store.gcStatistics.collections > 10)
        #expect(f.store.gcStatistics.liveExceptions < 2_000)
        f.store.collectGarbage()
        #expect(f.store.gcStatistics.liveExceptions == 0)
        #expect(f.store.gcStatistics.usedBytes == 0)
    }

    @Test(arguments: [false, true])
    func exceptionsReachableFromEveryRootSurvive(stress: Bool) throws {
        let f = try Fixture(stress: stress)
        let garbage: Value = .i32(stress ? 200 : 5_000)
        for name in ["in_global", "in_table", "in_local", "in_struct", "in_array"] {
            #expect(try f.call(name, [.i32(42), garbage]) == [.i32(42)], "\(name)")
        }
        // 50 exceptions reached only through each other's payloads.
        #expect(try f.call("in_chain", [.i32(50), .i32(7), garbage]) == [.i32(7)])
        #expect(f.store.gcStatistics.collections > 0)
        _ = try f.call("clear")
        f.store.collectGarbage()
        #expect(f.store.gcStatistics.liveExceptions == 0)
    }

    @Test func anExceptionTheHostHoldsSurvivesUntilItsLastCopyEnds() throws {
        let f = try Fixture()
        var held: [Value]? = try f.call("make", [.i32(9)])
        var index = -1
        if case .exnref(let address?)? = held?.first { index = address.index }
        _ = try f.call("churn", [.i32(5_000)])
        f.store.collectGarbage()
        #expect(try f.call("value_of", held ?? []) == [.i32(9)])
        held = nil
        f.store.collectGarbage()
        #expect(f.store.gcStatistics.liveExceptions == 0)
        // An address made from the freed index is refused, not rethrown.
        #expect(throws: TrapCode.self) { try f.call("value_of", [.exnref(ExceptionAddress(index: index))]) }
    }

    @Test func exceptionsCountAgainstTheHeapLimit() throws {
        let f = try Fixture(heapBytes: 1 << 20)
        // 100,000 linked exceptions stay reachable: about 11 MB against 1 MiB.
        #expect(throws: TrapCode.gcHeapExhausted) { try f.call("in_chain", [.i32(100_000), .i32(1), .i32(0)]) }
        _ = try f.call("clear")
        _ = try f.call("churn", [.i32(50_000)])
        #expect(f.store.gcStatistics.usedBytes <= 1 << 20)
    }
}
