import Testing
import WasmBinary
@testable import WasmInterpreter

/// Lane helpers for the SIMD tests (lane 0 = low bits of `lo`).
private enum SimdT {
    static func vs8(_ l: [Int8]) -> V128 { V128(bytes: l.map { UInt8(bitPattern: $0) }) }
    static func v16(_ l: [Int16]) -> V128 {
        V128(bytes: l.flatMap { x -> [UInt8] in let u = UInt16(bitPattern: x); return [UInt8(u & 0xFF), UInt8(u >> 8)] })
    }
    static func v32(_ l: [UInt32]) -> V128 {
        V128(lo: UInt64(l[0]) | UInt64(l[1]) << 32, hi: UInt64(l[2]) | UInt64(l[3]) << 32)
    }
    static func vi32(_ l: [Int32]) -> V128 { v32(l.map { UInt32(bitPattern: $0) }) }
    static func vf32(_ l: [Float]) -> V128 { v32(l.map { $0.bitPattern }) }
    static func vf64(_ a: Double, _ b: Double) -> V128 { V128(lo: a.bitPattern, hi: b.bitPattern) }

    static func s8(_ v: V128) -> [Int8] { v.bytes.map { Int8(bitPattern: $0) } }
    static func u16(_ v: V128) -> [UInt16] { (0..<8).map { i in UInt16(v.bytes[2 * i]) | UInt16(v.bytes[2 * i + 1]) << 8 } }
    static func s16(_ v: V128) -> [Int16] { u16(v).map { Int16(bitPattern: $0) } }
    static func u32(_ v: V128) -> [UInt32] {
        [UInt32(truncatingIfNeeded: v.lo), UInt32(truncatingIfNeeded: v.lo >> 32),
         UInt32(truncatingIfNeeded: v.hi), UInt32(truncatingIfNeeded: v.hi >> 32)]
    }
    static func s32(_ v: V128) -> [Int32] { u32(v).map { Int32(bitPattern: $0) } }
    static func f32(_ v: V128) -> [Float] { u32(v).map { Float(bitPattern: $0) } }
    static func s64(_ v: V128) -> [Int64] { [Int64(bitPattern: v.lo), Int64(bitPattern: v.hi)] }
}

@Suite struct NumericsSIMDLaneTests {
    @Test func laneOrdering() {
        let v = V128(bytes: (0..<16).map { UInt8($0) | 0x80 })  // lane i = 0x80 | i
        #expect(v.lo & 0xFF == 0x80)
        #expect(Numerics.i8x16_extract_lane_u(v, 0) == 0x80)
        #expect(Numerics.i8x16_extract_lane_s(v, 15) == 0xFFFF_FF8F)
        #expect(Numerics.i8x16_extract_lane_u(v, 9) == 0x89)
        #expect(Numerics.i16x8_extract_lane_u(v, 0) == 0x8180)
        #expect(Numerics.i16x8_extract_lane_s(v, 7) == 0xFFFF_8F8E)
        #expect(Numerics.i32x4_extract_lane(v, 2) == 0x8B8A_8988)
        #expect(Numerics.i64x2_extract_lane(v, 1) == 0x8F8E_8D8C_8B8A_8988)

        let w = Numerics.i16x8_replace_lane(.zero, 5, 0x1_BEEF)  // only the low 16 bits are used
        #expect(SimdT.u16(w) == [0, 0, 0, 0, 0, 0xBEEF, 0, 0])
        let x = Numerics.i8x16_replace_lane(v, 8, 0x1FF)
        #expect(x.bytes[8] == 0xFF && x.bytes[7] == 0x87 && x.bytes[9] == 0x89)
        let f = Numerics.f32x4_replace_lane(.zero, 3, -1.5)
        #expect(Numerics.f32x4_extract_lane(f, 3) == -1.5)
        #expect(f.lo == 0)
        let d = Numerics.f64x2_replace_lane(Numerics.f64x2_splat(2), 0, .infinity)
        #expect(Numerics.f64x2_extract_lane(d, 0) == .infinity && Numerics.f64x2_extract_lane(d, 1) == 2)
        #expect(Numerics.i64x2_replace_lane(.zero, 1, 7) == V128(lo: 0, hi: 7))
    }

