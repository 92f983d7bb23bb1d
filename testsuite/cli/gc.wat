;; GC values through `run --invoke` (cli_tests.py, test_gc_invoke).
(module
  (type $s (struct (field (mut i32))))
  (func $mk (export "mk") (param i32) (result (ref null $s))
    (if (result (ref null $s)) (local.get 0)
      (then (struct.new $s (i32.const 5)))
      (else (ref.null $s))))
  (func $get (export "get") (param (ref null $s)) (result i32)
    (struct.get $s 0 (local.get 0)))
  (func (export "mk_get") (param i32) (result i32)
    (call $get (call $mk (local.get 0))))
  (func (export "i31") (result i31ref)
    (ref.i31 (i32.const -1))))
