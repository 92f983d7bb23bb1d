;; runaway: a WASI 0.2 component that never ends on its own, for the execution limits
;; (`limits.max_execution_ms`, `--max-time`, `--fuel`, `--max-memory`).
;; Exports `spin: func()` (an infinite loop), `sleep-then-spin: func(ns: u64)` (sleeps on
;; wasi:clocks/monotonic-clock + wasi:io/poll, so the call suspends and resumes, then loops
;; forever), `sleep: func(ns: u64)` (only sleeps), `recurse: func(n: u32) -> u32` (unbounded
;; recursion) and `grow: func(pages: u32) -> s32` (memory.grow of its 1-page memory).
;; Build: wasm-tools parse runaway.wat -o runaway.wasm
(component
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $pollable (sub resource)))
    (export "[method]pollable.block" (func (param "self" (borrow $pollable))))))
  (alias export $poll "pollable" (type $pollable))

  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (alias outer 1 $pollable (type $p-outer))
    (export "pollable" (type $p (eq $p-outer)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $p))))))

  (core func $subscribe (canon lower (func $clock "subscribe-duration")))
  (core func $block (canon lower (func $poll "[method]pollable.block")))
  (core func $drop (canon resource.drop $pollable))

  (core module $Main
    (import "wasi" "subscribe-duration" (func $subscribe (param i64) (result i32)))
    (import "wasi" "block" (func $block (param i32)))
    (import "wasi" "drop" (func $drop (param i32)))
    (memory 1)
    (func $sleep (export "sleep") (param $ns i64)
      (local $p i32)
      (local.set $p (call $subscribe (local.get $ns)))
      (call $block (local.get $p))
      (call $drop (local.get $p)))
    (func $spin (export "spin") (loop $l (br $l)))
    (func (export "sleep-then-spin") (param $ns i64)
      (call $sleep (local.get $ns))
      (call $spin))
    (func $recurse (export "recurse") (param $n i32) (result i32)
      (i32.add (call $recurse (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
    (func (export "grow") (param $pages i32) (result i32) (memory.grow (local.get $pages))))
  (core instance $main (instantiate $Main
    (with "wasi" (instance
      (export "subscribe-duration" (func $subscribe))
      (export "block" (func $block))
      (export "drop" (func $drop))))))

  (func (export "spin") (canon lift (core func $main "spin")))
  (func (export "sleep") (param "ns" u64) (canon lift (core func $main "sleep")))
  (func (export "sleep-then-spin") (param "ns" u64) (canon lift (core func $main "sleep-then-spin")))
  (func (export "recurse") (param "n" u32) (result u32) (canon lift (core func $main "recurse")))
  (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $main "grow"))))
