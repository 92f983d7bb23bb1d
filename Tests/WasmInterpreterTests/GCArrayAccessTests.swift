import Testing
import WasmBinary
import WasmText
@testable import WasmInterpreter

/// `array.get`, `array.set` and `array.len` run as threaded instructions of their own, one per
/// element width (`arrayGet64` ... `arrayLength`, TranslatorGC.swift): every storage type keeps
/// what its width keeps, packed reads extend as their sign says, and null references and indices
/// past the end trap with the errors the general path gives, changing nothing. Unit tests run
/// the switch (`executeSide`); release builds run the same cases as handlers (the spec suite's
/// GC scripts and `make bench-gc`'s gc-arrays.wat).
@Suite struct GCArrayAccessTests {
    static let text = """
        (module
          (type $box (struct (field i32)))
          (type $i8s (array (mut i8)))
          (type $i16s (array (mut i16)))
          (type $i32s (array (mut i32)))
          (type $f32s (array (mut f32)))
          (type $i64s (array (mut i64)))
          (type $f64s (array (mut f64)))
          (type $boxes (array (mut (ref null $box))))
          (type $vectors (array (mut v128)))
          (global $bytes (mut (ref null $i8s)) (ref.null $i8s))

          (func (export "i8_round_trip") (param $v i32) (param $signed i32) (result i32)
            (local $a (ref $i8s))
            (local.set $a (array.new_default $i8s (i32.const 4)))
            (array.set $i8s (local.get $a) (i32.const 3) (local.get $v))
            (if (result i32) (local.get $signed)
              (then (array.get_s $i8s (local.get $a) (i32.const 3)))
              (else (array.get_u $i8s (local.get $a) (i32.const 3)))))
          (func (export "i16_round_trip") (param $v i32) (param $signed i32) (result i32)
            (local $a (ref $i16s))
            (local.set $a (array.new_default $i16s (i32.const 4)))
            (array.set $i16s (local.get $a) (i32.const 2) (local.get $v))
            (if (result i32) (local.get $signed)
              (then (array.get_s $i16s (local.get $a) (i32.const 2)))
              (else (array.get_u $i16s (local.get $a) (i32.const 2)))))
          (func (export "i32_round_trip") (param $v i32) (result i32)
            (local $a (ref $i32s))
            (local.set $a (array.new $i32s (i32.const 7) (i32.const 3)))
            (array.set $i32s (local.get $a) (i32.const 1) (local.get $v))
            ;; The neighbours keep their value.
            (i32.add (array.get $i32s (local.get $a) (i32.const 1))
                     (i32.sub (array.get $i32s (local.get $a) (i32.const 0))
                              (array.get $i32s (local.get $a) (i32.const 2)))))
          (func (export "f32_round_trip") (param $v f32) (result f32)
            (local $a (ref $f32s))
            (local.set $a (array.new_default $f32s (i32.const 2)))
            (array.set $f32s (local.get $a) (i32.const 1) (local.get $v))
            (array.get $f32s (local.get $a) (i32.const 1)))
          (func (export "i64_round_trip") (param $v i64) (result i64)
            (local $a (ref $i64s))
            (local.set $a (array.new_default $i64s (i32.const 3)))
            (array.set $i64s (local.get $a) (i32.const 2) (local.get $v))
            (array.get $i64s (local.get $a) (i32.const 2)))
          (func (export "f64_round_trip") (param $v f64) (result f64)
            (local $a (ref $f64s))
            (local.set $a (array.new_default $f64s (i32.const 3)))
            (array.set $f64s (local.get $a) (i32.const 0) (local.get $v))
            (array.get $f64s (local.get $a) (i32.const 0)))
          (func (export "ref_round_trip") (param $v i32) (result i32)
            (local $a (ref $boxes))
            (local.set $a (array.new_default $boxes (i32.const 2)))
            (array.set $boxes (local.get $a) (i32.const 1) (struct.new $box (local.get $v)))
            (i32.add (struct.get $box 0 (array.get $boxes (local.get $a) (i32.const 1)))
                     (ref.is_null (array.get $boxes (local.get $a) (i32.const 0)))))
          (func (export "v128_round_trip") (param $v i64) (result i64)
            (local $a (ref $vectors))
            (local.set $a (array.new_default $vectors (i32.const 2)))
            (array.set $vectors (local.get $a) (i32.const 1) (i64x2.splat (local.get $v)))
            (i64x2.extract_lane 1 (array.get $vectors (local.get $a) (i32.const 1))))
          (func (export "length") (param $n i32) (result i32)
            (array.len (array.new_default $i64s (local.get $n))))

          (func (export "make_bytes") (param $n i32)
            (global.set $bytes (array.new $i8s (i32.const 9) (local.get $n))))
          (func (export "clear_bytes") (global.set $bytes (ref.null $i8s)))
          (func (export "get_byte") (param $i i32) (result i32)
            (array.get_u $i8s (global.get $bytes) (local.get $i)))
          (func (export "set_byte") (param $i i32) (param $v i32)
            (array.set $i8s (global.get $bytes) (local.get $i) (local.get $v)))
          (func (export "bytes_length") (result i32) (array.len (global.get $bytes)))
          (func (export "get_wide") (param $i i32) (result i64)
            (array.get $i64s (array.new_default $i64s (i32.const 2)) (local.get $i)))
          (func (export "set_wide") (param $i i32)
            (array.set $f64s (array.new_default $f64s (i32.const 2)) (local.get $i) (f64.const 1)))

          ;; n rounds: a new array of i32 each, filled and summed (a collection may run at every
          ;; allocation under stress, moving the heap's table between accesses).
          (func (export "churn") (param $n i32) (result i32)
            (local $a (ref null $i32s)) (local $i i32) (local $sum i32)
            (block $done (loop $round
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $a (array.new_default $i32s (i32.const 8)))
              (local.set $i (i32.const 0))
              (block $filled (loop $fill
                (br_if $filled (i32.ge_u (local.get $i) (array.len (local.get $a))))
                (array.set $i32s (local.get $a) (local.get $i) (i32.add (local.get $i) (local.get $n)))
                (drop (struct.new $box (local.get $i)))
                (local.set $sum (i32.add (local.get $sum) (array.get $i32s (local.get $a) (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $fill)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $round)))
            (local.get $sum)))
        """

