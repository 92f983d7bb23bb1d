;; The smallest useful module: `wippy-wasm run examples/hello/add.wasm --invoke 'add(40, 2)'` prints 42.
;; Rebuild add.wasm with `wat2wasm add.wat -o add.wasm` (wabt).
(module
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