    @Test func splats() {
        #expect(Numerics.i8x16_splat(0x1_23) == V128(lo: 0x2323_2323_2323_2323, hi: 0x2323_2323_2323_2323))
        #expect(Numerics.i16x8_splat(0xFFFF_8001) == V128(lo: 0x8001_8001_8001_8001, hi: 0x8001_8001_8001_8001))
        #expect(Numerics.i32x4_splat(0xDEAD_BEEF) == V128(lo: 0xDEAD_BEEF_DEAD_BEEF, hi: 0xDEAD_BEEF_DEAD_BEEF))
        #expect(Numerics.f32x4_splat(Float(bitPattern: 0x7FA0_0001)) == SimdT.v32([0x7FA0_0001, 0x7FA0_0001, 0x7FA0_0001, 0x7FA0_0001]))
        #expect(Numerics.f64x2_splat(-0.0) == V128(lo: 0x8000_0000_0000_0000, hi: 0x8000_0000_0000_0000))
    }

    @Test func shuffleAndSwizzle() {
        let a = V128(bytes: (0..<16).map { UInt8($0) })
        let b = V128(bytes: (0..<16).map { UInt8(0x10 + $0) })
        let sel = V128(bytes: [31, 0, 16, 15, 1, 17, 2, 18, 3, 19, 4, 20, 30, 14, 5, 21])
        #expect(Numerics.i8x16_shuffle(a, b, sel).bytes == [0x1F, 0, 0x10, 15, 1, 0x11, 2, 0x12, 3, 0x13, 4, 0x14, 0x1E, 14, 5, 0x15])
        let data = V128(bytes: (0..<16).map { UInt8(0xA0 + $0) })
        let idx = V128(bytes: [15, 0, 16, 255, 1, 128, 8, 17, 7, 9, 0x80, 3, 2, 1, 0, 14])
        let expected: [UInt8] = [0xAF, 0xA0, 0, 0, 0xA1, 0, 0xA8, 0, 0xA7, 0xA9, 0, 0xA3, 0xA2, 0xA1, 0xA0, 0xAE]
        #expect(Numerics.i8x16_swizzle(data, idx).bytes == expected)
        #expect(Numerics.i8x16_relaxed_swizzle(data, idx).bytes == expected)
    }

    @Test func bitwise() {
        let a = V128(lo: 0xFF00_FF00_F0F0_0000, hi: 0x1234)
        let b = V128(lo: 0x0FF0_0FF0_FFFF_0000, hi: 0xFFFF)
        #expect(Numerics.v128_andnot(a, b) == V128(lo: 0xF000_F000_0000_0000, hi: 0))
        #expect(Numerics.v128_not(.zero) == V128(lo: .max, hi: .max))
        let c = V128(lo: 0xFFFF_FFFF_0000_0000, hi: 0x00FF)
        #expect(Numerics.v128_bitselect(a, b, c) == V128(lo: 0xFF00_FF00_FFFF_0000, hi: 0xFF34))
        #expect(Numerics.v128_any_true(.zero) == 0)
        #expect(Numerics.v128_any_true(V128(lo: 0, hi: 1 << 63)) == 1)
    }
}

@Suite struct NumericsSIMDIntTests {
    @Test func allTrueAndBitmask() {
        var bytes = [UInt8](repeating: 1, count: 16)
        #expect(Numerics.i8x16_all_true(V128(bytes: bytes)) == 1)
        for i in 0..<16 {
            bytes[i] = 0
            #expect(Numerics.i8x16_all_true(V128(bytes: bytes)) == 0, "zero byte \(i)")
            bytes[i] = 0x80
            #expect(Numerics.i8x16_bitmask(V128(bytes: bytes)) == UInt32(1) << UInt32(i))
            #expect(Numerics.i8x16_all_true(V128(bytes: bytes)) == 1)
            bytes[i] = 1
        }
        #expect(Numerics.i8x16_bitmask(V128(lo: .max, hi: .max)) == 0xFFFF)
        #expect(Numerics.i8x16_bitmask(V128(lo: 0x7F7F_7F7F_7F7F_7F7F, hi: 0x8000_0000_0000_0080)) == 0x8100)
        #expect(Numerics.i16x8_all_true(SimdT.v16([1, 1, 1, 1, 1, 1, 1, 256])) == 1)
        #expect(Numerics.i16x8_all_true(SimdT.v16([1, 1, 1, 1, 0, 1, 1, 1])) == 0)
        #expect(Numerics.i16x8_bitmask(SimdT.v16([-1, 0, 0, -32768, 0, 1, 0, -2])) == 0b1000_1001)
        #expect(Numerics.i32x4_all_true(SimdT.v32([1, 0x8000_0000, 1, 0])) == 0)
        #expect(Numerics.i32x4_all_true(SimdT.v32([1, 0x8000_0000, 1, 0x100])) == 1)
        #expect(Numerics.i32x4_bitmask(SimdT.vi32([0, -1, 5, Int32.min])) == 0b1010)
        #expect(Numerics.i64x2_all_true(V128(lo: 1, hi: 0)) == 0)
        #expect(Numerics.i64x2_bitmask(V128(lo: 1 << 63, hi: 1)) == 1)
    }