    /// A store holding one instance of `text`.
    final class Fixture: InstanceFixture {
        let store: Store
        let instance: Instance

        init(stress: Bool = false) throws {
            var configuration = StoreConfiguration()
            configuration.gcCollectionBytes = stress ? 0 : 64 << 10
            configuration.fuel = 50_000_000
            store = Store(configuration: configuration)
            instance = try TestModules.instantiate(try parseWAT(GCArrayAccessTests.text), in: store)
        }
    }

    @Test func packedElementsKeepTheirLowBitsAndExtendAsTheirSignSays() throws {
        let f = try Fixture()
        #expect(try f.call("i8_round_trip", [.i32(300), .i32(0)]) == [.i32(44)])
        #expect(try f.call("i8_round_trip", [.i32(200), .i32(0)]) == [.i32(200)])
        #expect(try f.call("i8_round_trip", [.i32(200), .i32(1)]) == [.i32(UInt32(bitPattern: -56))])
        #expect(try f.call("i8_round_trip", [.i32(0x7F), .i32(1)]) == [.i32(0x7F)])
        #expect(try f.call("i16_round_trip", [.i32(70_000), .i32(0)]) == [.i32(4_464)])
        #expect(try f.call("i16_round_trip", [.i32(0xFFFF), .i32(0)]) == [.i32(0xFFFF)])
        #expect(try f.call("i16_round_trip", [.i32(0xFFFF), .i32(1)]) == [.i32(UInt32.max)])
        #expect(try f.call("i16_round_trip", [.i32(0x8000), .i32(1)]) == [.i32(0xFFFF_8000)])
    }

    @Test func wholeElementsKeepEveryBit() throws {
        let f = try Fixture()
        #expect(try f.call("i32_round_trip", [.i32(0xDEAD_BEEF)]) == [.i32(0xDEAD_BEEF)])
        #expect(try f.call("f32_round_trip", [.f32(0x7FC0_0001)]) == [.f32(0x7FC0_0001)])
        #expect(try f.call("i64_round_trip", [.i64(0x1234_5678_9ABC_DEF0)]) == [.i64(0x1234_5678_9ABC_DEF0)])
        #expect(try f.call("f64_round_trip", [.f64(0xFFF8_0000_0000_0001)]) == [.f64(0xFFF8_0000_0000_0001)])
        #expect(try f.call("ref_round_trip", [.i32(41)]) == [.i32(42)])
        #expect(try f.call("v128_round_trip", [.i64(0x0102_0304_0506_0708)]) == [.i64(0x0102_0304_0506_0708)])
    }

    @Test func lengthCountsElements() throws {
        let f = try Fixture()
        #expect(try f.call("length", [.i32(0)]) == [.i32(0)])
        #expect(try f.call("length", [.i32(5)]) == [.i32(5)])
        try f.call("make_bytes", [.i32(3)])
        #expect(try f.call("bytes_length") == [.i32(3)])
    }

    @Test func nullArraysTrap() throws {
        let f = try Fixture()
        #expect(throws: TrapCode.nullArrayReference) { try f.call("get_byte", [.i32(0)]) }
        #expect(throws: TrapCode.nullArrayReference) { try f.call("set_byte", [.i32(0), .i32(1)]) }
        #expect(throws: TrapCode.nullArrayReference) { try f.call("bytes_length") }
    }

    @Test func indicesPastTheEndTrapAndChangeNothing() throws {
        let f = try Fixture()
        try f.call("make_bytes", [.i32(3)])
        for i: UInt32 in [3, 4, 0x8000_0000, UInt32.max] {
            #expect(throws: TrapCode.outOfBoundsArrayAccess) { try f.call("get_byte", [.i32(i)]) }
            #expect(throws: TrapCode.outOfBoundsArrayAccess) { try f.call("set_byte", [.i32(i), .i32(1)]) }
            #expect(throws: TrapCode.outOfBoundsArrayAccess) { try f.call("get_wide", [.i32(i)]) }
            #expect(throws: TrapCode.outOfBoundsArrayAccess) { try f.call("set_wide", [.i32(i)]) }
        }
        for i: UInt32 in 0 ..< 3 { #expect(try f.call("get_byte", [.i32(i)]) == [.i32(9)]) }
        try f.call("set_byte", [.i32(2), .i32(0x1FF)])
        #expect(try f.call("get_byte", [.i32(2)]) == [.i32(0xFF)])
        #expect(try f.call("get_wide", [.i32(1)]) == [.i64(0)])
        try f.call("clear_bytes")
        #expect(throws: TrapCode.nullArrayReference) { try f.call("get_byte", [.i32(0)]) }
    }

    @Test(arguments: [false, true])
    func accessesBetweenCollectionsSeeTheirArrays(stress: Bool) throws {
        let f = try Fixture(stress: stress)
        // Σ over n = 1 ... 200 of Σ over i < 8 of (i + n) = 200 * 28 + 8 * 20,100.
        #expect(try f.call("churn", [.i32(200)]) == [.i32(200 * 28 + 8 * 20_100)])
        #expect(f.store.gcStatistics.collections > 0)
    }
}
