import Testing
import WasmBinary
import WasmText
@testable import WasmInterpreter

/// `struct.get` and `struct.set` of every field but v128 run as threaded instructions
/// (`structGetField`, `structGetFieldS8`/`S16`, `structSetField`, `structSetField32`/`16`/`8`,
/// TranslatorGC.swift): a set keeps the bits its field keeps, a signed read of a packed field
/// extends its sign, an unsigned one does not, and a null struct traps changing nothing.
@Suite struct GCStructFieldTests {
    static let text = """
        (module
          (type $fields (struct (field (mut i8)) (field (mut i16)) (field (mut i32)) (field (mut f32))
                                (field (mut i64))))
          (global $kept (mut (ref null $fields)) (ref.null $fields))
          (func (export "make") (global.set $kept (struct.new_default $fields)))
          (func (export "clear") (global.set $kept (ref.null $fields)))
          (func (export "set_all") (param $v i32)
            (struct.set $fields 0 (global.get $kept) (local.get $v))
            (struct.set $fields 1 (global.get $kept) (local.get $v))
            (struct.set $fields 2 (global.get $kept) (local.get $v))
            (struct.set $fields 3 (global.get $kept) (f32.reinterpret_i32 (local.get $v)))
            (struct.set $fields 4 (global.get $kept) (i64.extend_i32_s (local.get $v))))
          (func (export "get_all") (result i32 i32 i32 i32 i32 i32 i64)
            (struct.get_s $fields 0 (global.get $kept))
            (struct.get_u $fields 0 (global.get $kept))
            (struct.get_s $fields 1 (global.get $kept))
            (struct.get_u $fields 1 (global.get $kept))
            (struct.get $fields 2 (global.get $kept))
            (i32.reinterpret_f32 (struct.get $fields 3 (global.get $kept)))
            (struct.get $fields 4 (global.get $kept)))
          ;; An i32 made by wrapping an i64 whose high half is set, stored in each narrow field.
          (func (export "set_wrapped") (param $v i64)
            (struct.set $fields 0 (global.get $kept) (i32.wrap_i64 (local.get $v)))
            (struct.set $fields 1 (global.get $kept) (i32.wrap_i64 (local.get $v)))
            (struct.set $fields 2 (global.get $kept) (i32.wrap_i64 (local.get $v)))))
        """

    @Test func setsKeepTheFieldsBitsAndReadsExtendAsAsked() throws {
        let store = Store()
        let instance = try TestModules.instantiate(try parseWAT(Self.text), in: store)
        func call(_ name: String, _ arguments: [Value] = []) throws -> [Value] {
            guard let f = instance.exportedFunction(name) else { throw TrapCode.hostTrap("no export \(name)") }
            return try store.invoke(f, arguments)
        }
        _ = try call("make")
        _ = try call("set_all", [.i32(0xFFFF_8180)])
        #expect(try call("get_all") == [.i32(0xFFFF_FF80), .i32(0x80), .i32(0xFFFF_8180), .i32(0x8180),
                                        .i32(0xFFFF_8180), .i32(0xFFFF_8180), .i64(0xFFFF_FFFF_FFFF_8180)])
        _ = try call("set_all", [.i32(0x0000_7F7F)])
        #expect(try call("get_all") == [.i32(0x7F), .i32(0x7F), .i32(0x7F7F), .i32(0x7F7F),
                                        .i32(0x7F7F), .i32(0x7F7F), .i64(0x7F7F)])
        _ = try call("set_wrapped", [.i64(0xABCD_EF01_2345_6789)])
        let all = try call("get_all")
        #expect(Array(all.prefix(5)) == [.i32(0xFFFF_FF89), .i32(0x89), .i32(0x6789), .i32(0x6789), .i32(0x2345_6789)])
        _ = try call("clear")
        #expect(throws: TrapCode.nullStructureReference) { try call("set_all", [.i32(1)]) }
        #expect(throws: TrapCode.nullStructureReference) { try call("get_all") }
    }
}
