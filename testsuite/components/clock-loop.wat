;; clock-loop: a WASI 0.2 command that calls `wasi:clocks/monotonic-clock.now` 1,000,000 times
;; and checks that the clock never goes back (run returns err if it does). The component
;; host-call line of `make bench` (Utilities/bench.py): each call goes through a lowered import
;; (the general path: lifting the arguments, the host function, lowering the result).
;; Build: wasm-tools parse clock-loop.wat -o clock-loop.wasm
(component
  (type $clock (instance
    (type $instant u64)
    (export "instant" (type $instant' (eq $instant)))
    (type $now (func (result $instant')))
    (export "now" (func (type $now)))))
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock (type $clock)))
  (core module $main
    (import "wasi:clocks/monotonic-clock@0.2.0" "now" (func $now (result i64)))
    (func (export "run") (result i32)
      (local $n i32) (local $last i64) (local $t i64)
      (local.set $n (i32.const 1000000))
      (loop $next
        (local.set $t (call $now))
        (if (i64.lt_u (local.get $t) (local.get $last)) (then (return (i32.const 1))))
        (local.set $last (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $next (local.get $n)))
      (i32.const 0)))
  (alias export $clock "now" (func $now))
  (core func $now (canon lower (func $now)))
  (core instance $clock-core (export "now" (func $now)))
  (core instance $main (instantiate $main (with "wasi:clocks/monotonic-clock@0.2.0" (instance $clock-core))))
  (type $result (result))
  (type $run-type (func (result $result)))
  (func $run (type $run-type) (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance)))
