;; Exercises the interpreter's threaded handlers in a release build (testsuite/cli/cli_tests.py):
;; long loops and many calls run in one native stack frame only if every handler's call to the
;; next one became a jump, and loads/stores whose address is an `i32.add` run fused.
(module
  (memory 17)
  (memory $small 1)
  (func $step (param i32) (result i32)
    local.get 0 i32.const 3 i32.mul i32.const 1 i32.add)
  ;; 10^7 iterations with a call each: x = 3x + 1 (mod 2^32), starting at 1.
  (func (export "loop_calls") (param $n i32) (result i32)
    (local $x i32)
    i32.const 1 local.set $x
    block
      loop
        local.get $n i32.eqz br_if 1
        local.get $x call $step local.set $x
        local.get $n i32.const 1 i32.sub local.set $n
        br 0
      end
    end
    local.get $x)
  ;; Recursion: sum 1..n through n nested calls.
  (func $sum (export "sum_rec") (param $n i32) (result i64)
    local.get $n i32.eqz
    if (result i64) i64.const 0
    else local.get $n i64.extend_i32_u local.get $n i32.const 1 i32.sub call $sum i64.add end)
  ;; Byte sieve over memory with fused store/load addresses: the number of primes below n.
  (func (export "primes") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    i32.const 2 local.set $i
    block
      loop
        local.get $i local.get $n i32.ge_u br_if 1
        i32.const 1024 local.get $i i32.add i32.load8_u
        i32.eqz
        if
          local.get $count i32.const 1 i32.add local.set $count
          local.get $i local.get $i i32.add local.set $j
          block
            loop
              local.get $j local.get $n i32.ge_u br_if 1
              i32.const 1024 local.get $j i32.add i32.const 1 i32.store8
              local.get $j local.get $i i32.add local.set $j
              br 0
            end
          end
        end
        local.get $i i32.const 1 i32.add local.set $i
        br 0
      end
    end
    local.get $count)
  ;; The fused add wraps at 32 bits as `i32.add` does: 0xFFFFFFFC + 12 is address 8.
  (func (export "wrap") (result i32)
    (local $p i32)
    i32.const 0xFFFFFFFC local.set $p
    local.get $p i32.const 12 i32.add i32.const 0x5eed i32.store
    local.get $p i32.const 16 i32.add i32.const 7 i32.store16 offset=2
    i32.const 8 i32.load
    i32.const 12 i32.load16_u offset=2
    i32.add)
  ;; A load whose address is a constant shift: 0x40000002 << 2 wraps to 8; a count of 34
  ;; shifts by 2.
  (func (export "shifted") (param $i i32) (result i32)
    i32.const 8 i32.const 0x1234 i32.store
    local.get $i i32.const 34 i32.shl i32.const 0x77 i32.store8 offset=1
    local.get $i i32.const 2 i32.shl i32.load)
  ;; A counted loop whose step and exit test run as one instruction (i += 3 while i < n,
  ;; unsigned): the number of turns.
  (func (export "count_up") (param $n i32) (result i32)
    (local $i i32) (local $turns i32)
    loop
      local.get $turns i32.const 1 i32.add local.set $turns
      local.get $i i32.const 3 i32.add local.tee $i local.get $n i32.lt_u br_if 0
    end
    local.get $turns)
  ;; The same fused form looping forever (i stays 0): only fuel or a deadline ends it.
  (func (export "spin_fused")
    (local $i i32)
    loop
      local.get $i i32.const 0 i32.add local.tee $i i32.const 5 i32.ne br_if 0
    end)
  ;; Without the wrap the address is out of bounds: 17 pages end at 1114112; 1114108 + 8 is past it.
  (func (export "oob") (result i32)
    (local $p i32)
    i32.const 1114108 local.set $p
    local.get $p i32.const 8 i32.add i32.load)
  ;; call_indirect in the handlers: n calls alternating between two functions of one type
  ;; (x = 3x + 1, then x = x xor n), and a callee of another type or an empty element traps.
  (type $step (func (param i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $step $flip)
  (func $flip (param i32) (result i32)
    local.get 0 i32.const 0x5a5a5a5a i32.xor)
  (func (export "indirect_calls") (param $n i32) (result i32)
    (local $x i32)
    i32.const 1 local.set $x
    block
      loop
        local.get $n i32.eqz br_if 1
        local.get $x local.get $n i32.const 1 i32.and call_indirect (type $step) local.set $x
        local.get $n i32.const 1 i32.sub local.set $n
        br 0
      end
    end
    local.get $x)
  (func (export "indirect_mismatch") (result i32)
    i32.const 0 call_indirect (result i32))
  (func (export "indirect_empty") (result i32)
    i32.const 7 i32.const 2 call_indirect (type $step))
  ;; Every call starts with its declared locals at zero, whatever an earlier frame left in those
  ;; slots: each level adds up its locals (0 if they were cleared), fills them, then recurses;
  ;; the second chain of n calls reuses the first one's slots. The result counts the levels
  ;; that found a local not zero.
  (func (export "fresh_locals") (param $n i32) (result i32)
    local.get $n call $fresh local.get $n call $fresh i32.add)
  (func $fresh (param $n i32) (result i32)
    (local $a i32) (local $b i64) (local $c f64) (local $d i32) (local $e i64) (local $f i32)
    (local $g i32)
    local.get $n i32.eqz
    if (result i32) i32.const 0
    else
      local.get $a local.get $d i32.or local.get $f i32.or local.get $g i32.or
      local.get $b local.get $e i64.or i32.wrap_i64 i32.or
      local.get $c f64.const 0 f64.ne i32.or
      i32.const 0 i32.ne
      i32.const 1 local.set $a i64.const 2 local.set $b f64.const 3 local.set $c
      i32.const 4 local.set $d i64.const 5 local.set $e i32.const 6 local.set $f i32.const 7 local.set $g
      local.get $n i32.const 1 i32.sub call $fresh
      i32.add
    end)
  ;; Vector lane loads and stores of memory 1 (multiple memories): the handlers reach only
  ;; memory 0, so these must run against memory 1's own bytes and bounds: lanes_small returns
  ;; 2 * (memory 0 at 100) + (memory 1 at 100) + (lane 2 loaded back from memory 1 at 100).
  (func (export "lanes_small") (result i32)
    (v128.store32_lane $small 1 (i32.const 100) (v128.const i32x4 0 0x11223344 0 0))
    (i32.mul (i32.load (i32.const 100)) (i32.const 2))
    (i32.load $small (i32.const 100))
    i32.add
    (i32x4.extract_lane 2 (v128.load32_lane $small 2 (i32.const 100) (v128.const i32x4 0 0 0 0)))
    i32.add)
  (func (export "lanes_small_oob") (result i32)
    (i32x4.extract_lane 0 (v128.load32_lane $small 0 (i32.const 70000) (v128.const i32x4 0 0 0 0))))
  (func (export "lanes_small_store_oob")
    (v128.store8_lane $small 0 (i32.const 65536) (v128.const i32x4 0 0 0 0)))
  ;; v128.load and v128.store with their address computed by i32.add (two values, or a value
  ;; and a constant) or i32.shl by a constant, fused in one instruction; the fused address
  ;; wraps at 32 bits as the i32.add did. With i = 64: [1 2 3 4] stored at i + 64, loaded
  ;; back from i + i, stored at i << 2, loaded from i + 192; then a vector stored at 16 and
  ;; loaded from 0xfffffff0 + 32 (wrapping to 16). Returns 1000 * lane 0 + 100 * lane 3 of the
  ;; first + lane 1 of the second: 1000 + 400 + 7.
  (func (export "v128_addresses") (param $i i32) (result i32)
    (local $v v128) (local $w i32)
    (v128.store (i32.add (local.get $i) (i32.const 64)) (v128.const i32x4 1 2 3 4))
    (local.set $v (v128.load (i32.add (local.get $i) (local.get $i))))
    (v128.store (i32.shl (local.get $i) (i32.const 2)) (local.get $v))
    (local.set $v (v128.load (i32.add (local.get $i) (i32.const 192))))
    (local.set $w (i32.const 0xfffffff0))
    (v128.store (i32.const 16) (v128.const i32x4 6 7 8 9))
    (i32.mul (i32x4.extract_lane 0 (local.get $v)) (i32.const 1000))
    (i32.mul (i32x4.extract_lane 3 (local.get $v)) (i32.const 100))
    i32.add
    (i32x4.extract_lane 1 (v128.load (i32.add (local.get $w) (i32.const 32))))
    i32.add)
  (func (export "v128_address_oob") (param $i i32) (result i32)
    (i32x4.extract_lane 0 (v128.load (i32.add (local.get $i) (i32.const 1114100)))))
  (func (export "v128_store_oob") (param $i i32)
    (v128.store (i32.shl (local.get $i) (i32.const 4)) (v128.const i32x4 0 0 0 0)))
  ;; Loads from a local an i32.add of a constant just wrote (p += k; *p), fused into one
  ;; instruction that also writes the local: through local.tee (i32.load, four bytes at a time)
  ;; and through local.set then local.get (i32.load8_s, one byte at a time) over n i32s
  ;; 3i - 50 stored at 4000; returns both sums plus the final p and q (the writes).
  (func (export "step_loads") (param $n i32) (result i32)
    (local $i i32) (local $p i32) (local $q i32) (local $sum i32) (local $k i32)
    (loop $fill
      (i32.store (i32.add (i32.const 4000) (i32.shl (local.get $i) (i32.const 2)))
                 (i32.sub (i32.mul (local.get $i) (i32.const 3)) (i32.const 50)))
      (br_if $fill (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.set $p (i32.const 3996))
    (local.set $i (i32.const 0))
    (loop $a
      (local.set $sum (i32.add (local.get $sum) (i32.load (local.tee $p (i32.add (local.get $p) (i32.const 4))))))
      (br_if $a (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.set $q (i32.const 3999))
    (local.set $k (i32.shl (local.get $n) (i32.const 2)))
    (loop $b
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (local.set $sum (i32.add (local.get $sum) (i32.load8_s (local.get $q))))
      (br_if $b (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (i32.add (local.get $sum) (i32.add (local.get $p) (local.get $q))))
  ;; The same step wrapping at 32 bits (-4 + 8 = 4), and one past the end of memory.
  (func (export "step_wrap") (result i32)
    (local $p i32)
    (i32.store (i32.const 4) (i32.const 12345))
    (local.set $p (i32.const -4))
    (i32.add (i32.load (local.tee $p (i32.add (local.get $p) (i32.const 8)))) (local.get $p)))
  (func (export "step_oob") (result i32)
    (local $p i32)
    (local.set $p (i32.const 1114108))
    (i32.load16_u (local.tee $p (i32.add (local.get $p) (i32.const 4)))))
  ;; Calls whose argument moves have a short form: three copies, one copy and a constant (in
  ;; either order), two copies and a constant; 1000 turns, so all but the first run in the
  ;; handlers (the first hands each call back to translate its callee).
  (func $weigh3 (param i32 i32 i32) (result i32)
    (i32.add (i32.add (i32.mul (local.get 0) (i32.const 100)) (i32.mul (local.get 1) (i32.const 10)))
             (local.get 2)))
  (func $tens2 (param i32 i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 10)) (local.get 1)))
  (func (export "call_shapes") (param $a i32) (param $b i32) (param $c i32) (result i32)
    (local $acc i32) (local $i i32)
    (local.set $i (i32.const 1000))
    (loop $l
      (local.set $acc (i32.add (local.get $acc)
        (i32.add
          (i32.add (call $weigh3 (local.get $a) (local.get $b) (local.get $c))
                   (call $tens2 (local.get $c) (i32.const 7)))
          (i32.add (call $tens2 (i32.const 4) (local.get $a))
                   (call $weigh3 (local.get $b) (local.get $a) (i32.const 5))))))
      (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
    (local.get $acc))
)
