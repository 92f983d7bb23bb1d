;; mul: a core module for process.wasm entries: `mul(a, b) = a * b`.
;; Build: wasm-tools parse mul.wat -o mul.wasm
(module
  (func (export "mul") (param $a i32) (param $b i32) (result i32)
    (i32.mul (local.get $a) (local.get $b))))
