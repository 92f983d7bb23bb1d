import Testing
import WasmBinary
import WasmText
@testable import WasmInterpreter

/// Casts to a concrete struct or array type start with a threaded `castObject` that answers
/// them from the store's supertype chains (CastTypes.swift), casts to any, eq, i31, struct and
/// array with a `castAbstract`, and a failing `ref.cast` is left to the general cast after them:
/// every answer is the general one, for null, i31, host references, types of the module and of
/// another module instantiated later. (Exact types, of the
/// custom-descriptors proposal: CustomDescriptorTests and the spec suite.)
@Suite struct GCObjectCastTests {
    static let text = """
        (module
          (type $base (sub (struct (field i32))))
          (type $mid (sub $base (struct (field i32) (field i32))))
          (type $leaf (sub final $mid (struct (field i32) (field i32) (field i32))))
          (type $other (sub (struct (field i64))))
          (type $bytes (array i8))

          (func (export "make") (param $kind i32) (result anyref)
            (block $b (block $m (block $l (block $o (block $a
              (br_table $b $m $l $o $a (local.get $kind)))
              (return (array.new_default $bytes (i32.const 2))))
              (return (struct.new $other (i64.const 4))))
              (return (struct.new $leaf (i32.const 3) (i32.const 3) (i32.const 3))))
              (return (struct.new $mid (i32.const 2) (i32.const 2))))
            (struct.new $base (i32.const 1)))
          (func (export "tests") (param $r anyref) (result i32)
            ;; One bit per question: base, mid, leaf, other, bytes, null base.
            (i32.or (i32.or (i32.or
              (ref.test (ref $base) (local.get $r))
              (i32.shl (ref.test (ref $mid) (local.get $r)) (i32.const 1)))
              (i32.or (i32.shl (ref.test (ref $leaf) (local.get $r)) (i32.const 2))
                      (i32.shl (ref.test (ref $other) (local.get $r)) (i32.const 3))))
              (i32.or (i32.shl (ref.test (ref $bytes) (local.get $r)) (i32.const 4))
                      (i32.shl (ref.test (ref null $base) (local.get $r)) (i32.const 5)))))
          (func (export "cast_mid") (param $r anyref) (result i32)
            (struct.get $mid 1 (ref.cast (ref $mid) (local.get $r))))
          (func (export "cast_null_mid") (param $r anyref) (result i32)
            (ref.is_null (ref.cast (ref null $mid) (local.get $r))))
          (func (export "on_cast") (param $r anyref) (result i32)
            (block $is_mid (result (ref $mid))
              (br_on_cast $is_mid anyref (ref $mid) (local.get $r))
              (return (i32.const -1)))
            (struct.get $mid 0))
          (func (export "abstract_tests") (param $r anyref) (result i32)
            ;; One bit per question: any, eq, i31, struct, array, null struct, null i31.
            (i32.or (i32.or (i32.or
              (ref.test (ref any) (local.get $r))
              (i32.shl (ref.test (ref eq) (local.get $r)) (i32.const 1)))
              (i32.or (i32.shl (ref.test (ref i31) (local.get $r)) (i32.const 2))
                      (i32.shl (ref.test (ref struct) (local.get $r)) (i32.const 3))))
              (i32.or (i32.shl (ref.test (ref array) (local.get $r)) (i32.const 4))
                      (i32.or (i32.shl (ref.test (ref null struct) (local.get $r)) (i32.const 5))
                              (i32.shl (ref.test (ref null i31) (local.get $r)) (i32.const 6))))))
          (func (export "cast_i31") (param $r anyref) (result i32)
            (i31.get_s (ref.cast (ref i31) (local.get $r))))
          (func (export "on_cast_array") (param $r anyref) (result i32)
            (block $is_array (result (ref array))
              (br_on_cast $is_array anyref (ref array) (local.get $r))
              (return (i32.const -1)))
            (array.len))
          (func (export "internalize") (param externref) (result anyref) (any.convert_extern (local.get 0)))
          (func (export "on_cast_fail") (param $r anyref) (result i32)
            (block $not_base (result anyref)
              (return (struct.get $base 0 (br_on_cast_fail $not_base anyref (ref $base) (local.get $r)))))
            (drop)
            (i32.const -1)))
        """

    /// A module instantiated after the first, with types of its own (the supertype chains
    /// gain them then) and one equal to the first module's `$base`.
    static let laterText = """
        (module
          (type $base (sub (struct (field i32))))
          (type $later (sub $base (struct (field i32) (field f64))))
          (func (export "make_later") (result anyref) (struct.new $later (i32.const 9) (f64.const 1)))
          (func (export "is_base") (param anyref) (result i32) (ref.test (ref $base) (local.get 0)))
          (func (export "is_later") (param anyref) (result i32) (ref.test (ref $later) (local.get 0))))
        """

    final class Fixture {
        let store = Store()
        let instance: Instance
        let later: Instance

        init() throws {
            instance = try TestModules.instantiate(try parseWAT(GCObjectCastTests.text), in: store)
            later = try TestModules.instantiate(try parseWAT(GCObjectCastTests.laterText), in: store)
        }

