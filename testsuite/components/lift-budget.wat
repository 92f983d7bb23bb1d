;; Lifts whose pointers alias, for the lift budget (`StoreConfiguration.maxLiftedBytes`;
;; Tests/ComponentModelTests/LiftBudgetTests.swift and cli_tests.py's test_lift_budget).
;; `fill(n, len)` writes a list of n (pointer, length) pairs at 0x900000, every one naming the
;; same `len` zero bytes at 0x100000 (valid UTF-8; `len` up to 8 MiB), so eight bytes of guest
;; memory per element stand for `len` bytes of lifted value each. `strings` and `bytes` return
;; such a list; `pass` hands one to the host's `sink` (the arguments of a lowered import are
;; lifted too). `bools`, `options` and `wide` return plain (non-aliasing) values of a given size.
(component
  (import "test:lift/host" (instance $host
    (export "sink" (func (param "items" (list string)) (result u32)))))
  (alias export $host "sink" (func $sink))
  (core module $mem (memory (export "memory") 300))
  (core instance $mi (instantiate $mem))
  (core func $sink-lowered (canon lower (func $sink) (memory (core memory $mi "memory"))))
  (core module $m
    (import "env" "memory" (memory 300))
    (import "host" "sink" (func $sink (param i32 i32) (result i32)))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
    ;; n entries of (0x100000, len) at 0x900000; the list's (pointer, length) at 16.
    (func $fill (param $n i32) (param $len i32) (result i32)
      (local $i i32)
      (local $at i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $at (i32.add (i32.const 0x900000) (i32.shl (local.get $i) (i32.const 3))))
          (i32.store (local.get $at) (i32.const 0x100000))
          (i32.store offset=4 (local.get $at) (local.get $len))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.store (i32.const 16) (i32.const 0x900000))
      (i32.store (i32.const 20) (local.get $n))
      (i32.const 16))
    (func (export "strings") (param i32 i32) (result i32) (call $fill (local.get 0) (local.get 1)))
    (func (export "bytes") (param i32 i32) (result i32) (call $fill (local.get 0) (local.get 1)))
    (func (export "pass") (param i32 i32) (result i32)
      (drop (call $fill (local.get 0) (local.get 1)))
      (call $sink (i32.const 0x900000) (local.get 0)))
    ;; n zero bytes at 0x100 as a list (bools, options: every one false or none) or a UTF-16 string.
    (func (export "zeros") (param i32) (result i32)
      (i32.store (i32.const 16) (i32.const 0x100))
      (i32.store (i32.const 20) (local.get 0))
      (i32.const 16)))
  (core instance $i (instantiate $m
    (with "env" (instance $mi))
    (with "host" (instance (export "sink" (func $sink-lowered))))))
  (func (export "strings") (param "n" u32) (param "len" u32) (result (list string))
    (canon lift (core func $i "strings") (memory (core memory $mi "memory")) (realloc (core func $i "realloc"))))
  (func (export "bytes") (param "n" u32) (param "len" u32) (result (list (list u8)))
    (canon lift (core func $i "bytes") (memory (core memory $mi "memory")) (realloc (core func $i "realloc"))))
  (func (export "pass") (param "n" u32) (param "len" u32) (result u32)
    (canon lift (core func $i "pass")))
  (func (export "bools") (param "n" u32) (result (list bool))
    (canon lift (core func $i "zeros") (memory (core memory $mi "memory")) (realloc (core func $i "realloc"))))
  (func (export "options") (param "n" u32) (result (list (option u8)))
    (canon lift (core func $i "zeros") (memory (core memory $mi "memory")) (realloc (core func $i "realloc"))))
  (func (export "wide") (param "units" u32) (result string)
    (canon lift (core func $i "zeros") (memory (core memory $mi "memory")) (realloc (core func $i "realloc")) string-encoding=utf16)))
