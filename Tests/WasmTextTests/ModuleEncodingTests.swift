import Testing
import WasmBinary
@testable import WasmText

@Suite struct ModuleEncodingTests {
    @Test func emptyModules() throws {
        #expect(try parseWAT("(module)") == [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
        #expect(try parseWAT("") == [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
        #expect(try parseWAT("(module $m)") == [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
        #expect(try parseWAT(#"(module binary "\00asm" "\01\00\00\00")"#) == [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
        #expect(try parseWAT(#"(module quote "(func)")"#).count > 8)
    }

    @Test func flatAndFoldedBodiesAreTheSame() throws {
        let flat = try module("(func (param i32) (result i32) local.get 0 i32.const 1 i32.add)")
        let folded = try module("(func (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))")
        #expect(body(flat) == body(folded))
        #expect(body(flat) == [0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B])
    }

    @Test func namedIndicesAndLocals() throws {
        let m = try module("""
            (func $f (param $a i32) (param i64) (local $x f32) (local f64 f64)
              (local.set $x (f32.const 1))
              (call $g (local.get $a)))
            (func $g (param i32))
            """)
        #expect(m.bodies[0].locals == [.f32, .f64, .f64])
        #expect(body(m) == [0x43, 0x00, 0x00, 0x80, 0x3F, 0x21, 0x02, 0x20, 0x00, 0x10, 0x01, 0x0B])
    }