        func call(_ name: String, _ arguments: [Value] = [], in which: Instance? = nil) throws(TrapCode) -> [Value] {
            guard let function = (which ?? instance).exportedFunction(name) else { throw TrapCode.hostTrap("no export \(name)") }
            return try store.invoke(function, arguments)
        }

        func make(_ kind: UInt32) throws -> Value {
            let result = try call("make", [.i32(kind)])
            return result[0]
        }
    }

    @Test func testsFollowTheSupertypeChains() throws {
        let f = try Fixture()
        // kinds: 0 base, 1 mid, 2 leaf, 3 other, 4 bytes
        let want: [UInt32] = [0b10_0001, 0b10_0011, 0b10_0111, 0b00_1000, 0b01_0000]
        for (kind, bits) in want.enumerated() {
            #expect(try f.call("tests", [f.make(UInt32(kind))]) == [.i32(bits)], "kind \(kind)")
        }
        #expect(try f.call("tests", [.anyref(nil)]) == [.i32(0b10_0000)])
        #expect(try f.call("tests", [.anyref(.i31(5))]) == [.i32(0)])
    }

    @Test func castsPassSubtypesAndTrapOnTheRest() throws {
        let f = try Fixture()
        #expect(try f.call("cast_mid", [f.make(1)]) == [.i32(2)])
        #expect(try f.call("cast_mid", [f.make(2)]) == [.i32(3)])
        #expect(throws: TrapCode.castFailure) { try f.call("cast_mid", [f.make(0)]) }
        #expect(throws: TrapCode.castFailure) { try f.call("cast_mid", [f.make(4)]) }
        #expect(throws: TrapCode.castFailure) { try f.call("cast_mid", [.anyref(nil)]) }
        #expect(try f.call("cast_null_mid", [.anyref(nil)]) == [.i32(1)])
        #expect(try f.call("cast_null_mid", [f.make(2)]) == [.i32(0)])
        #expect(throws: TrapCode.castFailure) { try f.call("cast_null_mid", [f.make(3)]) }
    }

    @Test func branchesOnCastsTakeTheRightWay() throws {
        let f = try Fixture()
        #expect(try f.call("on_cast", [f.make(1)]) == [.i32(2)])
        #expect(try f.call("on_cast", [f.make(0)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try f.call("on_cast", [.anyref(nil)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try f.call("on_cast_fail", [f.make(2)]) == [.i32(3)])
        #expect(try f.call("on_cast_fail", [f.make(3)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try f.call("on_cast_fail", [.anyref(.i31(1))]) == [.i32(UInt32(bitPattern: -1))])
    }

    @Test func abstractCastsFollowTheReferencesKind() throws {
        let f = try Fixture()
        // bits: any, eq, i31, struct, array, null struct, null i31
        #expect(try f.call("abstract_tests", [f.make(2)]) == [.i32(0b010_1011)])
        #expect(try f.call("abstract_tests", [f.make(4)]) == [.i32(0b001_0011)])
        #expect(try f.call("abstract_tests", [.anyref(.i31(7))]) == [.i32(0b100_0111)])
        #expect(try f.call("abstract_tests", [.anyref(nil)]) == [.i32(0b110_0000)])
        let host = try f.call("internalize", [.externref(5)])[0]
        #expect(try f.call("abstract_tests", [host]) == [.i32(0b000_0001)])
        #expect(try f.call("cast_i31", [.anyref(.i31(0x7FFF_FFFF))]) == [.i32(UInt32.max)])
        #expect(throws: TrapCode.castFailure) { try f.call("cast_i31", [f.make(0)]) }
        #expect(throws: TrapCode.castFailure) { try f.call("cast_i31", [.anyref(nil)]) }
        #expect(try f.call("on_cast_array", [f.make(4)]) == [.i32(2)])
        #expect(try f.call("on_cast_array", [f.make(1)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try f.call("on_cast_array", [.anyref(.i31(3))]) == [.i32(UInt32(bitPattern: -1))])
        // The targets castAbstract answers are numbered as the cast words number them.
        let targets: [(Int, HeapType)] = [(AbstractCastTarget.any, .any), (AbstractCastTarget.eq, .eq),
                                          (AbstractCastTarget.i31, .i31), (AbstractCastTarget.struct, .struct),
                                          (AbstractCastTarget.array, .array)]
        for (code, type) in targets { #expect(GCHeapTypeCode.abstractTypes[code] == type) }
    }

    @Test func typesOfALaterModuleAreKnown() throws {
        let f = try Fixture()
        let later = try f.call("make_later", in: f.later)[0]
        #expect(try f.call("is_base", [later], in: f.later) == [.i32(1)])
        #expect(try f.call("is_later", [later], in: f.later) == [.i32(1)])
        // The first module's $base is the same type: its object passes the later module's test.
        #expect(try f.call("is_base", [f.make(2)], in: f.later) == [.i32(1)])
        #expect(try f.call("is_later", [f.make(1)], in: f.later) == [.i32(0)])
        #expect(try f.call("tests", [later]) == [.i32(0b10_0001)])
        #expect(f.store.castTypes.view.pointee.count == f.store.typeRegistry.shapes.count)
    }
}
