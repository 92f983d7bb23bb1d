;; sleeper: a WASI 0.2 component that sleeps on wasi:clocks/monotonic-clock and wasi:io/poll.
;; Exports `sleep: func(ns: u64) -> u64` (subscribe-duration + pollable.block; returns the
;; monotonic time it took) and `wasi:cli/run` (sleeps 20 ms). Used by the WASI group tests and
;; the dispatcher benchmark: a sleeping guest must park on the dispatcher, not on a thread.
;; Build: wasm-tools parse sleeper.wat -o sleeper.wasm
(component
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $pollable (sub resource)))
    (export "[method]pollable.block" (func (param "self" (borrow $pollable))))))
  (alias export $poll "pollable" (type $pollable))

  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (alias outer 1 $pollable (type $p-outer))
    (export "pollable" (type $p (eq $p-outer)))
    (export "now" (func (result u64)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $p))))))

  (core func $now (canon lower (func $clock "now")))
  (core func $subscribe (canon lower (func $clock "subscribe-duration")))
  (core func $block (canon lower (func $poll "[method]pollable.block")))
  (core func $drop (canon resource.drop $pollable))

  (core module $Main
    (import "wasi" "now" (func $now (result i64)))
    (import "wasi" "subscribe-duration" (func $subscribe (param i64) (result i32)))
    (import "wasi" "block" (func $block (param i32)))
    (import "wasi" "drop" (func $drop (param i32)))
    (func $sleep (export "sleep") (param $ns i64) (result i64)
      (local $start i64) (local $p i32)
      (local.set $start (call $now))
      (local.set $p (call $subscribe (local.get $ns)))
      (call $block (local.get $p))
      (call $drop (local.get $p))
      (i64.sub (call $now) (local.get $start)))
    (func (export "run") (result i32)
      (drop (call $sleep (i64.const 20000000)))
      (i32.const 0)))
  (core instance $main (instantiate $Main
    (with "wasi" (instance
      (export "now" (func $now))
      (export "subscribe-duration" (func $subscribe))
      (export "block" (func $block))
      (export "drop" (func $drop))))))

  (func (export "sleep") (param "ns" u64) (result u64) (canon lift (core func $main "sleep")))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance)))
