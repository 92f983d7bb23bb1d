;; tcp-waiter: a guest that holds an open TCP connection and waits for data (the sockets
;; benchmark's guest, Benchmarks/WASIBench). Exports `wait: func(port: u16) -> u32`: connects to
;; 127.0.0.1:port (start-connect; finish-connect until it stops answering would-block, blocking
;; on the socket's pollable in between), then blocking-reads up to 16 bytes and returns how
;; many came. Failures return 1000 + the error-code's index (create, connect) or 2000 (read).
;; Build: wasm-tools parse tcp-waiter.wat -o tcp-waiter.wasm
(component
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type (sub resource)))
    (export "[method]pollable.block" (func (param "self" (borrow 0))))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:io/error@0.2.0" (instance $error
    (export "error" (type (sub resource)))))
  (alias export $error "error" (type $error))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type (sub resource)))
    (alias outer 1 $error (type $e-outer))
    (export "error" (type $e (eq $e-outer)))
    (type $se-def (variant (case "last-operation-failed" (own $e)) (case "closed")))
    (export "stream-error" (type $se (eq $se-def)))
    (export "input-stream" (type $in (sub resource)))
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $in)) (param "len" u64) (result (result (list u8) (error $se)))))))
  (alias export $streams "input-stream" (type $input-stream))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:sockets/network@0.2.0" (instance $network
    (export "network" (type (sub resource)))
    (type $ec (enum "unknown" "access-denied" "not-supported" "invalid-argument" "out-of-memory" "timeout"
      "concurrency-conflict" "not-in-progress" "would-block" "invalid-state" "new-socket-limit"
      "address-not-bindable" "address-in-use" "remote-unreachable" "connection-refused" "connection-reset"
      "connection-aborted" "datagram-too-large" "name-unresolvable" "temporary-resolver-failure"
      "permanent-resolver-failure"))
    (export "error-code" (type $ec-e (eq $ec)))
    (type $v4 (tuple u8 u8 u8 u8))
    (export "ipv4-address" (type $v4-e (eq $v4)))
    (type $v4s (record (field "port" u16) (field "address" $v4-e)))
    (export "ipv4-socket-address" (type $v4s-e (eq $v4s)))
    (type $v6 (tuple u16 u16 u16 u16 u16 u16 u16 u16))
    (export "ipv6-address" (type $v6-e (eq $v6)))
    (type $v6s (record (field "port" u16) (field "flow-info" u32) (field "address" $v6-e) (field "scope-id" u32)))
    (export "ipv6-socket-address" (type $v6s-e (eq $v6s)))
    (type $isa (variant (case "ipv4" $v4s-e) (case "ipv6" $v6s-e)))
    (export "ip-socket-address" (type (eq $isa)))
    (type $fam (enum "ipv4" "ipv6"))
    (export "ip-address-family" (type (eq $fam)))))
  (alias export $network "network" (type $network))
  (alias export $network "error-code" (type $error-code))
  (alias export $network "ip-socket-address" (type $ip-socket-address))
  (alias export $network "ip-address-family" (type $ip-address-family))
  (import "wasi:sockets/instance-network@0.2.0" (instance $instance-network
    (alias outer 1 $network (type $n-outer))
    (export "network" (type $n (eq $n-outer)))
    (export "instance-network" (func (result (own $n))))))
  (import "wasi:sockets/tcp@0.2.0" (instance $tcp
    (export "tcp-socket" (type $sock (sub resource)))
    (alias outer 1 $error-code (type $ec-outer))
    (export "error-code" (type $ec (eq $ec-outer)))
    (alias outer 1 $network (type $n-outer))
    (export "network" (type $n (eq $n-outer)))
    (alias outer 1 $ip-socket-address (type $isa-outer))
    (export "ip-socket-address" (type $isa (eq $isa-outer)))
    (alias outer 1 $input-stream (type $in-outer))
    (export "input-stream" (type $in (eq $in-outer)))
    (alias outer 1 $output-stream (type $out-outer))
    (export "output-stream" (type $out (eq $out-outer)))
    (alias outer 1 $pollable (type $p-outer))
    (export "pollable" (type $p (eq $p-outer)))
    (export "[method]tcp-socket.start-connect"
      (func (param "self" (borrow $sock)) (param "network" (borrow $n)) (param "remote-address" $isa) (result (result (error $ec)))))
    (export "[method]tcp-socket.finish-connect"
      (func (param "self" (borrow $sock)) (result (result (tuple (own $in) (own $out)) (error $ec)))))
    (export "[method]tcp-socket.subscribe" (func (param "self" (borrow $sock)) (result (own $p))))))
  (alias export $tcp "tcp-socket" (type $tcp-socket))
  (import "wasi:sockets/tcp-create-socket@0.2.0" (instance $tcp-create
    (alias outer 1 $ip-address-family (type $f-outer))
    (export "ip-address-family" (type $f (eq $f-outer)))
    (alias outer 1 $tcp-socket (type $s-outer))
    (export "tcp-socket" (type $s (eq $s-outer)))
    (alias outer 1 $error-code (type $ec-outer))
    (export "error-code" (type $ec (eq $ec-outer)))
    (export "create-tcp-socket" (func (param "address-family" $f) (result (result (own $s) (error $ec)))))))

  ;; Memory and a bump allocator first, so the lowered imports can name them.
  (core module $Memory
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $at i32)
      (local.set $at (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                              (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $at) (local.get 3)))
      (local.get $at)))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "realloc" (core func $realloc))

  (core func $instance-network (canon lower (func $instance-network "instance-network")))
  (core func $create (canon lower (func $tcp-create "create-tcp-socket") (memory $mem)))
  (core func $start-connect (canon lower (func $tcp "[method]tcp-socket.start-connect") (memory $mem)))
  (core func $finish-connect (canon lower (func $tcp "[method]tcp-socket.finish-connect") (memory $mem)))
  (core func $subscribe (canon lower (func $tcp "[method]tcp-socket.subscribe")))
  (core func $block (canon lower (func $poll "[method]pollable.block")))
  (core func $drop-pollable (canon resource.drop $pollable))
  (core func $read (canon lower (func $streams "[method]input-stream.blocking-read") (memory $mem) (realloc $realloc)))

  (core module $Main
    (import "env" "memory" (memory 1))
    (import "wasi" "instance-network" (func $instance-network (result i32)))
    (import "wasi" "create" (func $create (param i32 i32)))
    (import "wasi" "start-connect" (func $start-connect (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
    (import "wasi" "finish-connect" (func $finish-connect (param i32 i32)))
    (import "wasi" "subscribe" (func $subscribe (param i32) (result i32)))
    (import "wasi" "block" (func $block (param i32)))
    (import "wasi" "drop-pollable" (func $drop-pollable (param i32)))
    (import "wasi" "read" (func $read (param i32 i64 i32)))
    ;; Return areas: 16 (discriminant), 20 and 24 (payload).
    (func (export "wait") (param $port i32) (result i32)
      (local $net i32) (local $sock i32) (local $in i32) (local $p i32)
      (local.set $net (call $instance-network))
      (call $create (i32.const 0) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (i32.add (i32.const 1000) (i32.load8_u (i32.const 20))))))
      (local.set $sock (i32.load (i32.const 20)))
      ;; ipv4 127.0.0.1:port; the six unused slots of the ipv6 case are zero.
      (call $start-connect (local.get $sock) (local.get $net)
        (i32.const 0) (local.get $port) (i32.const 127) (i32.const 0) (i32.const 0) (i32.const 1)
        (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
        (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (i32.add (i32.const 1000) (i32.load8_u (i32.const 20))))))
      (block $connected
        (loop $again
          (call $finish-connect (local.get $sock) (i32.const 16))
          (br_if $connected (i32.eqz (i32.load8_u (i32.const 16))))
          ;; 8 is would-block: wait on the socket's pollable and try again.
          (if (i32.ne (i32.load8_u (i32.const 20)) (i32.const 8))
            (then (return (i32.add (i32.const 1000) (i32.load8_u (i32.const 20))))))
          (local.set $p (call $subscribe (local.get $sock)))
          (call $block (local.get $p))
          (call $drop-pollable (local.get $p))
          (br $again)))
      (local.set $in (i32.load (i32.const 20)))
      (call $read (local.get $in) (i64.const 16) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (i32.const 2000))))
      (i32.load (i32.const 24))))
  (core instance $main (instantiate $Main
    (with "env" (instance (export "memory" (memory $mem))))
    (with "wasi" (instance
      (export "instance-network" (func $instance-network))
      (export "create" (func $create))
      (export "start-connect" (func $start-connect))
      (export "finish-connect" (func $finish-connect))
      (export "subscribe" (func $subscribe))
      (export "block" (func $block))
      (export "drop-pollable" (func $drop-pollable))
      (export "read" (func $read))))))
  (func (export "wait") (param "port" u16) (result u32) (canon lift (core func $main "wait"))))
