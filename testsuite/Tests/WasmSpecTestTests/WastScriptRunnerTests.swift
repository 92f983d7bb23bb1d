import Testing
@testable import WasmSpecTest

// `.wast` scripts through the same runner as JSON scripts.

/// Runs a `.wast` script in-process.
private func runWast(_ text: String, verbose: Bool = false) -> ScriptReport {
    switch WastConversion.script(bytes: Array(text.utf8), path: "t.wast") {
    case .failure(let error):
        Issue.record("script did not parse: \(error)")
        return ScriptReport()
    case .success(let script):
        return ProcessIsolation.inProcess(script: script, verbose: verbose)
    }
}

@Suite("WAST scripts")
struct WastScriptRunnerTests {
    @Test func returnsTrapsAndModules() {
        let report = runWast("""
            (module $m
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "nan") (result f32) (f32.const nan))
              (func (export "v") (result v128) (v128.const i16x8 1 2 3 4 5 6 7 -1))
              (func (export "null") (result externref) (ref.null extern))
              (global (export "g") i64 (i64.const -7)))
            (assert_return (invoke "add" (i32.const 1) (i32.const -1)) (i32.const 0))
            (assert_return (invoke $m "add" (i32.const 0xffffffff) (i32.const 2)) (i32.const 1))
            (assert_return (invoke "add" (i32.const 1) (i32.const 1)) (i32.const 3))
            (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
            (assert_return (invoke "nan") (f32.const nan:canonical))
            (assert_return (invoke "nan") (either (f32.const 1) (f32.const nan:arithmetic)))
            (assert_return (invoke "v") (v128.const i16x8 1 2 3 4 5 6 7 0xffff))
            (assert_return (invoke "null") (ref.null extern))
            (assert_return (get "g") (i64.const -7))
            (invoke "add" (i32.const 1) (i32.const 2))
            """)
        #expect(report.passed == 9)
        #expect(report.failed == 1)
        #expect(report.failures.map(\.line) == [10])
        #expect(report.failures.first?.message == "assert_return add: expected [i32:3], got [i32:2]")
    }

    @Test func moduleAssertions() {
        let report = runWast("""
            (assert_malformed (module quote "(func i32.bogus)") "unknown operator")
            (assert_malformed (module binary "\\00asm" "\\02\\00\\00\\00") "unknown binary version")
            (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
            (assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
            (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
            (assert_malformed (module quote "(func)") "this one is well formed")
            (assert_invalid (module (func i32.bogus)) "a malformed module is not invalid")
            """)
        #expect(report.passed == 5)
        #expect(report.failed == 2)
        #expect(report.failures.map(\.line) == [6, 7])
    }

    @Test func customAnnotationAssertions() {
        let report = runWast("""
            (module (@custom "s" (after type) "x") (func $f (@name "F") i32.const 0 (@metadata.code.branch_hint "\\01") br_if 0))
            (assert_malformed_custom (module quote "(@custom)") "@custom annotation: missing section name")
            (assert_malformed_custom (module quote "(func (@custom \\"s\\"))") "misplaced @custom annotation")
            (assert_malformed_custom (module quote "(module (@name \\"a\\") (@name \\"b\\"))") "@name annotation: multiple module")
            (assert_invalid_custom
              (module (func i32.const 0 (@metadata.code.branch_hint "\\01") i32.eqz drop))
              "@metadata.code.branch_hint annotation: invalid target")
            (assert_malformed_custom (module quote "(func)") "a well-formed module")
            (assert_invalid_custom (module (func i32.const 0 (@metadata.code.branch_hint "\\01") if end)) "valid hint")
            """)
        #expect(report.passed == 4)
        #expect(report.failed == 2)
        #expect(report.skipped == 0)
        #expect(report.failures.map(\.line) == [8, 9])
    }

    @Test func registerAndSpectest() {
        let report = runWast("""
            (module $a (func (export "one") (result i32) (i32.const 1)))
            (register "a" $a)
            (module
              (import "a" "one" (func $one (result i32)))
              (import "spectest" "print_i32" (func (param i32)))
              (func (export "two") (result i32) (i32.add (call $one) (call $one))))
            (assert_return (invoke "two") (i32.const 2))
            (assert_return (invoke $a "one") (i32.const 1))
            """)
        #expect(report.passed == 2)
        #expect(report.failed == 0)
    }

    @Test func malformedModuleCommandsFail() {
        let report = runWast("""
            (module (func i32.bogus))
            (assert_return (invoke "f") (i32.const 1))
            """)
        #expect(report.failed == 1)
        #expect(report.failures.first?.line == 1)
        #expect(report.failures.first?.message.contains("unknown operator") == true)
    }
}