    @Test func saturatingArithmetic() {
        let a = SimdT.vs8([127, -128, 100, -100, 0, 1, -1, 50, 127, -128, 0, 0, 0, 0, 0, 0])
        let b = SimdT.vs8([1, -1, 100, -100, 0, -1, 1, 50, -128, 127, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s8(Numerics.i8x16_add_sat_s(a, b)) == [127, -128, 127, -128, 0, 0, 0, 100, -1, -1, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s8(Numerics.i8x16_sub_sat_s(a, b)) == [126, -127, 0, 0, 0, 2, -2, 0, 127, -128, 0, 0, 0, 0, 0, 0])
        let u = V128(bytes: [255, 200, 0, 1, 128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5])
        let v = V128(bytes: [1, 100, 1, 1, 128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6])
        #expect(Numerics.i8x16_add_sat_u(u, v).bytes == [255, 255, 1, 2, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11])
        #expect(Numerics.i8x16_sub_sat_u(u, v).bytes == [254, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        let h = SimdT.v16([32767, -32768, 1000, -1, 0, 0, 0, -32768])
        let k = SimdT.v16([1, -1, -2000, -1, 0, 0, 0, 32767])
        #expect(SimdT.s16(Numerics.i16x8_add_sat_s(h, k)) == [32767, -32768, -1000, -2, 0, 0, 0, -1])
        #expect(SimdT.s16(Numerics.i16x8_sub_sat_s(h, k)) == [32766, -32767, 3000, 0, 0, 0, 0, -32768])
        #expect(SimdT.u16(Numerics.i16x8_add_sat_u(h, k)) == [32768, 65535, 64536, 65535, 0, 0, 0, 65535])
        #expect(SimdT.u16(Numerics.i16x8_sub_sat_u(h, k)) == [32766, 0, 0, 0, 0, 0, 0, 1])
    }

    @Test func narrow() {
        let a = SimdT.v16([300, -300, 127, -128, 128, -129, 0, -1])
        let b = SimdT.v16([255, 256, -32768, 32767, 1, 2, 3, 4])
        #expect(SimdT.s8(Numerics.i8x16_narrow_i16x8_s(a, b)) == [127, -128, 127, -128, 127, -128, 0, -1, 127, 127, -128, 127, 1, 2, 3, 4])
        #expect(Numerics.i8x16_narrow_i16x8_u(a, b).bytes == [255, 0, 127, 0, 128, 0, 0, 0, 255, 255, 0, 255, 1, 2, 3, 4])
        let c = SimdT.vi32([70000, -70000, 32767, -32768])
        let d = SimdT.vi32([65535, 65536, -1, 40000])
        #expect(SimdT.s16(Numerics.i16x8_narrow_i32x4_s(c, d)) == [32767, -32768, 32767, -32768, 32767, 32767, -1, 32767])
        #expect(SimdT.u16(Numerics.i16x8_narrow_i32x4_u(c, d)) == [65535, 0, 32767, 0, 65535, 65535, 0, 40000])
    }

    @Test func q15mulrAndDot() {
        let a = SimdT.v16([-32768, 16384, 1, -1, 32767, -32768, 3, -3])
        let b = SimdT.v16([-32768, 16384, 16384, 16384, 32767, 32767, 16384, 16384])
        // (a * b + 0x4000) >> 15, saturated
        #expect(SimdT.s16(Numerics.i16x8_q15mulr_sat_s(a, b)) == [32767, 8192, 1, 0, 32766, -32767, 2, -1])
        #expect(SimdT.s16(Numerics.i16x8_relaxed_q15mulr_s(a, b)) == [32767, 8192, 1, 0, 32766, -32767, 2, -1])
        let x = SimdT.v16([-32768, -32768, 1, 2, 3, 4, -5, 6])
        let y = SimdT.v16([-32768, -32768, 10, 20, 30, 40, 50, 60])
        #expect(SimdT.s32(Numerics.i32x4_dot_i16x8_s(x, y)) == [Int32.min, 50, 250, 110])
    }

    @Test func extendExtmulExtadd() {
        let a = SimdT.vs8([-128, -128, 127, 127, -1, 2, 3, 4, 5, 6, 7, 8, -9, 10, 11, -12])
        #expect(SimdT.s16(Numerics.i16x8_extadd_pairwise_i8x16_s(a)) == [-256, 254, 1, 7, 11, 15, 1, -1])
        #expect(SimdT.u16(Numerics.i16x8_extadd_pairwise_i8x16_u(a)) == [256, 254, 257, 7, 11, 15, 257, 255])
        #expect(SimdT.s16(Numerics.i16x8_extend_high_i8x16_s(a)) == [5, 6, 7, 8, -9, 10, 11, -12])
        #expect(SimdT.u16(Numerics.i16x8_extend_low_i8x16_u(a)) == [128, 128, 127, 127, 255, 2, 3, 4])
        #expect(SimdT.s16(Numerics.i16x8_extmul_low_i8x16_s(a, a)) == [16384, 16384, 16129, 16129, 1, 4, 9, 16])
        #expect(SimdT.u16(Numerics.i16x8_extmul_high_i8x16_u(a, a)) == [25, 36, 49, 64, 247 * 247, 100, 121, 244 * 244])
        let h = SimdT.v16([-32768, 32767, -1, 1, 100, -100, 7, 8])
        #expect(SimdT.s32(Numerics.i32x4_extadd_pairwise_i16x8_s(h)) == [-1, 0, 0, 15])
        #expect(SimdT.u32(Numerics.i32x4_extadd_pairwise_i16x8_u(h)) == [65535, 65536, 65536, 15])
        #expect(SimdT.s32(Numerics.i32x4_extmul_high_i16x8_s(h, h)) == [10000, 10000, 49, 64])
        #expect(SimdT.u32(Numerics.i32x4_extmul_low_i16x8_u(h, h)) == [1 << 30, 32767 * 32767, 65535 * 65535, 1])
        let w = SimdT.vi32([-1, 2, Int32.min, 3])
        #expect(SimdT.s64(Numerics.i64x2_extend_low_i32x4_s(w)) == [-1, 2])
        #expect(Numerics.i64x2_extend_high_i32x4_u(w) == V128(lo: 0x8000_0000, hi: 3))
        #expect(SimdT.s64(Numerics.i64x2_extmul_high_i32x4_s(w, w)) == [1 << 62, 9])
        #expect(Numerics.i64x2_extmul_low_i32x4_u(w, w) == V128(lo: 0xFFFF_FFFE_0000_0001, hi: 4))
    }

    @Test func absNegPopcntAvgrMinMax() {
        let a = SimdT.vs8([-128, -1, 1, 0, 127, -127, 5, -5, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s8(Numerics.i8x16_abs(a)) == [-128, 1, 1, 0, 127, 127, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s8(Numerics.i8x16_neg(a)) == [-128, 1, -1, 0, -127, 127, -5, 5, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s16(Numerics.i16x8_abs(SimdT.v16([-32768, -2, 2, 0, 0, 0, 0, 0]))) == [-32768, 2, 2, 0, 0, 0, 0, 0])
        #expect(SimdT.s32(Numerics.i32x4_abs(SimdT.vi32([Int32.min, -7, 7, 0]))) == [Int32.min, 7, 7, 0])
        #expect(SimdT.s64(Numerics.i64x2_abs(V128(lo: 1 << 63, hi: UInt64(bitPattern: -9)))) == [Int64.min, 9])
        #expect(Numerics.i8x16_popcnt(V128(bytes: [0, 1, 3, 0xFF, 0x80, 0x55, 7, 0xF0, 0, 0, 0, 0, 0, 0, 0, 0xFE])).bytes
                == [0, 1, 2, 8, 1, 4, 3, 4, 0, 0, 0, 0, 0, 0, 0, 7])
        #expect(Numerics.i8x16_avgr_u(V128(bytes: [255, 0, 1, 254] + [UInt8](repeating: 0, count: 12)),
                                      V128(bytes: [255, 1, 2, 255] + [UInt8](repeating: 0, count: 12))).bytes
                == [255, 1, 2, 255] + [UInt8](repeating: 0, count: 12))
        #expect(SimdT.u16(Numerics.i16x8_avgr_u(SimdT.v16([-1, 0, 3, 0, 0, 0, 0, 0]), SimdT.v16([-1, 1, 4, 0, 0, 0, 0, 0])))
                == [65535, 1, 4, 0, 0, 0, 0, 0])
        let x = SimdT.vi32([-1, 5, Int32.min, 0]), y = SimdT.vi32([1, 5, Int32.max, -3])
        #expect(SimdT.s32(Numerics.i32x4_min_s(x, y)) == [-1, 5, Int32.min, -3])
        #expect(SimdT.s32(Numerics.i32x4_max_u(x, y)) == [-1, 5, Int32.min, -3])
        #expect(SimdT.s32(Numerics.i32x4_min_u(x, y)) == [1, 5, Int32.max, 0])
        #expect(SimdT.s8(Numerics.i8x16_max_s(a, SimdT.vs8([Int8](repeating: 0, count: 16))))
                == [0, 0, 1, 0, 127, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func shiftsMaskTheCount() {
        let a = SimdT.vs8([1, -128, 64, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
        #expect(SimdT.s8(Numerics.i8x16_shl(a, 9)) == [2, 0, -128, -2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4])
        #expect(SimdT.s8(Numerics.i8x16_shr_s(a, 7)) == [0, -1, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s8(Numerics.i8x16_shr_u(a, 15)) == [0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s16(Numerics.i16x8_shr_s(SimdT.v16([-32768, 4, 0, 0, 0, 0, 0, -2]), 17)) == [-16384, 2, 0, 0, 0, 0, 0, -1])
        #expect(SimdT.u32(Numerics.i32x4_shl(SimdT.v32([1, 2, 3, 0x8000_0000]), 32)) == [1, 2, 3, 0x8000_0000])
        #expect(SimdT.s32(Numerics.i32x4_shr_s(SimdT.vi32([Int32.min, 8, -8, 1]), 35)) == [-(1 << 28), 1, -1, 0])
        #expect(Numerics.i64x2_shr_u(V128(lo: 1 << 63, hi: 4), 65) == V128(lo: 1 << 62, hi: 2))
        #expect(Numerics.i64x2_shr_s(V128(lo: 1 << 63, hi: 4), 127) == V128(lo: .max, hi: 0))
        #expect(Numerics.i64x2_shl(V128(lo: 1, hi: 3), 64) == V128(lo: 1, hi: 3))
    }

    @Test func comparisons() {
        let a = SimdT.vs8([-1, 0, 1, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5])
        let b = SimdT.vs8([1, 0, -1, 127, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6])
        #expect(SimdT.s8(Numerics.i8x16_lt_s(a, b)) == [-1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1])
        #expect(SimdT.s8(Numerics.i8x16_lt_u(a, b)) == [0, 0, -1, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1])
        #expect(SimdT.s8(Numerics.i8x16_ge_u(a, b)) == [-1, -1, 0, -1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0])
        #expect(SimdT.s16(Numerics.i16x8_gt_s(SimdT.v16([0, -1, 2, 0, 0, 0, 0, 0]), SimdT.v16([-1, 0, 2, 0, 0, 0, 0, 1])))
                == [-1, 0, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s32(Numerics.i32x4_le_u(SimdT.vi32([-1, 0, 3, 3]), SimdT.vi32([0, -1, 3, 2]))) == [0, -1, -1, 0])
        let p = V128(lo: UInt64(bitPattern: -1), hi: 5), q = V128(lo: 1, hi: 5)
        #expect(Numerics.i64x2_lt_s(p, q) == V128(lo: .max, hi: 0))
        #expect(Numerics.i64x2_ge_s(p, q) == V128(lo: 0, hi: .max))
        #expect(Numerics.i64x2_ne(p, q) == V128(lo: .max, hi: 0))
        #expect(Numerics.i64x2_eq(p, q) == V128(lo: 0, hi: .max))
    }

    @Test func wrappingArithmetic() {
        #expect(SimdT.s16(Numerics.i16x8_mul(SimdT.v16([256, -1, 3, 0, 0, 0, 0, 0]), SimdT.v16([256, -1, -3, 0, 0, 0, 0, 0])))
                == [0, 1, -9, 0, 0, 0, 0, 0])
        #expect(Numerics.i64x2_mul(V128(lo: 1 << 32, hi: 3), V128(lo: 1 << 32, hi: UInt64(bitPattern: -3)))
                == V128(lo: 0, hi: UInt64(bitPattern: -9)))
        #expect(SimdT.u32(Numerics.i32x4_add(SimdT.v32([0xFFFF_FFFF, 1, 2, 3]), SimdT.v32([1, 1, 1, 1]))) == [0, 2, 3, 4])
        #expect(Numerics.i64x2_sub(.zero, V128(lo: 1, hi: 2)) == V128(lo: .max, hi: UInt64(bitPattern: -2)))
        #expect(Numerics.i64x2_neg(V128(lo: 1 << 63, hi: 1)) == V128(lo: 1 << 63, hi: .max))
    }
}

@Suite struct NumericsSIMDFloatTests {
    @Test func minMaxPminPmax() {
        let nan = Float.nan
        let a = SimdT.vf32([-0.0, 0.0, nan, 1])
        let b = SimdT.vf32([0.0, -0.0, 1, nan])
        let mn = SimdT.f32(Numerics.f32x4_min(a, b))
        #expect(mn[0].bitPattern == 0x8000_0000 && mn[1].bitPattern == 0x8000_0000 && mn[2].isNaN && mn[3].isNaN)
        let mx = SimdT.f32(Numerics.f32x4_max(a, b))
        #expect(mx[0].bitPattern == 0 && mx[1].bitPattern == 0 && mx[2].isNaN && mx[3].isNaN)
        // pmin(a, b) = b < a ? b : a ; pmax(a, b) = a < b ? b : a, bit-exact.
        #expect(SimdT.u32(Numerics.f32x4_pmin(a, b)) == [0x8000_0000, 0, nan.bitPattern, 0x3F80_0000])
        #expect(SimdT.u32(Numerics.f32x4_pmax(a, b)) == [0x8000_0000, 0, nan.bitPattern, 0x3F80_0000])
        let c = SimdT.vf32([1, 3, -.infinity, 2])
        let d = SimdT.vf32([2, -3, 0, 2])
        #expect(SimdT.f32(Numerics.f32x4_pmin(c, d)) == [1, -3, -.infinity, 2])
        #expect(SimdT.f32(Numerics.f32x4_pmax(c, d)) == [2, 3, 0, 2])
        let r = Numerics.f64x2_min(SimdT.vf64(-0.0, .nan), SimdT.vf64(0.0, 5))
        #expect(r.lo == 0x8000_0000_0000_0000 && Double(bitPattern: r.hi).isNaN)
        let s = Numerics.f64x2_max(SimdT.vf64(0.0, 1), SimdT.vf64(-0.0, .nan))
        #expect(s.lo == 0 && Double(bitPattern: s.hi).isNaN)
        #expect(Numerics.f64x2_pmax(SimdT.vf64(-0.0, .nan), SimdT.vf64(0.0, 1)) == SimdT.vf64(-0.0, .nan))
        #expect(Numerics.f64x2_pmin(SimdT.vf64(1, 2), SimdT.vf64(.nan, 1)) == SimdT.vf64(1, 1))
    }

    @Test func roundingAndSignOps() {
        #expect(SimdT.f32(Numerics.f32x4_nearest(SimdT.vf32([0.5, 1.5, 2.5, -0.5]))).map(\.bitPattern)
                == [Float(0).bitPattern, Float(2).bitPattern, Float(2).bitPattern, Float(-0.0).bitPattern])
        #expect(SimdT.f32(Numerics.f32x4_ceil(SimdT.vf32([-0.5, 1.1, -1.1, 0]))).map(\.bitPattern)
                == [Float(-0.0).bitPattern, Float(2).bitPattern, Float(-1).bitPattern, 0])
        #expect(Numerics.f64x2_floor(SimdT.vf64(-0.5, 2.9)) == SimdT.vf64(-1, 2))
        #expect(Numerics.f64x2_trunc(SimdT.vf64(-0.5, 2.9)) == SimdT.vf64(-0.0, 2))
        #expect(Numerics.f64x2_nearest(SimdT.vf64(-2.5, 3.5)) == SimdT.vf64(-2, 4))
        let n = SimdT.v32([0x7FA0_0001, 0xFFC0_0000, 0, 0x8000_0000])
        #expect(SimdT.u32(Numerics.f32x4_neg(n)) == [0xFFA0_0001, 0x7FC0_0000, 0x8000_0000, 0])
        #expect(SimdT.u32(Numerics.f32x4_abs(n)) == [0x7FA0_0001, 0x7FC0_0000, 0, 0])
        #expect(Numerics.f64x2_neg(V128(lo: 0x7FF0_0000_0000_0001, hi: 0)) == V128(lo: 0xFFF0_0000_0000_0001, hi: 0x8000_0000_0000_0000))
        #expect(Numerics.f64x2_abs(V128(lo: .max, hi: 0x8000_0000_0000_0000)) == V128(lo: 0x7FFF_FFFF_FFFF_FFFF, hi: 0))
        let q = SimdT.f32(Numerics.f32x4_sqrt(SimdT.vf32([4, -1, 0.25, -0.0])))
        #expect(q[0] == 2 && q[1].isNaN && q[2] == 0.5 && q[3].bitPattern == 0x8000_0000)
    }

    @Test func comparisons() {
        let a = SimdT.vf32([.nan, 1, -0.0, 2]), b = SimdT.vf32([.nan, 2, 0.0, 1])
        #expect(SimdT.u32(Numerics.f32x4_eq(a, b)) == [0, 0, 0xFFFF_FFFF, 0])
        #expect(SimdT.u32(Numerics.f32x4_ne(a, b)) == [0xFFFF_FFFF, 0xFFFF_FFFF, 0, 0xFFFF_FFFF])
        #expect(SimdT.u32(Numerics.f32x4_lt(a, b)) == [0, 0xFFFF_FFFF, 0, 0])
        #expect(SimdT.u32(Numerics.f32x4_ge(a, b)) == [0, 0, 0xFFFF_FFFF, 0xFFFF_FFFF])
        #expect(Numerics.f64x2_le(SimdT.vf64(.nan, 1), SimdT.vf64(1, 1)) == V128(lo: 0, hi: .max))
        #expect(Numerics.f64x2_gt(SimdT.vf64(2, .infinity), SimdT.vf64(1, .nan)) == V128(lo: .max, hi: 0))
    }

    @Test func conversions() {
        let f = SimdT.vf32([.nan, 3e9, -3e9, -1.9])
        #expect(SimdT.s32(Numerics.i32x4_trunc_sat_f32x4_s(f)) == [0, Int32.max, Int32.min, -1])
        #expect(SimdT.u32(Numerics.i32x4_trunc_sat_f32x4_u(f)) == [0, 3_000_000_000, 0, 0])
        #expect(SimdT.u32(Numerics.i32x4_trunc_sat_f32x4_u(SimdT.vf32([5e9, .infinity, -0.9, 4294967040.0])))
                == [.max, .max, 0, 4294967040])
        let d = SimdT.vf64(-2147483648.9, 1e10)
        #expect(SimdT.s32(Numerics.i32x4_trunc_sat_f64x2_s_zero(d)) == [Int32.min, Int32.max, 0, 0])
        #expect(SimdT.u32(Numerics.i32x4_trunc_sat_f64x2_u_zero(SimdT.vf64(-5, 4294967295.5))) == [0, .max, 0, 0])
        #expect(SimdT.u32(Numerics.i32x4_relaxed_trunc_f64x2_u_zero(SimdT.vf64(.nan, 7.9))) == [0, 7, 0, 0])
        #expect(SimdT.s32(Numerics.i32x4_relaxed_trunc_f32x4_s(f)) == [0, Int32.max, Int32.min, -1])
        #expect(SimdT.u32(Numerics.i32x4_relaxed_trunc_f32x4_u(f)) == [0, 3_000_000_000, 0, 0])
        #expect(SimdT.s32(Numerics.i32x4_relaxed_trunc_f64x2_s_zero(d)) == [Int32.min, Int32.max, 0, 0])

        #expect(SimdT.f32(Numerics.f32x4_convert_i32x4_u(SimdT.v32([0xFFFF_FFFF, 0x8000_0001, 16777217, 0])))
                == [4294967296.0, 2147483648.0, 16777216.0, 0])
        #expect(SimdT.f32(Numerics.f32x4_convert_i32x4_s(SimdT.vi32([-1, Int32.min, 16777219, 0])))
                == [-1, -2147483648.0, 16777220.0, 0])
        #expect(Numerics.f64x2_convert_low_i32x4_u(SimdT.v32([0xFFFF_FFFF, 1, 9, 9])) == SimdT.vf64(4294967295.0, 1))
        #expect(Numerics.f64x2_convert_low_i32x4_s(SimdT.v32([0xFFFF_FFFF, 1, 9, 9])) == SimdT.vf64(-1, 1))
        let dm = Numerics.f32x4_demote_f64x2_zero(SimdT.vf64(1e300, 1.0 + 0x1p-24))
        #expect(SimdT.f32(dm) == [.infinity, 1.0, 0, 0])
        #expect(dm.hi == 0)
        #expect(Numerics.f64x2_promote_low_f32x4(SimdT.vf32([1.5, -0.0, 7, 8])) == SimdT.vf64(1.5, -0.0))
        let pn = Numerics.f64x2_promote_low_f32x4(SimdT.v32([0x7FA0_0001, 0, 0, 0]))
        #expect(Double(bitPattern: pn.lo).isNaN && (pn.lo & 0x0008_0000_0000_0000) != 0)
    }
}

