;; nested-sleeper: the sleeper component nested inside another one whose own core code calls
;; the inner `sleep` through canon lower. The inner call suspends (pollable.block waits), so
;; the outer call has to suspend across the component boundary and resume when the inner one
;; finishes. Exports `sleep-twice: func(ns: u64) -> u64` (two inner sleeps, their sum).
;; Build: wasm-tools parse nested-sleeper.wat -o nested-sleeper.wasm
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

  (component $Sleeper
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

  (instance $inner (instantiate $Sleeper
    (with "wasi:io/poll@0.2.0" (instance $poll))
    (with "wasi:clocks/monotonic-clock@0.2.0" (instance $clock))))
  (core func $inner-sleep (canon lower (func $inner "sleep")))
  (core module $Outer
    (import "inner" "sleep" (func $sleep (param i64) (result i64)))
    (func (export "sleep-twice") (param $ns i64) (result i64)
      (i64.add (call $sleep (local.get $ns)) (call $sleep (local.get $ns)))))
  (core instance $outer (instantiate $Outer (with "inner" (instance (export "sleep" (func $inner-sleep))))))
  (func (export "sleep-twice") (param "ns" u64) (result u64) (canon lift (core func $outer "sleep-twice"))))
