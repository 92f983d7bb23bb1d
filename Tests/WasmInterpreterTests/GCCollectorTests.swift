import Testing
import WasmBinary
import WasmText
@testable import WasmInterpreter

/// The GC heap's collector: garbage is freed so long allocation loops run in a small heap, and
/// everything reachable survives, from every kind of root (frames of the running and of
/// waiting executions, globals, tables, element segments, exceptions, objects' fields, values
/// a host holds). Each root test also runs with a collection before every allocation.
@Suite struct GCCollectorTests {
    static let text = """
        (module
          (type $node (struct (field i32) (field (mut (ref null $node)))))
          (type $nodes (array (mut (ref null $node))))
          (type $bytes (array (mut i8)))
          (import "host" "call_back" (func $call_back (param i32)))
          (import "host" "keep" (func $keep (param anyref)))
          (import "host" "give" (func $give (result anyref)))
          (import "host" "wait" (func $wait))
          (tag $thrown (param (ref $node)))
          (global $list (mut (ref null $node)) (ref.null $node))
          (table $table 4 anyref)
          (elem $segment (ref $node) (item (struct.new $node (i32.const 77) (ref.null $node))))

          ;; n nodes whose values are 1..n, the last made first in the list.
          (func $build (export "build") (param $n i32) (result (ref null $node))
            (local $list (ref null $node)) (local $i i32)
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (local.set $list (struct.new $node (local.get $i) (local.get $list)))
              (br $next)))
            (local.get $list))
          (func $sum (export "sum") (param $list (ref null $node)) (result i32)
            (local $total i32)
            (block $done (loop $next
              (br_if $done (ref.is_null (local.get $list)))
              (local.set $total (i32.add (local.get $total) (struct.get $node 0 (local.get $list))))
              (local.set $list (struct.get $node 1 (local.get $list)))
              (br $next)))
            (local.get $total))
          ;; n structs and n 100-byte arrays made and dropped at once.
          (func $churn (export "churn") (param $n i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (drop (struct.new $node (local.get $n) (ref.null $node)))
              (drop (array.new_default $bytes (i32.const 100)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next))))

          (func (export "in_global") (param $n i32) (param $garbage i32) (result i32)
            (global.set $list (call $build (local.get $n)))
            (call $churn (local.get $garbage))
            (call $sum (global.get $list)))
          (func (export "clear_global") (global.set $list (ref.null $node)))
          ;; The list lives only in this frame's local while the callee churns.
          (func (export "in_local") (param $n i32) (param $garbage i32) (result i32)
            (local $list (ref null $node))
            (local.set $list (call $build (local.get $n)))
            (call $churn (local.get $garbage))
            (call $sum (local.get $list)))
          ;; The list is an operand on the stack (an argument not yet passed) while churning.
          (func (export "on_stack") (param $n i32) (param $garbage i32) (result i32)
            (call $sum (call $build (local.get $n)) (call $churn (local.get $garbage))))
          (func (export "in_table") (param $n i32) (param $garbage i32) (result i32)
            (table.set $table (i32.const 2) (call $build (local.get $n)))
            (call $churn (local.get $garbage))
            (call $sum (ref.cast (ref null $node) (table.get $table (i32.const 2)))))
          ;; Ten lists in an array, then their sums added.
          (func (export "in_array") (param $n i32) (param $garbage i32) (result i32)
            (local $lists (ref $nodes)) (local $i i32) (local $total i32)
            (local.set $lists (array.new_default $nodes (i32.const 10)))
            (block $done (loop $next
              (br_if $done (i32.eq (local.get $i) (i32.const 10)))
              (array.set $nodes (local.get $lists) (local.get $i) (call $build (local.get $n)))
              (call $churn (i32.const 10))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
            (call $churn (local.get $garbage))
            (local.set $i (i32.const 0))
            (block $done (loop $next
              (br_if $done (i32.eq (local.get $i) (i32.const 10)))
              (local.set $total (i32.add (local.get $total)
                (call $sum (array.get $nodes (local.get $lists) (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
            (local.get $total))
          ;; The struct made at instantiation lives only in the element segment.
          (func (export "from_segment") (param $garbage i32) (result i32)
            (call $churn (local.get $garbage))
            (struct.get $node 0 (array.get $nodes (array.new_elem $nodes $segment (i32.const 0) (i32.const 1)) (i32.const 0))))
          ;; The list lives only in a caught exception held as an exnref.
          (func (export "in_exception") (param $n i32) (param $garbage i32) (result i32)
            (local $exception exnref)
            (local.set $exception
              (block $caught (result exnref)
                (try_table (catch_all_ref $caught) (throw $thrown (ref.as_non_null (call $build (local.get $n)))))
                (unreachable)))
            (call $churn (local.get $garbage))
            (call $sum
              (block $again (result (ref $node))
                (try_table (catch $thrown $again) (throw_ref (local.get $exception)))
                (unreachable))))
          ;; The list lives in this frame while a host function calls back into `churn`.
          (func (export "across_host_call") (param $n i32) (param $garbage i32) (result i32)
            (local $list (ref null $node))
            (local.set $list (call $build (local.get $n)))
            (call $call_back (local.get $garbage))
            (call $sum (local.get $list)))
          ;; The list lives only in the host while the guest churns.
          (func (export "held_by_host") (param $n i32) (param $garbage i32) (result i32)
            (call $keep (call $build (local.get $n)))
            (call $churn (local.get $garbage))
            (call $sum (ref.cast (ref null $node) (call $give))))
          ;; The list lives in this frame while the execution waits, suspended.
          (func (export "across_suspension") (param $n i32) (result i32)
            (local $list (ref null $node))
            (local.set $list (call $build (local.get $n)))
            (call $wait)
            (call $sum (local.get $list)))
          (func (export "field") (param (ref null $node)) (result i32) (struct.get $node 0 (local.get 0)))
          (func (export "trap_holding") (param $n i32)
            (drop (call $build (local.get $n)))
            (unreachable)))
        """