@Suite struct NumericsRelaxedTests {
    @Test func maddIsUnfused() {
        let fmax = Float.greatestFiniteMagnitude
        // Unfused: fmax * 2 overflows to inf before adding -fmax.
        #expect(SimdT.f32(Numerics.f32x4_relaxed_madd(SimdT.vf32([fmax, 1, 2, 0]), SimdT.vf32([2, 1, 3, 5]), SimdT.vf32([-fmax, 1, -6, -0.0])))
                == [.infinity, 2, 0, 0])
        let x: Float = 1 + 0x1p-22, y: Float = 1 + 0x1p-15, z: Float = -(1 + 0x1p-15 + 0x1p-22)
        #expect(SimdT.f32(Numerics.f32x4_relaxed_nmadd(SimdT.vf32([-x, x, 1, 1]), SimdT.vf32([y, -y, 1, 1]), SimdT.vf32([z, z, 1, 0])))
                == [0, 0, 0, -1])
        let dmax = Double.greatestFiniteMagnitude
        #expect(Numerics.f64x2_relaxed_madd(SimdT.vf64(dmax, 2), SimdT.vf64(2, 3), SimdT.vf64(-dmax, 1)) == SimdT.vf64(.infinity, 7))
        #expect(Numerics.f64x2_relaxed_nmadd(SimdT.vf64(2, 2), SimdT.vf64(3, -3), SimdT.vf64(1, 1)) == SimdT.vf64(-5, 7))
    }

    @Test func laneselectMinMax() {
        let a = V128(lo: 0x1234_1234_1234_1234, hi: 0), b = V128(lo: 0x5678_5678_5678_5678, hi: .max)
        let m = V128(lo: 0xFFFF_FFFF_0000_0000, hi: 0x00FF)
        let want = V128(lo: 0x1234_1234_5678_5678, hi: 0xFFFF_FFFF_FFFF_FF00)
        #expect(Numerics.i8x16_relaxed_laneselect(a, b, m) == want)
        #expect(Numerics.i16x8_relaxed_laneselect(a, b, m) == want)
        #expect(Numerics.i32x4_relaxed_laneselect(a, b, m) == want)
        #expect(Numerics.i64x2_relaxed_laneselect(a, b, m) == want)
        let mn = SimdT.f32(Numerics.f32x4_relaxed_min(SimdT.vf32([-0.0, .nan, 1, 2]), SimdT.vf32([0.0, 0, .nan, 1])))
        #expect(mn[0].bitPattern == 0x8000_0000 && mn[1].isNaN && mn[2].isNaN && mn[3] == 1)
        let mx = Numerics.f64x2_relaxed_max(SimdT.vf64(-0.0, 3), SimdT.vf64(0.0, 4))
        #expect(mx == SimdT.vf64(0.0, 4))
        #expect(Numerics.f64x2_relaxed_min(SimdT.vf64(-0.0, 3), SimdT.vf64(0.0, 4)) == SimdT.vf64(-0.0, 3))
        #expect(SimdT.f32(Numerics.f32x4_relaxed_max(SimdT.vf32([1, 2, 3, 4]), SimdT.vf32([4, 3, 2, 1]))) == [4, 3, 3, 4])
    }

    @Test func dotProducts() {
        let a = SimdT.vs8([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
        #expect(SimdT.s16(Numerics.i16x8_relaxed_dot_i8x16_i7x16_s(a, a)) == [1, 13, 41, 85, 145, 221, 313, 421])
        let x = SimdT.vs8([-128, -128, 127, 127, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        let y = SimdT.vs8([127, 127, 127, 127, -127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        // Second operand taken as signed: -128 * -127 * 2 = 32512.
        #expect(SimdT.s16(Numerics.i16x8_relaxed_dot_i8x16_i7x16_s(x, y)) == [-32512, 32258, 32512, 0, 0, 0, 0, 0])
        // Outside the i7 contract: (-128 * -128) * 2 = 32768 saturates.
        let z = SimdT.vs8([-128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s16(Numerics.i16x8_relaxed_dot_i8x16_i7x16_s(z, z))[0] == 32767)
        #expect(SimdT.s32(Numerics.i32x4_relaxed_dot_i8x16_i7x16_add_s(a, a, SimdT.vi32([0, 1, 2, 3]))) == [14, 127, 368, 737])
        let p = SimdT.vs8([-128, -128, -128, -128, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0])
        let q = SimdT.vs8([127, 127, 127, 127, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s32(Numerics.i32x4_relaxed_dot_i8x16_i7x16_add_s(p, q, SimdT.vi32([1, 2, 3, 4]))) == [-65023, 64518, 3, 4])
        let r = SimdT.vs8([-127, -127, -127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(SimdT.s32(Numerics.i32x4_relaxed_dot_i8x16_i7x16_add_s(z.withLow4(-128), r, SimdT.vi32([1, 2, 3, 4])))
                == [65025, 2, 3, 4])
        #expect(SimdT.s32(Numerics.i32x4_relaxed_dot_i8x16_i7x16_add_s(.zero, .zero, SimdT.vi32([Int32.max, 0, 0, 0])))
                == [Int32.max, 0, 0, 0])
    }
}

private extension V128 {
    /// Sets bytes 0...3 to `x`.
    func withLow4(_ x: Int8) -> V128 {
        var b = bytes
        for i in 0..<4 { b[i] = UInt8(bitPattern: x) }
        return V128(bytes: b)
    }
}
