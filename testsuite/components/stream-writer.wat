;; stream-writer: calls the output-stream methods that have fast forms in the host (write,
;; blocking-write-and-flush, check-write), and write-zeroes, with arguments the tests choose,
;; good and bad, on the guest's stdout. Exports (each returns the result's case byte: 0 ok, 1 err):
;;   write(ptr, len, area)                       output-stream.write of memory [ptr, ptr+len)
;;   blocking-write-and-flush(ptr, len, area)    the same through blocking-write-and-flush
;;   check-write(area) -> u64                    check-write's permit (all ones on err)
;;   write-zeroes(len, area)                     output-stream.write-zeroes of len bytes
;;   write-to-handle(handle)                     output-stream.write on an arbitrary handle
;; Memory: "hello, fast path\n" at 1024. Used by Tests/WASIGroupsTests/StreamFastFormTests.
;; Build: wasm-tools parse stream-writer.wat -o stream-writer.wasm
(component
  (import "wasi:io/error@0.2.0" (instance $io-error
    (export "error" (type (sub resource)))))
  (alias export $io-error "error" (type $error))

  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type $output-stream (sub resource)))
    (alias outer 1 $error (type $error-outer))
    (export "error" (type $err (eq $error-outer)))
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
    (export "[method]output-stream.write-zeroes"
      (func (param "self" (borrow $output-stream)) (param "len" u64)
            (result (result (error $stream-error-t)))))))
  (alias export $streams "output-stream" (type $output-stream))

  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer 1 $output-stream (type $os-outer))
    (export "output-stream" (type $os (eq $os-outer)))
    (export "get-stdout" (func (result (own $os))))))

  (core module $Memory
    (memory (export "memory") 1)
    (data (i32.const 1024) "hello, fast path\n"))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))

  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $check-write (canon lower (func $streams "[method]output-stream.check-write") (memory $mem)))
  (core func $write (canon lower (func $streams "[method]output-stream.write") (memory $mem)))
  (core func $bwf (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $mem)))
  (core func $write-zeroes (canon lower (func $streams "[method]output-stream.write-zeroes") (memory $mem)))

  (core module $Main
    (import "mem" "memory" (memory 1))
    (import "wasi" "get-stdout" (func $get-stdout (result i32)))
    (import "wasi" "check-write" (func $check-write (param i32 i32)))
    (import "wasi" "write" (func $write (param i32 i32 i32 i32)))
    (import "wasi" "bwf" (func $bwf (param i32 i32 i32 i32)))
    (import "wasi" "write-zeroes" (func $write-zeroes (param i32 i64 i32)))
    (global $out (mut i32) (i32.const -1))
    (func $stream (result i32)
      (if (i32.eq (global.get $out) (i32.const -1))
        (then (global.set $out (call $get-stdout))))
      (global.get $out))
    (func (export "write") (param $ptr i32) (param $len i32) (param $area i32) (result i32)
      (call $write (call $stream) (local.get $ptr) (local.get $len) (local.get $area))
      (i32.load8_u (local.get $area)))
    (func (export "blocking-write-and-flush") (param $ptr i32) (param $len i32) (param $area i32) (result i32)
      (call $bwf (call $stream) (local.get $ptr) (local.get $len) (local.get $area))
      (i32.load8_u (local.get $area)))
    (func (export "check-write") (param $area i32) (result i64)
      (call $check-write (call $stream) (local.get $area))
      (if (result i64) (i32.load8_u (local.get $area))
        (then (i64.const -1))
        (else (i64.load offset=8 (local.get $area)))))
    (func (export "write-zeroes") (param $len i64) (param $area i32) (result i32)
      (call $write-zeroes (call $stream) (local.get $len) (local.get $area))
      (i32.load8_u (local.get $area)))
    (func (export "write-to-handle") (param $handle i32) (result i32)
      (call $write (local.get $handle) (i32.const 1024) (i32.const 5) (i32.const 0))
      (i32.load8_u (i32.const 0))))
  (core instance $main (instantiate $Main
    (with "mem" (instance $memory))
    (with "wasi" (instance
      (export "get-stdout" (func $get-stdout))
      (export "check-write" (func $check-write))
      (export "write" (func $write))
      (export "bwf" (func $bwf))
      (export "write-zeroes" (func $write-zeroes))))))

  (func (export "write") (param "ptr" u32) (param "len" u32) (param "area" u32) (result u32)
    (canon lift (core func $main "write")))
  (func (export "blocking-write-and-flush") (param "ptr" u32) (param "len" u32) (param "area" u32) (result u32)
    (canon lift (core func $main "blocking-write-and-flush")))
  (func (export "check-write") (param "area" u32) (result u64)
    (canon lift (core func $main "check-write")))
  (func (export "write-zeroes") (param "len" u64) (param "area" u32) (result u32)
    (canon lift (core func $main "write-zeroes")))
  (func (export "write-to-handle") (param "handle" u32) (result u32)
    (canon lift (core func $main "write-to-handle"))))
