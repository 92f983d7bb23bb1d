;; funcs-caller: a component importing wippy:runtime/funcs@0.1.0 (the `funcs` group).
;; Exports
;;   call(target, input) -> result<string, string>        = call-string(target, input)
;;   call-bytes(target, input) -> result<list<u8>, string> = call-bytes(target, input)
;;   forward(input) -> result<string, string>: input "T|REST" = call-string(T, REST) (chains
;;     A -> B -> C: forward("ns:b|ns:c|x")); no `|`: call-string(input, "").
;; Build: wasm-tools parse funcs-caller.wat -o funcs-caller.wasm
(component
  (import "wippy:runtime/funcs@0.1.0" (instance $funcs
    (export "call-string" (func (param "target" string) (param "input" string) (result (result string (error string)))))
    (export "call-bytes" (func (param "target" string) (param "input" (list u8)) (result (result (list u8) (error string)))))))
  (core module $Libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func $realloc (export "cabi_realloc")
      (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32) (local $end i32)
      (local.set $p (i32.and
        (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
        (then
          (if (i32.eq (memory.grow (i32.add (i32.shr_u
                (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                (i32.const 16)) (i32.const 1))) (i32.const -1))
            (then unreachable))))
      (global.set $heap (local.get $end))
      (local.get $p))
    (func (export "reset") (param i32) (global.set $heap (i32.const 1024))))
  (core instance $libc (instantiate $Libc))
  (core func $call-string (canon lower (func $funcs "call-string")
    (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (core func $call-bytes (canon lower (func $funcs "call-bytes")
    (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (core module $Main
    (import "libc" "memory" (memory 1))
    (import "libc" "cabi_realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "funcs" "call-string" (func $call-string (param i32 i32 i32 i32 i32)))
    (import "funcs" "call-bytes" (func $call-bytes (param i32 i32 i32 i32 i32)))
    (func $ret-area (result i32) (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 12)))
    (func (export "call") (param $tp i32) (param $tl i32) (param $ip i32) (param $il i32) (result i32) (local $r i32)
      (local.set $r (call $ret-area))
      (call $call-string (local.get $tp) (local.get $tl) (local.get $ip) (local.get $il) (local.get $r))
      (local.get $r))
    (func (export "call-bytes") (param $tp i32) (param $tl i32) (param $ip i32) (param $il i32) (result i32) (local $r i32)
      (local.set $r (call $ret-area))
      (call $call-bytes (local.get $tp) (local.get $tl) (local.get $ip) (local.get $il) (local.get $r))
      (local.get $r))
    (func (export "forward") (param $p i32) (param $l i32) (result i32) (local $i i32) (local $r i32)
      (block $found (loop $scan
        (br_if $found (i32.ge_u (local.get $i) (local.get $l)))
        (br_if $found (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 124)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
      (local.set $r (call $ret-area))
      (if (i32.lt_u (local.get $i) (local.get $l))
        (then (call $call-string (local.get $p) (local.get $i)
          (i32.add (local.get $p) (i32.add (local.get $i) (i32.const 1)))
          (i32.sub (local.get $l) (i32.add (local.get $i) (i32.const 1))) (local.get $r)))
        (else (call $call-string (local.get $p) (local.get $l) (i32.const 0) (i32.const 0) (local.get $r))))
      (local.get $r)))
  (core instance $main (instantiate $Main
    (with "libc" (instance $libc))
    (with "funcs" (instance (export "call-string" (func $call-string)) (export "call-bytes" (func $call-bytes))))))
  (func (export "call") (param "target" string) (param "input" string) (result (result string (error string)))
    (canon lift (core func $main "call") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))
      (post-return (core func $libc "reset"))))
  (func (export "call-bytes") (param "target" string) (param "input" (list u8)) (result (result (list u8) (error string)))
    (canon lift (core func $main "call-bytes") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))
      (post-return (core func $libc "reset"))))
  (func (export "forward") (param "input" string) (result (result string (error string)))
    (canon lift (core func $main "forward") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))
      (post-return (core func $libc "reset")))))
