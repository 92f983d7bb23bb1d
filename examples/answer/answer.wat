;; A core module whose `answer` export returns 42.
;; `wippy-wasm run examples/answer/entry.yaml` prints 42.
(module
  (func (export "answer") (result i32)
    i32.const 42))
