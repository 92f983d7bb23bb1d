import Testing
import WasmBinary
import WasmText
@testable import WasmInterpreter

/// `struct.new` of a small struct (1 ... 8 slots, no descriptor) first tries the threaded
/// `structNewSmall` (GCAllocation.swift): a free index and a spare storage taken without the
/// store, which exist once a collection has freed some. Its structs hold what the general
/// `struct.new` would put there (packed and 32-bit fields keep only their bits), the heap's
/// byte count stays exact, and every index and storage it hands out is one the collector can
/// take back.
@Suite struct GCSmallStructAllocationTests {
    static let text = """
        (module
          (type $pair (struct (field (mut i8)) (field (mut i32)) (field (mut i64))))
          (type $node (struct (field (ref null $node)) (field i32)))
          (global $list (mut (ref null $node)) (ref.null $node))
          ;; n short-lived pairs made from values whose slots have high bits set; the sum of
          ;; what they hold, read back.
          (func (export "churn") (param $n i32) (result i64)
            (local $p (ref $pair)) (local $sum i64) (local $wide i64)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $wide (i64.or (i64.const 0x7777_0000_0000_0000) (i64.extend_i32_u (local.get $n))))
              (local.set $p (struct.new $pair (i32.wrap_i64 (local.get $wide)) (i32.wrap_i64 (local.get $wide))
                                              (local.get $wide)))
              (local.set $sum (i64.add (local.get $sum)
                (i64.add (i64.extend_i32_s (struct.get_s $pair 0 (local.get $p)))
                  (i64.add (i64.extend_i32_u (struct.get $pair 1 (local.get $p)))
                           (i64.and (struct.get $pair 2 (local.get $p)) (i64.const 0xFFFF_FFFF))))))
              (drop (struct.new_default $pair))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $sum))
          ;; A list of n nodes kept in a global, with garbage made between them.
          (func (export "build") (param $n i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (drop (struct.new $node (ref.null $node) (i32.const -1)))
              (global.set $list (struct.new $node (global.get $list) (local.get $n)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next))))
          ;; The sum of the list's values, and its length in the high half.
          (func (export "walk") (result i64)
            (local $at (ref null $node)) (local $sum i64)
            (local.set $at (global.get $list))
            (block $done (loop $next
              (br_if $done (ref.is_null (local.get $at)))
              (local.set $sum (i64.add (local.get $sum)
                (i64.add (i64.const 0x1_0000_0000) (i64.extend_i32_u (struct.get $node 1 (local.get $at))))))
              (local.set $at (struct.get $node 0 (local.get $at)))
              (br $next)))
            (local.get $sum))
          (func (export "drop_list") (global.set $list (ref.null $node))))
        """

    final class Fixture: InstanceFixture {
        let store: Store
        let instance: Instance

        init() throws {
            var configuration = StoreConfiguration()
            configuration.gcCollectionBytes = 64 << 10
            store = Store(configuration: configuration)
            instance = try TestModules.instantiate(try parseWAT(GCSmallStructAllocationTests.text), in: store)
        }
    }

    /// What `churn(n)` returns: for each k = n ... 1, the i8 field's signed value of k's low byte,
    /// plus k (the i32 field), plus k (the i64 field's low half).
    static func churnSum(_ n: Int) -> UInt64 {
        var sum: Int64 = 0
        for k in 1 ... n { sum += Int64(Int8(truncatingIfNeeded: k)) + Int64(k) + Int64(k) }
        return UInt64(bitPattern: sum)
    }

    @Test func structsHoldWhatTheGeneralPathWouldPut() throws {
        let f = try Fixture()
        #expect(try f.call("churn", [.i32(20_000)]) == [.i64(Self.churnSum(20_000))])
        #expect(f.store.gcStatistics.collections > 5)
        // Nothing is kept: a collection frees every pair, and the byte count goes back to zero.
        f.store.collectGarbage()
        #expect(f.store.gcStatistics.liveObjects == 0)
        #expect(f.store.gcStatistics.usedBytes == 0)
    }

    @Test func keptStructsSurviveAndTheByteCountStaysExact() throws {
        let f = try Fixture()
        try f.call("churn", [.i32(5_000)])  // spare storage and free indices to allocate from
        try f.call("build", [.i32(3_000)])
        #expect(try f.call("walk") == [.i64(3_000 << 32 + 3_000 * 3_001 / 2)])
        f.store.collectGarbage()
        let statistics = f.store.gcStatistics
        #expect(statistics.liveObjects == 3_000)
        #expect(statistics.usedBytes == 3_000 * (2 * 8 + GCHeap.objectOverhead))
        #expect(try f.call("walk") == [.i64(3_000 << 32 + 3_000 * 3_001 / 2)])
        try f.call("drop_list")
        f.store.collectGarbage()
        #expect(f.store.gcStatistics.liveObjects == 0)
        #expect(f.store.gcStatistics.usedBytes == 0)
    }
}
