;; Casts as compiled languages with GC emit them for `when (s) { is Circle -> ...; is Rect -> ...}`:
;; an array of 1,000 shapes (structs of two final subtypes of $shape), walked n times, each
;; element dispatched by `br_on_cast`, `ref.test` and `ref.cast`. `run(n)` returns the summed
;; areas: n * (the sum of 3 * i^2 over the circles i and 2 * i over the rectangles i, i % 3 = 0),
;; which bench_gc.py computes the same way.
(module
  (type $shape (sub (struct (field i32))))
  (type $circle (sub final $shape (struct (field i32) (field f64))))
  (type $rect (sub final $shape (struct (field i32) (field f64) (field f64))))
  (type $shapes (array (mut (ref null $shape))))

  (func $make (result (ref $shapes))
    (local $a (ref $shapes)) (local $i i32)
    (local.set $a (array.new_default $shapes (i32.const 1000)))
    (block $done (loop $fill
      (br_if $done (i32.ge_u (local.get $i) (array.len (local.get $a))))
      (array.set $shapes (local.get $a) (local.get $i)
        (if (result (ref $shape)) (i32.eqz (i32.rem_u (local.get $i) (i32.const 3)))
          (then (struct.new $rect (local.get $i) (f64.convert_i32_u (local.get $i)) (f64.const 2)))
          (else (struct.new $circle (local.get $i) (f64.convert_i32_u (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $fill)))
    (local.get $a))

  ;; The area of one shape: 3 * r * r for a circle, w * h for a rectangle.
  (func $area (param $s (ref null $shape)) (result f64)
    (local $r (ref null $rect))
    (block $not_circle (result (ref null $shape))
      (return (f64.mul (f64.const 3)
        (f64.mul (struct.get $circle 1 (br_on_cast_fail $not_circle (ref null $shape) (ref $circle) (local.get $s)))
                 (struct.get $circle 1 (ref.cast (ref $circle) (local.get $s)))))))
    (drop)
    (if (result f64) (ref.test (ref $rect) (local.get $s))
      (then
        (local.set $r (ref.cast (ref null $rect) (local.get $s)))
        (f64.mul (struct.get $rect 1 (local.get $r)) (struct.get $rect 2 (local.get $r))))
      (else (f64.const 0))))

  (func (export "run") (param $n i32) (result i64)
    (local $a (ref $shapes)) (local $i i32) (local $total f64)
    (local.set $a (call $make))
    (block $done (loop $rounds
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $i (i32.const 0))
      (block $walked (loop $walk
        (br_if $walked (i32.ge_u (local.get $i) (array.len (local.get $a))))
        (local.set $total (f64.add (local.get $total) (call $area (array.get $shapes (local.get $a) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $walk)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $rounds)))
    (i64.trunc_f64_s (local.get $total))))
