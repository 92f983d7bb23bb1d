;; Grows its memory to 4 GiB (65536 pages) but touches only 1 MiB of it: the runtime reserves
;; address space and commits pages on first touch, so the process's RSS stays small.
;; Exits 0 when the grow succeeded and the touched bytes read back.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (func (export "_start")
    (local $i i32)
    (if (i32.ne (memory.grow (i32.const 65535)) (i32.const 1)) (then (call $exit (i32.const 2))))
    ;; touch 1 MiB near the top, one byte per 4 KiB page
    (local.set $i (i32.const 0))
    (loop $touch
      (i32.store8 (i32.add (i32.const 0xFFE00000) (local.get $i)) (i32.const 7))
      (local.set $i (i32.add (local.get $i) (i32.const 4096)))
      (br_if $touch (i32.lt_u (local.get $i) (i32.const 0x100000))))
    (if (i32.ne (i32.load8_u (i32.const 0xFFE00000)) (i32.const 7)) (then (call $exit (i32.const 3))))
    ;; untouched memory reads as zero, and the last byte is addressable
    (if (i32.ne (i32.load8_u (i32.const 0xFFFFFFFF)) (i32.const 0)) (then (call $exit (i32.const 4))))))
