;; binary-trees (after the Computer Language Benchmarks Game) on WebAssembly GC structs: many
;; short-lived trees and one long-lived one, so the heap stays small only if garbage is
;; collected. `run(n)` returns the sum of all check values; with n = 4..N it is
;; (2^(n+2) - 1) + (2^(n+1) - 1) + the sum over d = 4, 6, .., n of 2^(n-d+4) * (2^(d+1) - 1).
(module
  (type $tree (struct (field (ref null $tree)) (field (ref null $tree))))

  (func $make (param $depth i32) (result (ref $tree))
    (if (result (ref $tree)) (i32.eqz (local.get $depth))
      (then (struct.new $tree (ref.null $tree) (ref.null $tree)))
      (else
        (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
        (struct.new $tree (call $make (local.get $depth)) (call $make (local.get $depth))))))

  (func $check (param $t (ref $tree)) (result i32)
    (local $left (ref null $tree))
    (local.set $left (struct.get $tree 0 (local.get $t)))
    (if (result i32) (ref.is_null (local.get $left))
      (then (i32.const 1))
      (else
        (i32.add (i32.const 1)
          (i32.add (call $check (ref.as_non_null (local.get $left)))
                   (call $check (ref.as_non_null (struct.get $tree 1 (local.get $t)))))))))

  (func (export "run") (param $n i32) (result i32)
    (local $total i32) (local $long (ref $tree)) (local $depth i32) (local $i i32) (local $iterations i32)
    ;; The stretch tree, dropped at once.
    (local.set $total (call $check (call $make (i32.add (local.get $n) (i32.const 1)))))
    (local.set $long (call $make (local.get $n)))
    (local.set $depth (i32.const 4))
    (block $done (loop $depths
      (br_if $done (i32.gt_u (local.get $depth) (local.get $n)))
      (local.set $iterations (i32.shl (i32.const 1) (i32.add (i32.sub (local.get $n) (local.get $depth)) (i32.const 4))))
      (local.set $i (i32.const 0))
      (block $trees_done (loop $trees
        (br_if $trees_done (i32.ge_u (local.get $i) (local.get $iterations)))
        (local.set $total (i32.add (local.get $total) (call $check (call $make (local.get $depth)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $trees)))
      (local.set $depth (i32.add (local.get $depth) (i32.const 2)))
      (br $depths)))
    (i32.add (local.get $total) (call $check (local.get $long)))))