    /// A store holding one instance of `text` with its host functions.
    final class Fixture {
        let store: Store
        var instance: Instance?
        /// What `keep` kept, for `give`.
        var kept: Value = .anyref(nil)

        init(stress: Bool = false, heapBytes: Int = 64 << 20) throws {
            var configuration = StoreConfiguration()
            configuration.maxGCHeapBytes = heapBytes
            configuration.gcCollectionBytes = stress ? 0 : 256 << 10
            // A collector that freed a list's node could make the list a cycle: then the test
            // traps instead of running forever.
            configuration.fuel = 5_000_000
            let store = Store(configuration: configuration)
            self.store = store
            let callBack = store.addHostFunction(type: FunctionType(parameters: [.i32], results: []), name: "call_back") {
                [unowned self] _, args throws(TrapCode) in
                _ = try self.call("churn", args)
                return .values([])
            }
            let anyref = ValueType.ref(RefType(nullable: true, heapType: .any))
            let keep = store.addHostFunction(type: FunctionType(parameters: [anyref], results: []), name: "keep") {
                [unowned self] _, args in
                self.kept = args.first ?? .anyref(nil)
                return .values([])
            }
            let give = store.addHostFunction(type: FunctionType(parameters: [], results: [anyref]), name: "give") {
                [unowned self] _, _ in
                defer { self.kept = .anyref(nil) }
                return .values([self.kept])
            }
            let wait = store.addHostFunction(type: FunctionType(parameters: [], results: []), name: "wait") { _, _ in .suspend }
            instance = try TestModules.instantiate(try parseWAT(GCCollectorTests.text), in: store, imports: [
                "host.call_back": .function(callBack), "host.keep": .function(keep), "host.give": .function(give),
                "host.wait": .function(wait),
            ])
        }

        func call(_ name: String, _ arguments: [Value] = []) throws(TrapCode) -> [Value] {
            guard let function = instance?.exportedFunction(name) else { throw TrapCode.hostTrap("no export \(name)") }
            return try store.invoke(function, arguments)
        }

        func function(_ name: String) throws -> FunctionAddress {
            try #require(instance?.exportedFunction(name))
        }
    }

    /// 1..100 adds up to 5050.
    static let listSum: Value = .i32(5050)

