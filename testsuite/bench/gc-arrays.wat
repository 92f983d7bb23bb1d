;; Loops over WebAssembly GC arrays, the way compiled languages with GC (Kotlin, Dart, Java)
;; use them: a sieve over an `i8` array, prefix sums over an `i32` array, a dot product over an
;; `f64` array, every loop bounded by `array.len`. `run(n)` repeats the three n times and
;; returns the sum of their results (bench_gc.py computes the same sum in Python).
(module
  (type $bytes (array (mut i8)))
  (type $ints (array (mut i32)))
  (type $floats (array (mut f64)))

  ;; The primes up to 100,000: a sieve over bytes (1 = maybe prime), then a count.
  (func $sieve (result i32)
    (local $flags (ref $bytes)) (local $i i32) (local $j i32) (local $count i32)
    (local.set $flags (array.new $bytes (i32.const 1) (i32.const 100001)))
    (local.set $i (i32.const 2))
    (block $done (loop $outer
      (br_if $done (i32.gt_u (i32.mul (local.get $i) (local.get $i)) (i32.const 100000)))
      (if (array.get_u $bytes (local.get $flags) (local.get $i))
        (then
          (local.set $j (i32.mul (local.get $i) (local.get $i)))
          (block $inner_done (loop $inner
            (br_if $inner_done (i32.ge_u (local.get $j) (array.len (local.get $flags))))
            (array.set $bytes (local.get $flags) (local.get $j) (i32.const 0))
            (local.set $j (i32.add (local.get $j) (local.get $i)))
            (br $inner)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $outer)))
    (local.set $i (i32.const 2))
    (block $counted (loop $count_loop
      (br_if $counted (i32.ge_u (local.get $i) (array.len (local.get $flags))))
      (local.set $count (i32.add (local.get $count) (array.get_s $bytes (local.get $flags) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $count_loop)))
    (local.get $count))

  ;; a[i] = (i * 7919 + r) mod 10007 for 10,000 elements, then prefix sums in place (wrapping);
  ;; the last sum.
  (func $prefix (param $r i32) (result i32)
    (local $a (ref $ints)) (local $i i32)
    (local.set $a (array.new_default $ints (i32.const 10000)))
    (block $filled (loop $fill
      (br_if $filled (i32.ge_u (local.get $i) (array.len (local.get $a))))
      (array.set $ints (local.get $a) (local.get $i)
        (i32.rem_u (i32.add (i32.mul (local.get $i) (i32.const 7919)) (local.get $r)) (i32.const 10007)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $fill)))
    (local.set $i (i32.const 1))
    (block $summed (loop $sum
      (br_if $summed (i32.ge_u (local.get $i) (array.len (local.get $a))))
      (array.set $ints (local.get $a) (local.get $i)
        (i32.add (array.get $ints (local.get $a) (local.get $i))
                 (array.get $ints (local.get $a) (i32.sub (local.get $i) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $sum)))
    (array.get $ints (local.get $a) (i32.const 9999)))

  ;; x[i] = i / 2 for 10,000 elements; the dot product x.x, divided by 1,000 and truncated.
  (func $dot (result i32)
    (local $x (ref $floats)) (local $i i32) (local $s f64)
    (local.set $x (array.new $floats (f64.const 0) (i32.const 10000)))
    (block $filled (loop $fill
      (br_if $filled (i32.ge_u (local.get $i) (array.len (local.get $x))))
      (array.set $floats (local.get $x) (local.get $i) (f64.mul (f64.convert_i32_u (local.get $i)) (f64.const 0.5)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $fill)))
    (local.set $i (i32.const 0))
    (block $summed (loop $sum
      (br_if $summed (i32.ge_u (local.get $i) (array.len (local.get $x))))
      (local.set $s (f64.add (local.get $s)
        (f64.mul (array.get $floats (local.get $x) (local.get $i)) (array.get $floats (local.get $x) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $sum)))
    (i32.trunc_f64_s (f64.div (local.get $s) (f64.const 1000))))

  (func (export "run") (param $n i32) (result i32)
    (local $r i32) (local $total i32)
    (block $done (loop $rounds
      (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
      (local.set $total (i32.add (local.get $total)
        (i32.add (call $sieve) (i32.add (call $prefix (local.get $r)) (call $dot)))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rounds)))
    (local.get $total)))
