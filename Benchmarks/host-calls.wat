;; Host-call speed (`make bench`, Utilities/bench.py): a WASI command that calls
;; `clock_time_get` 2,000,000 times, checks that every call succeeded and that the monotonic
;; clock never went back, then prints "host-calls: 2000000 calls" (exit status 1 otherwise).
;; Each runtime runs this text file itself.
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: the iovec (address, length); 16: the clock's answer; 32: the message.
  (data (i32.const 0) "\20\00\00\00\1a\00\00\00")
  (data (i32.const 32) "host-calls: 2000000 calls\0a")
  (func (export "_start")
    (local $left i32) (local $last i64) (local $now i64)
    (local.set $left (i32.const 2000000))
    (block $done
      (loop $next
        (if (call $clock (i32.const 1) (i64.const 0) (i32.const 16))
          (then (call $exit (i32.const 1))))
        (local.set $now (i64.load (i32.const 16)))
        (if (i64.lt_u (local.get $now) (local.get $last))
          (then (call $exit (i32.const 1))))
        (local.set $last (local.get $now))
        (local.set $left (i32.sub (local.get $left) (i32.const 1)))
        (br_if $next (local.get $left))))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 0))))