    @Test func garbageIsFreedSoALongLoopRunsInASmallHeap() throws {
        // 200,000 structs and 200,000 arrays (about 43 MB counted) in a heap of 4 MiB.
        let f = try Fixture(heapBytes: 4 << 20)
        _ = try f.call("churn", [.i32(200_000)])
        let statistics = f.store.gcStatistics
        #expect(statistics.collections > 10)
        #expect(statistics.usedBytes <= 4 << 20)
        #expect(statistics.liveObjects < 30_000)
        f.store.collectGarbage()
        // Only the element segment's struct is left.
        #expect(f.store.gcStatistics.liveObjects == 1)
    }

    @Test(arguments: [false, true])
    func objectsReachableFromEveryRootSurvive(stress: Bool) throws {
        let f = try Fixture(stress: stress)
        let garbage: Value = .i32(stress ? 300 : 20_000)
        for name in ["in_global", "in_local", "on_stack", "in_table", "in_exception", "across_host_call", "held_by_host"] {
            #expect(try f.call(name, [.i32(100), garbage]) == [Self.listSum], "\(name)")
        }
        #expect(try f.call("in_array", [.i32(100), garbage]) == [.i32(50_500)])
        #expect(try f.call("from_segment", [garbage]) == [.i32(77)])
        #expect(f.store.gcStatistics.collections > 0)
    }

    @Test(arguments: [false, true])
    func aSuspendedExecutionsFramesSurvive(stress: Bool) throws {
        let f = try Fixture(stress: stress)
        guard case .suspended(let waiting) = try f.store.start(try f.function("across_suspension"), [.i32(100)]) else {
            Issue.record("did not suspend")
            return
        }
        _ = try f.call("churn", [.i32(stress ? 300 : 20_000)])
        f.store.collectGarbage()
        guard case .finished(let values) = try waiting.resume(with: []) else {
            Issue.record("did not finish")
            return
        }
        #expect(values == [Self.listSum])
    }

    @Test func aValueTheHostHoldsKeepsItsObjectUntilItsLastCopyEnds() throws {
        let f = try Fixture(stress: true)
        var list: [Value]? = try f.call("build", [.i32(100)])
        var copy = list
        _ = try f.call("churn", [.i32(300)])
        #expect(try f.call("sum", list ?? []) == [Self.listSum])
        list = nil
        f.store.collectGarbage()
        #expect(try f.call("sum", copy ?? []) == [Self.listSum])
        copy = nil
        f.store.collectGarbage()
        // The segment's struct is all that is left.
        #expect(f.store.gcStatistics.liveObjects == 1)
    }

    @Test func objectsNothingHoldsAreFreedAndTheirIndicesRefused() throws {
        let f = try Fixture()
        var index = -1
        do {
            let list = try f.call("build", [.i32(100)])
            if case .anyref(.object(let address)?)? = list.first { index = address.index }
            #expect(try f.call("field", list) == [.i32(100)])
        }
        f.store.collectGarbage()
        // The segment's struct is all that is left.
        #expect(f.store.gcStatistics.liveObjects == 1)
        // An address made from the freed index is refused, not read.
        let stale = Value.anyref(.object(GCObjectAddress(index: index)))
        #expect(throws: TrapCode.self) { try f.call("field", [stale]) }
    }

    @Test func aTrappedExecutionHoldsNothing() throws {
        let f = try Fixture()
        for _ in 0 ..< 3 {
            #expect(throws: TrapCode.self) { try f.call("trap_holding", [.i32(1000)]) }
        }
        f.store.collectGarbage()
        #expect(f.store.gcStatistics.liveObjects == 1)
    }

    @Test func aLiveSetLargerThanTheHeapStillTraps() throws {
        let f = try Fixture(heapBytes: 1 << 20)
        // 100,000 nodes stay reachable: about 8 MB against 1 MiB.
        #expect(throws: TrapCode.gcHeapExhausted) { try f.call("in_global", [.i32(100_000), .i32(0)]) }
        // Once the global is cleared, the same heap runs long loops again.
        _ = try f.call("clear_global")
        _ = try f.call("churn", [.i32(50_000)])
    }
}