    @Test func implicitTypesAreReusedAndAppended() throws {
        let m = try module("""
            (type $t (func (param i32)))
            (func (param i32))
            (func (result i64) (i64.const 0))
            (func (param i32))
            (type (func (param i32)))
            """)
        #expect(m.types == [
            FunctionType(parameters: [.i32], results: []),
            FunctionType(parameters: [.i32], results: []),
            FunctionType(parameters: [], results: [.i64]),
        ])
        #expect(m.functionTypeIndices == [0, 2, 0])
    }

    @Test func inlineImportsAndExports() throws {
        let m = try module("""
            (func $i (import "m" "f") (param i32))
            (global $g (import "m" "g") (mut i64))
            (func (export "a") (export "b") (call $i (i32.const 0)))
            (memory (export "mem") 1 2)
            (export "g" (global $g))
            """)
        #expect(m.imports.map(\.name) == ["f", "g"])
        #expect(m.imports[1].descriptor == .global(GlobalType(valueType: .i64, mutability: .variable)))
        #expect(m.exports.map(\.name) == ["a", "b", "mem", "g"])
        #expect(m.exports[0].index == 1)
        #expect(m.memories == [MemoryType(limits: Limits(min: 1, max: 2))])
    }

    @Test func inlineDataAndElements() throws {
        let m = try module("""
            (memory (data "ab" "c"))
            (table funcref (elem $f $f))
            (func $f)
            """)
        #expect(m.memories == [MemoryType(limits: Limits(min: 1, max: 1))])
        #expect(m.tables[0].type.limits == Limits(min: 2, max: 2))
        #expect(m.data.count == 1)
        #expect(Array(m.bytes[m.data[0].bytes]) == Array("abc".utf8))
        #expect(m.elements.count == 1)
        #expect(m.elements[0].items.count == 2)
        #expect(m.elements[0].type == RefType(nullable: false, heapType: .function))
    }

    @Test func segmentForms() throws {
        let m = try module("""
            (table $t 10 funcref)
            (memory $m 1)
            (func $f)
            (elem (i32.const 0) $f)
            (elem (table $t) (offset (i32.const 1)) func $f)
            (elem $p func $f)
            (elem declare func $f)
            (elem funcref (ref.func $f) (ref.null func) (item ref.func $f))
            (data (i32.const 0) "x")
            (data (memory $m) (offset (i32.const 1)) "y")
            (data $d "z")
            """)
        #expect(m.elements.count == 5)
        if case .active(table: 0, _) = m.elements[1].mode {} else { Issue.record("active in table 0") }
        #expect(m.elements[2].mode == .passive)
        #expect(m.elements[3].mode == .declarative)
        #expect(m.elements[4].type == .funcref)
        #expect(m.elements[4].items.count == 3)
        #expect(m.data.count == 3)
        #expect(m.data[2].mode == .passive)
    }

    @Test func blocksAndLabels() throws {
        let m = try module("""
            (func (result i32)
              (block $out (result i32)
                (loop $in
                  (br_if $in (i32.const 0))
                  (br_table $in $out (i32.const 1) (i32.const 2)))
                i32.const 3)
              block $b
                br $b
              end $b
              (if (result i32) (i32.const 1) (then (i32.const 1)) (else (i32.const 2)))
              drop)
            """)
        #expect(body(m) == [
            0x02, 0x7F, 0x03, 0x40, 0x41, 0x00, 0x0D, 0x00, 0x41, 0x01, 0x41, 0x02, 0x0E, 0x01, 0x00, 0x01,
            0x0B, 0x41, 0x03, 0x0B, 0x02, 0x40, 0x0C, 0x00, 0x0B, 0x41, 0x01, 0x04, 0x7F, 0x41, 0x01, 0x05,
            0x41, 0x02, 0x0B, 0x1A, 0x0B,
        ])
    }

    @Test func multiValueBlockTypesUseTypeIndices() throws {
        let m = try module("(func (block (param) (result i32 i32) (i32.const 1) (i32.const 2)) drop drop)")
        #expect(m.types.count == 2)
        #expect(m.types[1] == FunctionType(parameters: [], results: [.i32, .i32]))
        #expect(body(m).prefix(2) == [0x02, 0x01])
    }

    @Test func memoryArguments() throws {
        let m = try module("""
            (memory 1) (memory $two i64 1)
            (func
              (drop (i32.load offset=8 align=2 (i32.const 0)))
              (drop (i64.load8_u $two (i64.const 0)))
              (i32.store16 align=1 (i32.const 0) (i32.const 0)))
            """)
        #expect(body(m) == [
            0x41, 0x00, 0x28, 0x01, 0x08, 0x1A,
            0x42, 0x00, 0x31, 0x40, 0x01, 0x00, 0x1A,
            0x41, 0x00, 0x41, 0x00, 0x3B, 0x00, 0x00, 0x0B,
        ])
    }

    @Test func vectorInstructions() throws {
        let m = try module("""
            (memory 1)
            (func (result v128)
              (v128.const i32x4 1 2 3 -1)
              (v128.const f32x4 1 -0 inf nan)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
              (v128.load8_lane 3 (i32.const 0))
              (i32x4.extract_lane 3) drop
              (v128.const i64x2 0 0))
            """)
        let code = body(m)
        #expect(Array(code[0..<18]) == [0xFD, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(Array(code[18..<36]) == [0xFD, 0x0C, 0, 0, 0x80, 0x3F, 0, 0, 0, 0x80, 0, 0, 0x80, 0x7F, 0, 0, 0xC0, 0x7F])
    }

    @Test func referencesAndExceptions() throws {
        let m = try module("""
            (tag $e (param i32))
            (func $f (result funcref) (ref.func $f))
            (func (result i32)
              (block $h (result i32)
                (try_table (catch $e $h) (throw $e (i32.const 7)))
                (i32.const 0)))
            (func (param externref) (result i32) (ref.is_null (local.get 0)))
            (func (select (result i32) (i32.const 1) (i32.const 2) (i32.const 3)) drop)
            """)
        #expect(m.tags.count == 1)
        #expect(body(m, 1) == [0x02, 0x7F, 0x1F, 0x40, 0x01, 0x00, 0x00, 0x00, 0x41, 0x07, 0x08, 0x00, 0x0B, 0x41, 0x00, 0x0B, 0x0B])
        #expect(body(m, 3) == [0x41, 0x01, 0x41, 0x02, 0x41, 0x03, 0x1C, 0x01, 0x7F, 0x1A, 0x0B])
    }

    @Test func tailCallsAndIndirectCalls() throws {
        let m = try module("""
            (type $t (func (param i32) (result i32)))
            (table 1 funcref)
            (func $f (param i32) (result i32)
              (return_call_indirect (type $t) (local.get 0) (i32.const 0)))
            (func (param i32) (result i32) (return_call $f (local.get 0)))
            (func (call_indirect (param i64) (i64.const 1) (i32.const 0)))
            """)
        #expect(body(m, 0) == [0x20, 0x00, 0x41, 0x00, 0x13, 0x00, 0x00, 0x0B])
        #expect(body(m, 2) == [0x42, 0x01, 0x41, 0x00, 0x11, 0x02, 0x00, 0x0B])
        #expect(m.types[2] == FunctionType(parameters: [.i64], results: []))
    }

    @Test func constantExpressions() throws {
        let m = try module("""
            (global $a i32 (i32.const 1))
            (global $b i32 (i32.add (global.get $a) (i32.const 2)))
            (global funcref (ref.null func))
            """)
        #expect(m.globals.count == 3)
        #expect(m.globals[1].initializer.instructions.count == 3)
    }

    @Test func dataCountWhenBulkMemoryUsesData() throws {
        let m = try module(#"(memory 1) (data $d "x") (func (data.drop $d))"#)
        #expect(m.dataCount == 1)
        let n = try module(#"(memory 1) (data "x") (func)"#)
        #expect(n.dataCount == nil)
    }

    @Test func functionNames() throws {
        let m = try module(#"(func $imported (import "m" "f")) (func) (func $"hello world")"#)
        #expect(m.functionNames == [0: "imported", 2: "hello world"])
        #expect(m.customSections.map(\.name) == ["name"])
    }

    @Test func table64AndMemory64() throws {
        let m = try module("(table i64 1 funcref) (memory i64 2 3) (table $t i64 funcref (elem))")
        #expect(m.tables[0].type.limits.is64)
        #expect(m.memories[0].limits == Limits(min: 2, max: 3, is64: true))
    }
}
