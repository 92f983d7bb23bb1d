;; slot-arguments: a component whose core module passes ten core arguments of all four number
;; types (more than the eight a fast form's call keeps in place) to a lowered host import and
;; returns its result. `SlotArgumentTests` defines the import with and without a fast form and
;; checks that both see the same arguments the embedder passed to `run`.
;; Build: wasm-tools parse slot-arguments.wat -o slot-arguments.wasm
(component
  (type $host (instance
    (type $mix (func
      (param "a" u32) (param "b" u64) (param "c" f32) (param "d" f64) (param "e" s8)
      (param "f" u16) (param "g" u32) (param "h" u32) (param "i" u32) (param "j" u64)
      (result u64)))
    (export "mix" (func (type $mix)))))
  (import "test:slots/host" (instance $h (type $host)))
  (core module $m
    (import "h" "mix" (func $mix (param i32 i64 f32 f64 i32 i32 i32 i32 i32 i64) (result i64)))
    (func (export "run") (param i32 i64 f32 f64 i32 i32 i32 i32 i32 i64) (result i64)
      local.get 0 local.get 1 local.get 2 local.get 3 local.get 4
      local.get 5 local.get 6 local.get 7 local.get 8 local.get 9
      call $mix))
  (alias export $h "mix" (func $mix))
  (core func $mix-core (canon lower (func $mix)))
  (core instance $host-core (export "mix" (func $mix-core)))
  (core instance $main (instantiate $m (with "h" (instance $host-core))))
  (type $run (func
    (param "a" u32) (param "b" u64) (param "c" f32) (param "d" f64) (param "e" s8)
    (param "f" u16) (param "g" u32) (param "h" u32) (param "i" u32) (param "j" u64)
    (result u64)))
  (func (export "run") (type $run) (canon lift (core func $main "run"))))
