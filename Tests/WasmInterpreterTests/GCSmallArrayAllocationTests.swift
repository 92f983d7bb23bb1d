import Testing
import WasmBinary
import WasmText
@testable import WasmInterpreter

/// `array.new`, `array.new_default` and `array.new_fixed` of arrays whose elements take 1 ... 8
/// slots first try the threaded `arrayNewSmall`, `arrayNewSmallDefault` and
/// `arrayNewFixedSmall` (GCAllocation.swift), which reuse what a collection freed: their arrays
/// hold what the general instructions put there for every element width.
@Suite struct GCSmallArrayAllocationTests {
    static let text = """
        (module
          (type $i8s (array (mut i8)))
          (type $i16s (array (mut i16)))
          (type $i32s (array (mut i32)))
          (type $i64s (array (mut i64)))
          (type $f64s (array (mut f64)))
          (type $block (array (mut (ref null eq))))
          ;; For each k = n ... 1, fixed arrays of three elements of each width (from values whose
          ;; slots have high bits set) and an OCaml-style block of i31s; the sum of what they hold.
          (func (export "fixed") (param $n i32) (result i64)
            (local $sum i64) (local $wide i64) (local $v i32)
            (local $b (ref $i8s)) (local $h (ref $i16s)) (local $w (ref $i32s)) (local $d (ref $i64s))
            (local $o (ref $block))
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $wide (i64.or (i64.const 0x3333_0000_0000_0000) (i64.extend_i32_u (i32.mul (local.get $n) (i32.const 40503)))))
              (local.set $v (i32.wrap_i64 (local.get $wide)))
              (local.set $b (array.new_fixed $i8s 3 (local.get $v) (i32.const -1) (i32.wrap_i64 (local.get $wide))))
              (local.set $h (array.new_fixed $i16s 3 (local.get $v) (i32.const 7) (local.get $v)))
              (local.set $w (array.new_fixed $i32s 3 (local.get $v) (local.get $v) (i32.const 1)))
              (local.set $d (array.new_fixed $i64s 3 (local.get $wide) (i64.const 2) (local.get $wide)))
              (local.set $o (array.new_fixed $block 2 (ref.i31 (local.get $n)) (ref.null eq)))
              (local.set $sum (i64.add (local.get $sum) (i64.add
                (i64.add
                  (i64.add (i64.extend_i32_s (array.get_s $i8s (local.get $b) (i32.const 2)))
                           (i64.extend_i32_s (array.get_s $i8s (local.get $b) (i32.const 1))))
                  (i64.add (i64.extend_i32_u (array.get_u $i16s (local.get $h) (i32.const 0)))
                           (i64.extend_i32_u (array.get $i32s (local.get $w) (i32.const 1)))))
                (i64.add
                  (i64.shr_u (array.get $i64s (local.get $d) (i32.const 2)) (i64.const 48))
                  (i64.add (i64.extend_i32_u (i31.get_u (ref.cast (ref i31) (array.get $block (local.get $o) (i32.const 0)))))
                           (i64.extend_i32_u (ref.is_null (array.get $block (local.get $o) (i32.const 1)))))))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $sum))
          ;; For each k = n ... 1, arrays of k % 20 elements of each width made from a value whose
          ;; slot has high bits set (and one default array); the sum of every element read back
          ;; and of every length.
          (func (export "churn") (param $n i32) (result i64)
            (local $count i32) (local $i i32) (local $sum i64) (local $wide i64)
            (local $b (ref $i8s)) (local $h (ref $i16s)) (local $w (ref $i32s)) (local $d (ref $i64s))
            (local $f (ref $f64s)) (local $z (ref $i32s))
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $count (i32.rem_u (local.get $n) (i32.const 20)))
              (local.set $wide (i64.or (i64.const 0x5555_0000_0000_0000) (i64.extend_i32_u (i32.mul (local.get $n) (i32.const 65599)))))
              (local.set $b (array.new $i8s (i32.wrap_i64 (local.get $wide)) (local.get $count)))
              (local.set $h (array.new $i16s (i32.wrap_i64 (local.get $wide)) (local.get $count)))
              (local.set $w (array.new $i32s (i32.wrap_i64 (local.get $wide)) (local.get $count)))
              (local.set $d (array.new $i64s (local.get $wide) (local.get $count)))
              (local.set $f (array.new $f64s (f64.convert_i32_u (local.get $n)) (local.get $count)))
              (local.set $z (array.new_default $i32s (local.get $count)))
              (local.set $i (i32.const 0))
              (block $read (loop $element
                (br_if $read (i32.ge_u (local.get $i) (local.get $count)))
                (local.set $sum (i64.add (local.get $sum)
                  (i64.add
                    (i64.add (i64.extend_i32_s (array.get_s $i8s (local.get $b) (local.get $i)))
                             (i64.extend_i32_u (array.get_u $i16s (local.get $h) (local.get $i))))
                    (i64.add
                      (i64.add (i64.extend_i32_u (array.get $i32s (local.get $w) (local.get $i)))
                               (i64.shr_u (array.get $i64s (local.get $d) (local.get $i)) (i64.const 48)))
                      (i64.add (i64.trunc_f64_u (array.get $f64s (local.get $f) (local.get $i)))
                               (i64.extend_i32_u (array.get $i32s (local.get $z) (local.get $i))))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $element)))
              (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (i32.add
                (i32.add (array.len (local.get $b)) (array.len (local.get $h)))
                (i32.add (array.len (local.get $w)) (array.len (local.get $z)))))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $sum)))
        """

    /// What `churn(n)` returns (see the module).
    static func churnSum(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        for k in 1 ... n {
            let count = UInt64(k % 20)
            let low = UInt32(truncatingIfNeeded: k &* 65_599)
            let perElement = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: low))) &+ UInt64(UInt16(truncatingIfNeeded: low))
                &+ UInt64(low) &+ 0x5555 &+ UInt64(k)
            sum = sum &+ count &* perElement &+ 4 &* count
        }
        return sum
    }

    /// What `fixed(n)` returns (see the module).
    static func fixedSum(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        for k in 1 ... n {
            let low = UInt32(truncatingIfNeeded: k &* 40_503)
            let part = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: low))) &- 1 &+ UInt64(UInt16(truncatingIfNeeded: low))
                &+ UInt64(low) &+ 0x3333 &+ UInt64(k) &+ 1
            sum = sum &+ part
        }
        return sum
    }

    /// `churn` (`array.new`, `array.new_default`) and `fixed` (`array.new_fixed`), with a
    /// collection every 64 KiB (the threaded allocations reuse what each freed) and before every
    /// allocation (they never run).
    @Test(arguments: ["churn", "fixed"], [64 << 10, 0])
    func arraysHoldWhatTheGeneralPathWouldPut(function: String, collectionBytes: Int) throws {
        var configuration = StoreConfiguration()
        configuration.gcCollectionBytes = collectionBytes
        let store = Store(configuration: configuration)
        let instance = try TestModules.instantiate(try parseWAT(Self.text), in: store)
        guard let export = instance.exportedFunction(function) else { throw TrapCode.hostTrap("no \(function)") }
        let n = collectionBytes == 0 ? 300 : 20_000
        let want = function == "churn" ? Self.churnSum(n) : Self.fixedSum(n)
        #expect(try store.invoke(export, [.i32(UInt32(n))]) == [.i64(want)])
        #expect(store.gcStatistics.collections > 5)
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 0)
        #expect(store.gcStatistics.usedBytes == 0)
    }
}
