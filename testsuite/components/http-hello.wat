(component
  (type (;0;)
    (instance
      (export (;0;) "pollable" (type (sub resource)))
      (type (;1;) (borrow 0))
      (type (;2;) (func (param "self" 1)))
      (export (;0;) "[method]pollable.block" (func (type 2)))
    )
  )
  (import "wasi:io/poll@0.2.0" (instance (;0;) (type 0)))
  (alias export 0 "pollable" (type (;1;)))
  (type (;2;)
    (instance
      (type (;0;) u64)
      (export (;1;) "duration" (type (eq 0)))
      (alias outer 1 1 (type (;2;)))
      (export (;3;) "pollable" (type (eq 2)))
      (type (;4;) (own 3))
      (type (;5;) (func (param "when" 1) (result 4)))
      (export (;0;) "subscribe-duration" (func (type 5)))
    )
  )
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance (;1;) (type 2)))
  (type (;3;)
    (instance
      (export (;0;) "error" (type (sub resource)))
    )
  )
  (import "wasi:io/error@0.2.0" (instance (;2;) (type 3)))
  (alias export 2 "error" (type (;4;)))
  (type (;5;)
    (instance
      (export (;0;) "output-stream" (type (sub resource)))
      (alias outer 1 4 (type (;1;)))
      (export (;2;) "error" (type (eq 1)))
      (type (;3;) (own 2))
      (type (;4;) (variant (case "last-operation-failed" 3) (case "closed")))
      (export (;5;) "stream-error" (type (eq 4)))
      (type (;6;) (borrow 0))
      (type (;7;) (list u8))
      (type (;8;) (result (error 5)))
      (type (;9;) (func (param "self" 6) (param "contents" 7) (result 8)))
      (export (;0;) "[method]output-stream.blocking-write-and-flush" (func (type 9)))
    )
  )
  (import "wasi:io/streams@0.2.0" (instance (;3;) (type 5)))
  (alias export 3 "output-stream" (type (;6;)))
  (type (;7;)
    (instance
      (export (;0;) "fields" (type (sub resource)))
      (export (;1;) "headers" (type (eq 0)))
      (export (;2;) "outgoing-response" (type (sub resource)))
      (export (;3;) "outgoing-body" (type (sub resource)))
      (alias outer 1 6 (type (;4;)))
      (export (;5;) "output-stream" (type (eq 4)))
      (export (;6;) "trailers" (type (eq 0)))
      (type (;7;) (option string))
      (type (;8;) (option u16))
      (type (;9;) (record (field "rcode" 7) (field "info-code" 8)))
      (export (;10;) "DNS-error-payload" (type (eq 9)))
      (type (;11;) (option u8))
      (type (;12;) (record (field "alert-id" 11) (field "alert-message" 7)))
      (export (;13;) "TLS-alert-received-payload" (type (eq 12)))
      (type (;14;) (option u32))
      (type (;15;) (record (field "field-name" 7) (field "field-size" 14)))
      (export (;16;) "field-size-payload" (type (eq 15)))
      (type (;17;) (option u64))
      (type (;18;) (option 16))
      (type (;19;) (variant (case "DNS-timeout") (case "DNS-error" 10) (case "destination-not-found") (case "destination-unavailable") (case "destination-IP-prohibited") (case "destination-IP-unroutable") (case "connection-refused") (case "connection-terminated") (case "connection-timeout") (case "connection-read-timeout") (case "connection-write-timeout") (case "connection-limit-reached") (case "TLS-protocol-error") (case "TLS-certificate-error") (case "TLS-alert-received" 13) (case "HTTP-request-denied") (case "HTTP-request-length-required") (case "HTTP-request-body-size" 17) (case "HTTP-request-method-invalid") (case "HTTP-request-URI-invalid") (case "HTTP-request-URI-too-long") (case "HTTP-request-header-section-size" 14) (case "HTTP-request-header-size" 18) (case "HTTP-request-trailer-section-size" 14) (case "HTTP-request-trailer-size" 16) (case "HTTP-response-incomplete") (case "HTTP-response-header-section-size" 14) (case "HTTP-response-header-size" 16) (case "HTTP-response-body-size" 17) (case "HTTP-response-trailer-section-size" 14) (case "HTTP-response-trailer-size" 16) (case "HTTP-response-transfer-coding" 7) (case "HTTP-response-content-coding" 7) (case "HTTP-response-timeout") (case "HTTP-upgrade-failed") (case "HTTP-protocol-error") (case "loop-detected") (case "configuration-error") (case "internal-error" 7)))
      (export (;20;) "error-code" (type (eq 19)))
      (export (;21;) "response-outparam" (type (sub resource)))
      (export (;22;) "incoming-request" (type (sub resource)))
      (type (;23;) (own 0))
      (type (;24;) (func (result 23)))
      (export (;0;) "[constructor]fields" (func (type 24)))
      (type (;25;) (own 21))
      (type (;26;) (own 2))
      (type (;27;) (result 26 (error 20)))
      (type (;28;) (func (param "param" 25) (param "response" 27)))
      (export (;1;) "[static]response-outparam.set" (func (type 28)))
      (type (;29;) (own 1))
      (type (;30;) (func (param "headers" 29) (result 26)))
      (export (;2;) "[constructor]outgoing-response" (func (type 30)))
      (type (;31;) (borrow 2))
      (type (;32;) (own 3))
      (type (;33;) (result 32))
      (type (;34;) (func (param "self" 31) (result 33)))
      (export (;3;) "[method]outgoing-response.body" (func (type 34)))
      (type (;35;) (borrow 3))
      (type (;36;) (own 5))
      (type (;37;) (result 36))
      (type (;38;) (func (param "self" 35) (result 37)))
      (export (;4;) "[method]outgoing-body.write" (func (type 38)))
      (type (;39;) (own 6))
      (type (;40;) (option 39))
      (type (;41;) (result (error 20)))
      (type (;42;) (func (param "this" 32) (param "trailers" 40) (result 41)))
      (export (;5;) "[static]outgoing-body.finish" (func (type 42)))
    )
  )
  (import "wasi:http/types@0.2.0" (instance (;4;) (type 7)))
  (core module (;0;)
    (type (;0;) (func (result i32)))
    (type (;1;) (func (param i32) (result i32)))
    (type (;2;) (func (param i32 i32)))
    (type (;3;) (func (param i32 i32 i32 i32)))
    (type (;4;) (func (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (type (;5;) (func (param i32)))
    (type (;6;) (func (param i64) (result i32)))
    (type (;7;) (func (param i32 i32 i32 i32) (result i32)))
    (type (;8;) (func))
    (import "cm32p2|wasi:http/types@0.2" "[constructor]fields" (func (;0;) (type 0) (result i32)))
    (import "cm32p2|wasi:http/types@0.2" "[constructor]outgoing-response" (func (;1;) (type 1) (param i32) (result i32)))
    (import "cm32p2|wasi:http/types@0.2" "[method]outgoing-response.body" (func (;2;) (type 2) (param i32 i32)))
    (import "cm32p2|wasi:http/types@0.2" "[method]outgoing-body.write" (func (;3;) (type 2) (param i32 i32)))
    (import "cm32p2|wasi:http/types@0.2" "[static]outgoing-body.finish" (func (;4;) (type 3) (param i32 i32 i32 i32)))
    (import "cm32p2|wasi:http/types@0.2" "[static]response-outparam.set" (func (;5;) (type 4) (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "cm32p2|wasi:http/types@0.2" "incoming-request_drop" (func (;6;) (type 5) (param i32)))
    (import "cm32p2|wasi:io/streams@0.2" "[method]output-stream.blocking-write-and-flush" (func (;7;) (type 3) (param i32 i32 i32 i32)))
    (import "cm32p2|wasi:io/streams@0.2" "output-stream_drop" (func (;8;) (type 5) (param i32)))
    (import "cm32p2|wasi:clocks/monotonic-clock@0.2" "subscribe-duration" (func (;9;) (type 6) (param i64) (result i32)))
    (import "cm32p2|wasi:io/poll@0.2" "[method]pollable.block" (func (;10;) (type 5) (param i32)))
    (import "cm32p2|wasi:io/poll@0.2" "pollable_drop" (func (;11;) (type 5) (param i32)))
    (memory (;0;) 1)
    (export "cm32p2_memory" (memory 0))
    (export "cm32p2_realloc" (func 12))
    (export "cm32p2_initialize" (func 13))
    (export "cm32p2|wasi:http/incoming-handler@0.2|handle" (func 14))
    (func (;12;) (type 7) (param i32 i32 i32 i32) (result i32)
      unreachable
    )
    (func (;13;) (type 8))
    (func (;14;) (type 2) (param i32 i32)
      (local i32 i32 i32 i32)
      local.get 0
      call 6
      call 0
      call 1
      local.set 2
      local.get 2
      i32.const 0
      call 2
      i32.const 4
      i32.load
      local.set 3
      local.get 3
      i32.const 0
      call 3
      i32.const 4
      i32.load
      local.set 4
      local.get 1
      i32.const 0
      local.get 2
      i32.const 0
      i64.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      i32.const 0
      call 5
      local.get 4
      i32.const 256
      i32.const 17
      i32.const 64
      call 7
      local.get 4
      call 8
      local.get 3
      i32.const 0
      i32.const 0
      i32.const 64
      call 4
    )
    (data (;0;) (i32.const 256) "hello from wippy\0a")
  )
  (core module (;1;)
    (type (;0;) (func (param i32 i32)))
    (type (;1;) (func (param i32 i32 i32 i32)))
    (type (;2;) (func (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (table (;0;) 5 5 funcref)
    (export "0" (func 0))
    (export "1" (func 1))
    (export "2" (func 2))
    (export "3" (func 3))
    (export "4" (func 4))
    (export "$imports" (table 0))
    (func (;0;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 0
      call_indirect (type 0)
    )
    (func (;1;) (type 0) (param i32 i32)
      local.get 0
      local.get 1
      i32.const 1
      call_indirect (type 0)
    )
    (func (;2;) (type 1) (param i32 i32 i32 i32)
      local.get 0
      local.get 1
      local.get 2
      local.get 3
      i32.const 2
      call_indirect (type 1)
    )
    (func (;3;) (type 2) (param i32 i32 i32 i32 i64 i32 i32 i32 i32)
      local.get 0
      local.get 1
      local.get 2
      local.get 3
      local.get 4
      local.get 5
      local.get 6
      local.get 7
      local.get 8
      i32.const 3
      call_indirect (type 2)
    )
    (func (;4;) (type 1) (param i32 i32 i32 i32)
      local.get 0
      local.get 1
      local.get 2
      local.get 3
      i32.const 4
      call_indirect (type 1)
    )
  )
  (core instance (;0;) (instantiate 1))
  (alias export 4 "incoming-request" (type (;8;)))
  (alias export 4 "response-outparam" (type (;9;)))
  (alias export 4 "[constructor]fields" (func (;0;)))
  (core func (;0;) (canon lower (func 0)))
  (alias export 4 "[constructor]outgoing-response" (func (;1;)))
  (core func (;1;) (canon lower (func 1)))
  (alias core export 0 "0" (core func (;2;)))
  (alias core export 0 "1" (core func (;3;)))
  (alias core export 0 "2" (core func (;4;)))
  (alias core export 0 "3" (core func (;5;)))
  (alias export 4 "incoming-request" (type (;10;)))
  (core func (;6;) (canon resource.drop 10))
  (core instance (;1;)
    (export "[constructor]fields" (func 0))
    (export "[constructor]outgoing-response" (func 1))
    (export "[method]outgoing-response.body" (func 2))
    (export "[method]outgoing-body.write" (func 3))
    (export "[static]outgoing-body.finish" (func 4))
    (export "[static]response-outparam.set" (func 5))
    (export "incoming-request_drop" (func 6))
  )
  (alias core export 0 "4" (core func (;7;)))
  (alias export 3 "output-stream" (type (;11;)))
  (core func (;8;) (canon resource.drop 11))
  (core instance (;2;)
    (export "[method]output-stream.blocking-write-and-flush" (func 7))
    (export "output-stream_drop" (func 8))
  )
  (alias export 1 "subscribe-duration" (func (;2;)))
  (core func (;9;) (canon lower (func 2)))
  (core instance (;3;)
    (export "subscribe-duration" (func 9))
  )
  (alias export 0 "[method]pollable.block" (func (;3;)))
  (core func (;10;) (canon lower (func 3)))
  (alias export 0 "pollable" (type (;12;)))
  (core func (;11;) (canon resource.drop 12))
  (core instance (;4;)
    (export "[method]pollable.block" (func 10))
    (export "pollable_drop" (func 11))
  )
  (core instance (;5;) (instantiate 0
      (with "cm32p2|wasi:http/types@0.2" (instance 1))
      (with "cm32p2|wasi:io/streams@0.2" (instance 2))
      (with "cm32p2|wasi:clocks/monotonic-clock@0.2" (instance 3))
      (with "cm32p2|wasi:io/poll@0.2" (instance 4))
    )
  )
  (alias core export 5 "cm32p2_memory" (core memory (;0;)))
  (core module (;2;)
    (type (;0;) (func (param i32 i32)))
    (type (;1;) (func (param i32 i32 i32 i32)))
    (type (;2;) (func (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (type (;3;) (func))
    (import "actual" "0" (func (;0;) (type 0) (param i32 i32)))
    (import "actual" "1" (func (;1;) (type 0) (param i32 i32)))
    (import "actual" "2" (func (;2;) (type 1) (param i32 i32 i32 i32)))
    (import "actual" "3" (func (;3;) (type 2) (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "actual" "4" (func (;4;) (type 1) (param i32 i32 i32 i32)))
    (import "main" "cm32p2_initialize" (func (;5;) (type 3)))
    (import "shim" "$imports" (table (;0;) 5 5 funcref))
    (start 5)
    (elem (;0;) (i32.const 0) func 0 1 2 3 4)
  )
  (alias export 4 "[method]outgoing-response.body" (func (;4;)))
  (core func (;12;) (canon lower (func 4) (memory 0)))
  (alias export 4 "[method]outgoing-body.write" (func (;5;)))
  (core func (;13;) (canon lower (func 5) (memory 0)))
  (alias export 4 "[static]outgoing-body.finish" (func (;6;)))
  (alias core export 5 "cm32p2_realloc" (core func (;14;)))
  (core func (;15;) (canon lower (func 6) (memory 0) (realloc 14) string-encoding=utf8))
  (alias export 4 "[static]response-outparam.set" (func (;7;)))
  (core func (;16;) (canon lower (func 7) (memory 0) string-encoding=utf8))
  (alias export 3 "[method]output-stream.blocking-write-and-flush" (func (;8;)))
  (core func (;17;) (canon lower (func 8) (memory 0)))
  (core instance (;6;)
    (export "0" (func 12))
    (export "1" (func 13))
    (export "2" (func 15))
    (export "3" (func 16))
    (export "4" (func 17))
  )
  (core instance (;7;) (instantiate 2
      (with "actual" (instance 6))
      (with "main" (instance 5))
      (with "shim" (instance 0))
    )
  )
  (type (;13;) (own 8))
  (type (;14;) (own 9))
  (type (;15;) (func (param "request" 13) (param "response-out" 14)))
  (alias core export 5 "cm32p2|wasi:http/incoming-handler@0.2|handle" (core func (;18;)))
  (func (;9;) (type 15) (canon lift (core func 18)))
  (component (;0;)
    (import "import-type-incoming-request" (type (;0;) (sub resource)))
    (import "import-type-response-outparam" (type (;1;) (sub resource)))
    (import "import-type-incoming-request0" (type (;2;) (eq 0)))
    (type (;3;) (own 2))
    (import "import-type-response-outparam0" (type (;4;) (eq 1)))
    (type (;5;) (own 4))
    (type (;6;) (func (param "request" 3) (param "response-out" 5)))
    (import "import-func-handle" (func (;0;) (type 6)))
    (export (;7;) "incoming-request" (type 0))
    (export (;8;) "response-outparam" (type 1))
    (type (;9;) (own 7))
    (type (;10;) (own 8))
    (type (;11;) (func (param "request" 9) (param "response-out" 10)))
    (export (;1;) "handle" (func 0) (func (type 11)))
  )
  (instance (;5;) (instantiate 0
      (with "import-func-handle" (func 9))
      (with "import-type-incoming-request" (type 8))
      (with "import-type-response-outparam" (type 9))
      (with "import-type-incoming-request0" (type 8))
      (with "import-type-response-outparam0" (type 9))
    )
  )
  (export (;6;) "wasi:http/incoming-handler@0.2.0" (instance 5))
)
