;; http-length-without-body: a wasi:http/incoming-handler whose response declares a body length
;; but has no body: it answers 200 with `content-length: 5` and `x-declared: yes` and never
;; calls `outgoing-response.body`.
;; Build: wasm-tools parse http-length-without-body.wat -o http-length-without-body.wasm
(component
  (import "wasi:http/types@0.2.0" (instance $types
    (export "fields" (type $fields (sub resource)))
    (export "headers" (type $headers (eq $fields)))
    (export "outgoing-response" (type $response (sub resource)))
    (type $dns-def (record (field "rcode" (option string)) (field "info-code" (option u16))))
    (export "DNS-error-payload" (type $dns (eq $dns-def)))
    (type $tls-def (record (field "alert-id" (option u8)) (field "alert-message" (option string))))
    (export "TLS-alert-received-payload" (type $tls (eq $tls-def)))
    (type $fs-def (record (field "field-name" (option string)) (field "field-size" (option u32))))
    (export "field-size-payload" (type $fs (eq $fs-def)))
    (type $ec-def (variant (case "DNS-timeout") (case "DNS-error" $dns) (case "destination-not-found")
      (case "destination-unavailable") (case "destination-IP-prohibited") (case "destination-IP-unroutable")
      (case "connection-refused") (case "connection-terminated") (case "connection-timeout")
      (case "connection-read-timeout") (case "connection-write-timeout") (case "connection-limit-reached")
      (case "TLS-protocol-error") (case "TLS-certificate-error") (case "TLS-alert-received" $tls)
      (case "HTTP-request-denied") (case "HTTP-request-length-required") (case "HTTP-request-body-size" (option u64))
      (case "HTTP-request-method-invalid") (case "HTTP-request-URI-invalid") (case "HTTP-request-URI-too-long")
      (case "HTTP-request-header-section-size" (option u32)) (case "HTTP-request-header-size" (option $fs))
      (case "HTTP-request-trailer-section-size" (option u32)) (case "HTTP-request-trailer-size" $fs)
      (case "HTTP-response-incomplete") (case "HTTP-response-header-section-size" (option u32))
      (case "HTTP-response-header-size" $fs) (case "HTTP-response-body-size" (option u64))
      (case "HTTP-response-trailer-section-size" (option u32)) (case "HTTP-response-trailer-size" $fs)
      (case "HTTP-response-transfer-coding" (option string)) (case "HTTP-response-content-coding" (option string))
      (case "HTTP-response-timeout") (case "HTTP-upgrade-failed") (case "HTTP-protocol-error")
      (case "loop-detected") (case "configuration-error") (case "internal-error" (option string))))
    (export "error-code" (type $ec (eq $ec-def)))
    (type $he-def (variant (case "invalid-syntax") (case "forbidden") (case "immutable")))
    (export "header-error" (type $he (eq $he-def)))
    (export "response-outparam" (type $outparam (sub resource)))
    (export "incoming-request" (type $request (sub resource)))
    (export "[constructor]fields" (func (result (own $fields))))
    (export "[method]fields.append"
      (func (param "self" (borrow $fields)) (param "name" string) (param "value" (list u8)) (result (result (error $he)))))
    (export "[static]response-outparam.set"
      (func (param "param" (own $outparam)) (param "response" (result (own $response) (error $ec)))))
    (export "[constructor]outgoing-response" (func (param "headers" (own $headers)) (result (own $response))))))
  (alias export $types "incoming-request" (type $incoming-request))
  (alias export $types "response-outparam" (type $response-outparam))

  ;; Memory and a bump allocator first, so the lowered imports can name them.
  (core module $Memory
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $at i32)
      (local.set $at (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                              (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $at) (local.get 3)))
      (local.get $at)))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "realloc" (core func $realloc))

  (core func $fields (canon lower (func $types "[constructor]fields")))
  (core func $append (canon lower (func $types "[method]fields.append") (memory $mem) string-encoding=utf8))
  (core func $set (canon lower (func $types "[static]response-outparam.set") (memory $mem) string-encoding=utf8))
  (core func $response (canon lower (func $types "[constructor]outgoing-response")))
  (core func $drop-request (canon resource.drop $incoming-request))

  (core module $Main
    (import "env" "memory" (memory 1))
    (import "http" "fields" (func $fields (result i32)))
    (import "http" "append" (func $append (param i32 i32 i32 i32 i32 i32)))
    (import "http" "set" (func $set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "http" "response" (func $response (param i32) (result i32)))
    (import "io" "drop-request" (func $drop-request (param i32)))
    ;; Strings: field names at 256 and 288, their values at 272 and 304.
    (data (i32.const 256) "content-length")
    (data (i32.const 272) "5")
    (data (i32.const 288) "x-declared")
    (data (i32.const 304) "yes")
    (func (export "handle") (param $request i32) (param $outparam i32)
      (local $headers i32)
      (call $drop-request (local.get $request))
      (local.set $headers (call $fields))
      (call $append (local.get $headers) (i32.const 256) (i32.const 14) (i32.const 272) (i32.const 1) (i32.const 64))
      (call $append (local.get $headers) (i32.const 288) (i32.const 10) (i32.const 304) (i32.const 3) (i32.const 64))
      ;; ok(response), whose body is never asked for
      (call $set (local.get $outparam) (i32.const 0) (call $response (local.get $headers)) (i32.const 0) (i64.const 0)
        (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))))
  (core instance $main (instantiate $Main
    (with "env" (instance (export "memory" (memory $mem))))
    (with "http" (instance
      (export "fields" (func $fields))
      (export "append" (func $append))
      (export "set" (func $set))
      (export "response" (func $response))))
    (with "io" (instance
      (export "drop-request" (func $drop-request))))))
  (func $handle (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $main "handle")))
  (component $Handler
    (import "import-type-incoming-request" (type $req (sub resource)))
    (import "import-type-response-outparam" (type $param (sub resource)))
    (import "import-func-handle" (func $f (param "request" (own $req)) (param "response-out" (own $param))))
    (export $req-e "incoming-request" (type $req))
    (export $param-e "response-outparam" (type $param))
    (export "handle" (func $f) (func (param "request" (own $req-e)) (param "response-out" (own $param-e)))))
  (instance $handler (instantiate $Handler
    (with "import-func-handle" (func $handle))
    (with "import-type-incoming-request" (type $incoming-request))
    (with "import-type-response-outparam" (type $response-outparam))))
  (export "wasi:http/incoming-handler@0.2.0" (instance $handler)))
