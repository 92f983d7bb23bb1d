;; stdout-throughput: a WASI 0.2 command that writes N MiB of bytes to stdout as fast as the
;; host lets it; the stdout benchmark of Utilities/bench_wasi.py (`make bench-wasi`).
;;
;; Arguments (after argv[0], in any order):
;;   a decimal number  the total size in MiB (default 256)
;;   a word "b..."     use 4096-byte `blocking-write-and-flush` calls (the most that call may take)
;;                     instead of the default streaming loop
;; Default loop, in writes of up to 64 KiB:
;;   loop { check-write -> n; if n == 0 { subscribe; pollable.block; drop } else
;;          { write min(n, 65536, remaining) bytes } }  then blocking-flush.
;; Exit: wasi:cli/run returns ok, or err on the first stream error.
;; Build: wasm-tools parse stdout-throughput.wat -o stdout-throughput.wasm
(component
  (import "wasi:io/error@0.2.0" (instance $io-error
    (export "error" (type (sub resource)))))
  (alias export $io-error "error" (type $error))

  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $pollable (sub resource)))
    (export "[method]pollable.block" (func (param "self" (borrow $pollable))))))
  (alias export $poll "pollable" (type $pollable))

  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type $output-stream (sub resource)))
    (alias outer 1 $error (type $error-outer))
    (export "error" (type $err (eq $error-outer)))
    (alias outer 1 $pollable (type $pollable-outer))
    (export "pollable" (type $poll-t (eq $pollable-outer)))
    (type $stream-error (variant (case "last-operation-failed" (own $err)) (case "closed")))
    (export "stream-error" (type $stream-error-t (eq $stream-error)))
    (export "[method]output-stream.check-write"
      (func (param "self" (borrow $output-stream)) (result (result u64 (error $stream-error-t)))))
    (export "[method]output-stream.write"
      (func (param "self" (borrow $output-stream)) (param "contents" (list u8))
            (result (result (error $stream-error-t)))))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $output-stream)) (param "contents" (list u8))
            (result (result (error $stream-error-t)))))
    (export "[method]output-stream.blocking-flush"
      (func (param "self" (borrow $output-stream)) (result (result (error $stream-error-t)))))
    (export "[method]output-stream.subscribe"
      (func (param "self" (borrow $output-stream)) (result (own $poll-t))))))
  (alias export $streams "output-stream" (type $output-stream))

  (import "wasi:cli/environment@0.2.0" (instance $environment
    (export "get-arguments" (func (result (list string))))))

  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer 1 $output-stream (type $os-outer))
    (export "output-stream" (type $os (eq $os-outer)))
    (export "get-stdout" (func (result (own $os))))))

  ;; Memory and a bump allocator (cabi_realloc for get-arguments) live in their own module so
  ;; that they exist before the imports are lowered. Layout: 0..1024 return areas,
  ;; 65536..131072 the 64 KiB write buffer, 131072.. the allocator's heap (grown on demand).
  (core module $Memory
    (memory (export "memory") 2)
    (global $next (mut i32) (i32.const 131072))
    (func (export "realloc") (param $old i32) (param $old-size i32) (param $align i32)
                             (param $size i32) (result i32)
      (local $p i32) (local $end i32) (local $have i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $p) (local.get $size)))
      (local.set $have (i32.shl (memory.size) (i32.const 16)))
      (if (i32.gt_u (local.get $end) (local.get $have))
        (then
          (if (i32.eq (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $have))
                                                        (i32.const 65535))
                                               (i32.const 16)))
                      (i32.const -1))
            (then unreachable))))
      (if (local.get $old)
        (then (memory.copy (local.get $p) (local.get $old) (local.get $old-size))))
      (global.set $next (local.get $end))
      (local.get $p)))
  (core instance $memory (instantiate $Memory))

  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $get-arguments
    (canon lower (func $environment "get-arguments")
      (memory (core memory $memory "memory")) (realloc (core func $memory "realloc"))))
  (core func $check-write
    (canon lower (func $streams "[method]output-stream.check-write")
      (memory (core memory $memory "memory"))))
  (core func $write
    (canon lower (func $streams "[method]output-stream.write")
      (memory (core memory $memory "memory"))))
  (core func $write-and-flush
    (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
      (memory (core memory $memory "memory"))))
  (core func $blocking-flush
    (canon lower (func $streams "[method]output-stream.blocking-flush")
      (memory (core memory $memory "memory"))))
  (core func $subscribe (canon lower (func $streams "[method]output-stream.subscribe")))
  (core func $block (canon lower (func $poll "[method]pollable.block")))
  (core func $drop-pollable (canon resource.drop $pollable))
  (core func $drop-output-stream (canon resource.drop $output-stream))

  (core module $Main
    (import "env" "memory" (memory 2))
    (import "wasi" "get-arguments" (func $get-arguments (param i32)))
    (import "wasi" "get-stdout" (func $get-stdout (result i32)))
    (import "wasi" "check-write" (func $check-write (param i32 i32)))
    (import "wasi" "write" (func $write (param i32 i32 i32 i32)))
    (import "wasi" "blocking-write-and-flush" (func $write-and-flush (param i32 i32 i32 i32)))
    (import "wasi" "blocking-flush" (func $blocking-flush (param i32 i32)))
    (import "wasi" "subscribe" (func $subscribe (param i32) (result i32)))
    (import "wasi" "block" (func $block (param i32)))
    (import "wasi" "drop-pollable" (func $drop-pollable (param i32)))
    (import "wasi" "drop-output-stream" (func $drop-output-stream (param i32)))

    (global $BUF i32 (i32.const 65536))
    (global $CHUNK i64 (i64.const 65536))
    (global $SMALL i64 (i64.const 4096))

    ;; The decimal number at [ptr, ptr+len) (digits only; stops at the first non-digit).
    (func $parse (param $ptr i32) (param $len i32) (result i64)
      (local $v i64) (local $c i32)
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $len)))
          (local.set $c (i32.sub (i32.load8_u (local.get $ptr)) (i32.const 48)))
          (br_if $done (i32.gt_u (local.get $c) (i32.const 9)))
          (local.set $v (i64.add (i64.mul (local.get $v) (i64.const 10))
                                 (i64.extend_i32_u (local.get $c))))
          (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
          (local.set $len (i32.sub (local.get $len) (i32.const 1)))
          (br $next)))
      (local.get $v))

    (func (export "run") (result i32)
      (local $out i32) (local $remaining i64) (local $n i64) (local $p i32)
      (local $args i32) (local $count i32) (local $i i32) (local $s i32) (local $slen i32)
      (local $c i32) (local $small i32)
      ;; the buffer: printable bytes, a newline every 64
      (memory.fill (global.get $BUF) (i32.const 0x2e) (i32.const 65536))
      (local.set $i (i32.const 63))
      (loop $nl
        (i32.store8 (i32.add (global.get $BUF) (local.get $i)) (i32.const 10))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br_if $nl (i32.lt_u (local.get $i) (i32.const 65536))))

      ;; arguments: list<string> at (0: ptr, 4: len), each element (ptr, len)
      (local.set $remaining (i64.const 268435456))
      (call $get-arguments (i32.const 0))
      (local.set $args (i32.load (i32.const 0)))
      (local.set $count (i32.load (i32.const 4)))
      (local.set $i (i32.const 1))
      (block $args-done
        (loop $arg
          (br_if $args-done (i32.ge_u (local.get $i) (local.get $count)))
          (local.set $s (i32.load (i32.add (local.get $args) (i32.shl (local.get $i) (i32.const 3)))))
          (local.set $slen (i32.load (i32.add (local.get $args)
                                              (i32.add (i32.shl (local.get $i) (i32.const 3)) (i32.const 4)))))
          (if (local.get $slen)
            (then
              (local.set $c (i32.load8_u (local.get $s)))
              (if (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))
                (then (local.set $remaining
                        (i64.shl (call $parse (local.get $s) (local.get $slen)) (i64.const 20)))))
              (if (i32.eq (local.get $c) (i32.const 98)) ;; 'b'
                (then (local.set $small (i32.const 1))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $arg)))

      (local.set $out (call $get-stdout))
      (if (local.get $small)
        (then
          ;; blocking-write-and-flush, 4096 bytes a call
          (block $done
            (loop $write
              (br_if $done (i64.eqz (local.get $remaining)))
              (local.set $n (select (local.get $remaining) (global.get $SMALL)
                                    (i64.lt_u (local.get $remaining) (global.get $SMALL))))
              (call $write-and-flush (local.get $out) (global.get $BUF) (i32.wrap_i64 (local.get $n))
                                     (i32.const 48))
              (if (i32.load8_u (i32.const 48)) (then (return (i32.const 1))))
              (local.set $remaining (i64.sub (local.get $remaining) (local.get $n)))
              (br $write))))
        (else
          ;; check-write / write, 64 KiB at most; block on the stream's pollable when full
          (block $done
            (loop $write
              (br_if $done (i64.eqz (local.get $remaining)))
              ;; result<u64, stream-error> at 16: tag byte at 16, u64 at 24
              (call $check-write (local.get $out) (i32.const 16))
              (if (i32.load8_u (i32.const 16)) (then (return (i32.const 1))))
              (local.set $n (i64.load (i32.const 24)))
              (if (i64.eqz (local.get $n))
                (then
                  (local.set $p (call $subscribe (local.get $out)))
                  (call $block (local.get $p))
                  (call $drop-pollable (local.get $p))
                  (br $write)))
              (if (i64.gt_u (local.get $n) (global.get $CHUNK)) (then (local.set $n (global.get $CHUNK))))
              (if (i64.gt_u (local.get $n) (local.get $remaining)) (then (local.set $n (local.get $remaining))))
              (call $write (local.get $out) (global.get $BUF) (i32.wrap_i64 (local.get $n)) (i32.const 48))
              (if (i32.load8_u (i32.const 48)) (then (return (i32.const 1))))
              (local.set $remaining (i64.sub (local.get $remaining) (local.get $n)))
              (br $write)))
          (call $blocking-flush (local.get $out) (i32.const 48))
          (if (i32.load8_u (i32.const 48)) (then (return (i32.const 1))))))
      (call $drop-output-stream (local.get $out))
      (i32.const 0)))
  (core instance $main (instantiate $Main
    (with "env" (instance $memory))
    (with "wasi" (instance
      (export "get-arguments" (func $get-arguments))
      (export "get-stdout" (func $get-stdout))
      (export "check-write" (func $check-write))
      (export "write" (func $write))
      (export "blocking-write-and-flush" (func $write-and-flush))
      (export "blocking-flush" (func $blocking-flush))
      (export "subscribe" (func $subscribe))
      (export "block" (func $block))
      (export "drop-pollable" (func $drop-pollable))
      (export "drop-output-stream" (func $drop-output-stream))))))

  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance)))
