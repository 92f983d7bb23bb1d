;; Loops made of every kind of branch that can go back to a loop header (cli_tests.py,
;; test_every_loop_stops; ExecutionLimitTests.swift has the forms that once escaped). Each
;; export taking no argument never ends on its own: fuel, a deadline or an interrupt must stop
;; it. `eqz_countdown(n)` ends after n - 1 backward branches.
(module
  (type $s (struct))
  (type $t (func))
  (tag $e)
  (memory 1)
  ;; br_if of an i32.eqz (the translator fuses the two into one branch-if-zero).
  (func (export "eqz") (local $z i32)
    (loop (br_if 0 (i32.eqz (local.get $z)))))
  ;; The same with a memory read feeding it (what a spin lock compiles to).
  (func (export "eqz_load")
    (loop (br_if 0 (i32.eqz (i32.load8_u (i32.const 0))))))
  (func (export "eqz_countdown") (param $n i32) (result i32)
    (loop
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if 0 (i32.eqz (i32.eqz (local.get $n)))))
    (local.get $n))
  (func (export "br_if")
    (loop (br_if 0 (i32.const 1))))
  (func (export "br")
    (loop (br 0)))
  (func (export "br_table")
    (loop (br_table 0 0 (i32.const 0))))
  (func (export "compare")
    (loop (br_if 0 (i32.lt_s (i32.const 1) (i32.const 2)))))
  (func (export "on_null")
    (loop (br_on_null 0 (ref.null func)) (drop)))
  (func (export "on_non_null")
    (ref.func $f) (loop (param funcref) (br_on_non_null 0)))
  (func (export "on_cast")
    (struct.new $s) (loop (param anyref) (br_on_cast 0 anyref (ref $s)) (drop)))
  (func (export "on_cast_fail")
    (ref.i31 (i32.const 1)) (loop (param anyref) (br_on_cast_fail 0 anyref (ref $s)) (drop)))
  ;; A loop that throws and catches (try_table) on every turn.
  (func (export "throw_catch")
    (loop (try_table (catch_all 0) (throw $e))))
  ;; The legacy form: try/catch_all, then br to the loop.
  (func (export "legacy_throw_catch")
    (loop (try (do (throw $e)) (catch_all (br 1)))))
  (func $f (export "tail_call") (return_call $f))
  (func (export "tail_call_ref") (return_call_ref $t (ref.func $f)))
  (elem declare func $f))
