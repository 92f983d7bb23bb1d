import Testing
@testable import WasmText

/// The errors use the specification's words, and say where the problem is.
@Suite struct ErrorMessageTests {
    @Test(arguments: [
        ("(func i32.foo)", "unknown operator"),
        ("(func (i32.foo))", "unknown operator"),
        ("(func (i32.const0))", "unknown operator"),
        ("(func \"a\"x)", "unknown operator"),
        ("(func (i32.const 0x1_0000_0000) drop)", "constant out of range"),
        ("(func (i64.const 0x1_0000_0000_0000_0000) drop)", "constant out of range"),
        ("(func (f32.const 1e40) drop)", "constant out of range"),
        ("(func (f32.const nan:0x0) drop)", "constant out of range"),
        ("(func (f32.const .5) drop)", "unknown operator"),
        ("(func (i32.const nan:canonical) drop)", "unexpected token"),
        ("(type $t (func)) (func (type $t) (param i32))", "inline function type"),
        ("(type $t (func (param i32))) (func (block (type $t) (result i32)) (unreachable))", "inline function type"),
        ("(func (result i32) (param i32))", "unexpected token"),
        ("(func (nop) (local i32))", "unexpected token"),
        ("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))", "alignment must be a power of two"),
        ("(func br $l)", "unknown label $l"),
        ("(func block $a end $b)", "mismatching label"),
        ("(func block end $a)", "mismatching label"),
        ("(func $f) (func $f)", "duplicate func $f"),
        ("(global $g i32 (i32.const 0)) (global $g i32 (i32.const 0))", "duplicate global $g"),
        ("(func (param $x i32) (local $x i32))", "duplicate local $x"),
        ("(func (local.get $y))", "unknown local $y"),
        ("(func (call $nowhere))", "unknown func $nowhere"),
        ("(func (call_indirect (type $t)))", "unknown type $t"),
        ("(func) (import \"m\" \"f\" (func))", "import after function"),
        ("(memory 0) (import \"m\" \"m\" (memory 0))", "import after memory"),
        ("(start 0) (start 0)", "multiple start sections"),
        ("(func (export \"\\ff\"))", "malformed UTF-8 encoding"),
        ("(func", "unexpected end"),
        ("(func))", "unexpected token"),
        ("(module (func)) (func)", "unexpected token"),
        ("(func i32.bogus))", "unknown operator"),
        ("(func (i8x16.extract_lane_s 256 (v128.const i32x4 0 0 0 0)) drop)", "malformed lane index"),
        ("(func (i8x16.extract_lane_s -1 (v128.const i32x4 0 0 0 0)) drop)", "unexpected token"),
        ("(func (v128.const i32x4 0 0 0) drop)", "wrong number of lane literals"),
        ("(func (v128.const i32x4 0 0 0 0 0) drop)", "wrong number of lane literals"),
        ("(func (i8x16.shuffle 0 1 2) drop)", "invalid lane length"),
        ("(func (if (i32.const 1) (nop)))", "unexpected token"),
        ("(foo)", "unknown operator"),
        ("(data\"a\")", "unknown operator"),
        ("(param i32)", "unexpected token"),
    ])
    func message(text: String, message: String) {
        #expect(parseError(text)?.message == message, "\(text)")
    }

    @Test func positions() {
        let error = parseError("(module\n  (func\n    i32.const 1\n    i32.bogus))")
        #expect(error?.line == 4)
        #expect(error?.column == 5)
        #expect(error?.description == "4:5: unknown operator `i32.bogus`")
    }

    @Test func quotedModulesReportTheQuote() {
        let error = parseError("(module quote\n  \"(func i32.bogus)\")")
        #expect(error?.message == "unknown operator")
        #expect(error?.line == 1)
    }
}

@Suite struct LaneMessageTests {
    @Test(arguments: [
        ("(func (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15.0 (v128.const i64x2 0 0) (v128.const i64x2 0 0)) drop)", "malformed lane index"),
        ("(func (i8x16.shuffle -inf 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (v128.const i64x2 0 0) (v128.const i64x2 0 0)) drop)", "malformed lane index"),
        ("(func (i8x16.shuffle nan 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (v128.const i64x2 0 0) (v128.const i64x2 0 0)) drop)", "malformed lane index"),
        ("(func (f32.const nan:1) drop)", "unknown operator"),
        ("(func (v128.const f64x2 nan:1 nan:1) drop)", "unknown operator"),
        ("(global $g anyfunc (ref.null func))", "unknown operator"),
    ])
    func message(text: String, message: String) {
        #expect(parseError(text)?.message == message, "\(text)")
    }
}
