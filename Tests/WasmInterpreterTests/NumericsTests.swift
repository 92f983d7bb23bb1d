import Testing
@testable import WasmInterpreter

/// Shared NaN values and predicates for the scalar numeric tests.
private enum NumT {
    static let f32SignalingNaN = Float(bitPattern: 0x7FA0_0001)
    static let f64SignalingNaN = Double(bitPattern: 0x7FF4_0000_0000_0001)
    static func isQuietNaN(_ x: Float) -> Bool { x.isNaN && (x.bitPattern & 0x0040_0000) != 0 }
    static func isQuietNaN(_ x: Double) -> Bool { x.isNaN && (x.bitPattern & 0x0008_0000_0000_0000) != 0 }
}

// MARK: - Scalar integers

@Suite struct NumericsIntTests {
    @Test func divisionTraps() throws {
        #expect(throws: TrapCode.integerDivideByZero) { try Numerics.i32_div_s(1, 0) }
        #expect(throws: TrapCode.integerDivideByZero) { try Numerics.i32_div_u(1, 0) }
        #expect(throws: TrapCode.integerDivideByZero) { try Numerics.i32_rem_s(1, 0) }
        #expect(throws: TrapCode.integerDivideByZero) { try Numerics.i32_rem_u(1, 0) }
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i32_div_s(0x8000_0000, 0xFFFF_FFFF) }
        #expect(throws: TrapCode.integerDivideByZero) { try Numerics.i64_div_s(1, 0) }
        #expect(throws: TrapCode.integerDivideByZero) { try Numerics.i64_rem_u(1, 0) }
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i64_div_s(0x8000_0000_0000_0000, UInt64.max) }
        // INT_MIN rem -1 is 0, no trap.
        #expect(try Numerics.i32_rem_s(0x8000_0000, 0xFFFF_FFFF) == 0)
        #expect(try Numerics.i64_rem_s(0x8000_0000_0000_0000, UInt64.max) == 0)
        // Truncating division and remainder sign follows the dividend.
        #expect(try Numerics.i32_div_s(UInt32(bitPattern: -7), 2) == UInt32(bitPattern: -3))
        #expect(try Numerics.i32_rem_s(UInt32(bitPattern: -7), 2) == UInt32(bitPattern: -1))
        #expect(try Numerics.i32_div_u(UInt32(bitPattern: -7), 2) == 0x7FFF_FFFC)
        #expect(try Numerics.i64_rem_s(7, UInt64(bitPattern: -2)) == 1)
    }

    @Test func shiftsAndRotatesMaskTheCount() {
        #expect(Numerics.i32_shl(1, 33) == 2)
        #expect(Numerics.i32_shr_s(0x8000_0000, 31 + 32) == 0xFFFF_FFFF)
        #expect(Numerics.i32_shr_u(0x8000_0000, 63) == 1)
        #expect(Numerics.i64_shl(1, 64 + 63) == 0x8000_0000_0000_0000)
        #expect(Numerics.i64_shr_s(0x8000_0000_0000_0000, 65) == 0xC000_0000_0000_0000)
        #expect(Numerics.i32_rotl(0x8000_0001, 1) == 3)
        #expect(Numerics.i32_rotl(0x1234_5678, 0) == 0x1234_5678)
        #expect(Numerics.i32_rotr(0x1234_5678, 32) == 0x1234_5678)
        #expect(Numerics.i32_rotr(1, 1) == 0x8000_0000)
        #expect(Numerics.i64_rotl(0x8000_0000_0000_0001, 65) == 3)
        #expect(Numerics.i64_rotr(1, 0xFFFF_FFFF_FFFF_FFFF) == 2)
    }

    @Test func bitCountsAndComparisons() {
        #expect(Numerics.i32_clz(0) == 32)
        #expect(Numerics.i32_ctz(0) == 32)
        #expect(Numerics.i64_clz(0) == 64)
        #expect(Numerics.i64_ctz(0x8000_0000_0000_0000) == 63)
        #expect(Numerics.i64_popcnt(UInt64.max) == 64)
        #expect(Numerics.i32_lt_s(0x8000_0000, 0) == 1)
        #expect(Numerics.i32_lt_u(0x8000_0000, 0) == 0)
        #expect(Numerics.i64_ge_s(0, 0xFFFF_FFFF_FFFF_FFFF) == 1)
        #expect(Numerics.i64_eqz(0) == 1)
        #expect(Numerics.i32_add(0xFFFF_FFFF, 2) == 1)
        #expect(Numerics.i64_mul(0x8000_0000_0000_0000, 2) == 0)
    }

    @Test func signExtension() {
        #expect(Numerics.i32_extend8_s(0x80) == 0xFFFF_FF80)
        #expect(Numerics.i32_extend8_s(0x1234_567F) == 0x7F)
        #expect(Numerics.i32_extend16_s(0x8000) == 0xFFFF_8000)
        #expect(Numerics.i64_extend32_s(0x8000_0000) == 0xFFFF_FFFF_8000_0000)
        #expect(Numerics.i64_extend_i32_s(0xFFFF_FFFF) == UInt64.max)
        #expect(Numerics.i64_extend_i32_u(0xFFFF_FFFF) == 0xFFFF_FFFF)
        #expect(Numerics.i32_wrap_i64(0x1_2345_6789) == 0x2345_6789)
    }
}

// MARK: - Scalar floats

@Suite struct NumericsFloatTests {
    @Test func minMaxZerosAndNaN() {
        #expect(Numerics.f32_min(-0.0, 0.0).bitPattern == 0x8000_0000)
        #expect(Numerics.f32_min(0.0, -0.0).bitPattern == 0x8000_0000)
        #expect(Numerics.f32_max(-0.0, 0.0).bitPattern == 0)
        #expect(Numerics.f32_max(0.0, -0.0).bitPattern == 0)
        #expect(Numerics.f64_min(-0.0, 0.0).bitPattern == 0x8000_0000_0000_0000)
        #expect(Numerics.f64_max(0.0, -0.0).bitPattern == 0)
        #expect(Numerics.f32_min(.nan, 1).isNaN)
        #expect(Numerics.f32_min(1, .nan).isNaN)
        #expect(Numerics.f32_max(-.infinity, .nan).isNaN)
        #expect(Numerics.f64_max(.nan, .infinity).isNaN)
        #expect(Numerics.f64_min(.nan, -.infinity).isNaN)
        #expect(Numerics.f32_min(1, 2) == 1)
        #expect(Numerics.f64_max(-1, -2) == -1)
        // A signaling NaN operand gives a quiet NaN.
        #expect(NumT.isQuietNaN(Numerics.f32_min(NumT.f32SignalingNaN, 0)))
        #expect(NumT.isQuietNaN(Numerics.f64_max(0, NumT.f64SignalingNaN)))
    }

    @Test func nearestTiesToEven() {
        let cases: [(Float, Float)] = [(0.5, 0), (1.5, 2), (2.5, 2), (3.5, 4), (-0.5, -0.0), (-2.5, -2), (4.4999995, 4),
                                       (8388609, 8388609), (-0.0, -0.0)]
        for (x, r) in cases {
            #expect(Numerics.f32_nearest(x).bitPattern == r.bitPattern, "nearest(\(x))")
            #expect(Numerics.f64_nearest(Double(x)).bitPattern == Double(r).bitPattern, "nearest(\(x))")
        }
        #expect(Numerics.f64_nearest(4503599627370497.0) == 4503599627370497.0)
        #expect(Numerics.f32_ceil(-0.5).bitPattern == 0x8000_0000)
        #expect(Numerics.f32_floor(-0.5) == -1)
        #expect(Numerics.f64_trunc(-1.9) == -1)
        #expect(Numerics.f64_floor(0.5).bitPattern == 0)
    }

    @Test func roundingAndSqrtQuietNaNs() {
        let s = NumT.f32SignalingNaN
        #expect(NumT.isQuietNaN(Numerics.f32_nearest(s)))
        #expect(NumT.isQuietNaN(Numerics.f32_ceil(s)))
        #expect(NumT.isQuietNaN(Numerics.f32_floor(s)))
        #expect(NumT.isQuietNaN(Numerics.f32_trunc(s)))
        #expect(NumT.isQuietNaN(Numerics.f32_sqrt(s)))
        #expect(NumT.isQuietNaN(Numerics.f64_nearest(NumT.f64SignalingNaN)))
        #expect(NumT.isQuietNaN(Numerics.f64_sqrt(NumT.f64SignalingNaN)))
        #expect(Numerics.f32_sqrt(-1).isNaN)
        #expect(Numerics.f64_sqrt(-0.0).bitPattern == 0x8000_0000_0000_0000)
        #expect(Numerics.f32_add(.infinity, -.infinity).isNaN)
    }

    @Test func signOperationsKeepNaNPayloads() {
        let n = Float(bitPattern: 0x7FA0_0001)  // signaling NaN: must not be quieted
        #expect(Numerics.f32_neg(n).bitPattern == 0xFFA0_0001)
        #expect(Numerics.f32_abs(Float(bitPattern: 0xFFA0_0001)).bitPattern == 0x7FA0_0001)
        #expect(Numerics.f32_copysign(n, -1).bitPattern == 0xFFA0_0001)
        #expect(Numerics.f32_copysign(-2, Float(bitPattern: 0x7FC0_0000)).bitPattern == Float(2).bitPattern)
        let d = Double(bitPattern: 0x7FF0_0000_0000_0001)
        #expect(Numerics.f64_neg(d).bitPattern == 0xFFF0_0000_0000_0001)
        #expect(Numerics.f64_abs(Double(bitPattern: 0xFFF0_0000_0000_0001)).bitPattern == 0x7FF0_0000_0000_0001)
        #expect(Numerics.f64_copysign(1, -0.0) == -1)
        #expect(Numerics.f64_neg(0).bitPattern == 0x8000_0000_0000_0000)
    }

    @Test func comparisonsWithNaN() {
        #expect(Numerics.f32_eq(.nan, .nan) == 0)
        #expect(Numerics.f32_ne(.nan, .nan) == 1)
        #expect(Numerics.f64_lt(.nan, 1) == 0)
        #expect(Numerics.f64_ge(.nan, 1) == 0)
        #expect(Numerics.f32_eq(0.0, -0.0) == 1)
        #expect(Numerics.f64_le(-0.0, 0.0) == 1)
    }
}

// MARK: - Conversions

@Suite struct NumericsConvertTests {
    @Test func truncI32Boundaries() throws {
        #expect(try Numerics.i32_trunc_f32_s(-2147483648.0) == 0x8000_0000)
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i32_trunc_f32_s(2147483648.0) }
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i32_trunc_f32_s(-2147483904.0) }
        #expect(try Numerics.i32_trunc_f32_s(2147483520.0) == 2147483520)
        #expect(try Numerics.i32_trunc_f64_s(-2147483648.9) == 0x8000_0000)
        #expect(try Numerics.i32_trunc_f64_s(2147483647.9) == 0x7FFF_FFFF)
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i32_trunc_f64_s(-2147483649.0) }
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i32_trunc_f64_s(2147483648.0) }
        #expect(try Numerics.i32_trunc_f32_u(-0.9) == 0)
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i32_trunc_f32_u(-1.0) }
        #expect(try Numerics.i32_trunc_f64_u(4294967295.9) == 0xFFFF_FFFF)
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i32_trunc_f64_u(4294967296.0) }
        #expect(try Numerics.i32_trunc_f32_s(-1.9) == UInt32(bitPattern: -1))
        #expect(throws: TrapCode.invalidConversionToInteger) { try Numerics.i32_trunc_f32_s(.nan) }
        #expect(throws: TrapCode.invalidConversionToInteger) { try Numerics.i32_trunc_f64_u(-.nan) }
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i32_trunc_f32_u(.infinity) }
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i32_trunc_f64_s(-.infinity) }
    }

    @Test func truncI64Boundaries() throws {
        #expect(try Numerics.i64_trunc_f64_s(-9223372036854775808.0) == 0x8000_0000_0000_0000)
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i64_trunc_f64_s(9223372036854775808.0) }
        #expect(try Numerics.i64_trunc_f64_s(9223372036854774784.0) == 0x7FFF_FFFF_FFFF_FC00)
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i64_trunc_f64_s(-9223372036854777856.0) }
        #expect(try Numerics.i64_trunc_f32_s(-9223372036854775808.0) == 0x8000_0000_0000_0000)
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i64_trunc_f32_s(9223372036854775808.0) }
        #expect(try Numerics.i64_trunc_f64_u(-0.9) == 0)
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i64_trunc_f64_u(-1.0) }
        #expect(try Numerics.i64_trunc_f64_u(18446744073709549568.0) == 0xFFFF_FFFF_FFFF_F800)
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i64_trunc_f64_u(18446744073709551616.0) }
        #expect(try Numerics.i64_trunc_f32_u(18446742974197923840.0) == 0xFFFF_FF00_0000_0000)
        #expect(throws: TrapCode.integerOverflow) { try Numerics.i64_trunc_f32_u(18446744073709551616.0) }
        #expect(throws: TrapCode.invalidConversionToInteger) { try Numerics.i64_trunc_f32_u(.nan) }
    }

    @Test func saturatingTruncation() {
        #expect(Numerics.i32_trunc_sat_f32_s(.nan) == 0)
        #expect(Numerics.i32_trunc_sat_f32_s(.infinity) == 0x7FFF_FFFF)
        #expect(Numerics.i32_trunc_sat_f32_s(-.infinity) == 0x8000_0000)
        #expect(Numerics.i32_trunc_sat_f32_s(2147483648.0) == 0x7FFF_FFFF)
        #expect(Numerics.i32_trunc_sat_f64_s(-2147483648.9) == 0x8000_0000)
        #expect(Numerics.i32_trunc_sat_f64_s(-1.5) == UInt32(bitPattern: -1))
        #expect(Numerics.i32_trunc_sat_f32_u(-1.0) == 0)
        #expect(Numerics.i32_trunc_sat_f32_u(-.nan) == 0)
        #expect(Numerics.i32_trunc_sat_f64_u(4294967296.0) == 0xFFFF_FFFF)
        #expect(Numerics.i32_trunc_sat_f64_u(4294967295.9) == 0xFFFF_FFFF)
        #expect(Numerics.i64_trunc_sat_f64_s(9223372036854775808.0) == 0x7FFF_FFFF_FFFF_FFFF)
        #expect(Numerics.i64_trunc_sat_f64_s(-1e300) == 0x8000_0000_0000_0000)
        #expect(Numerics.i64_trunc_sat_f32_u(18446744073709551616.0) == UInt64.max)
        #expect(Numerics.i64_trunc_sat_f64_u(-0.9) == 0)
        #expect(Numerics.i64_trunc_sat_f64_u(.nan) == 0)
        #expect(Numerics.i64_trunc_sat_f32_s(-.nan) == 0)
    }

    @Test func integerToFloatRoundsToNearestEven() {
        // 2^53 + 2^29 + 1: just above the halfway point between two f32 values → rounds up.
        #expect(Numerics.f32_convert_i64_u(0x0020_0000_2000_0001).bitPattern == 0x5A00_0001)
        // Exactly halfway (2^53 + 2^29) → ties to even (down).
        #expect(Numerics.f32_convert_i64_u(0x0020_0000_2000_0000).bitPattern == 0x5A00_0000)
        #expect(Numerics.f32_convert_i64_u(UInt64.max).bitPattern == 0x5F80_0000)  // 2^64
        #expect(Numerics.f32_convert_i64_u(0x8000_0080_0000_0001) == 9223373136366403584.0)
        #expect(Numerics.f32_convert_i64_s(0x7FFF_FF40_0000_0001).bitPattern == 0x5EFF_FFFF)
        #expect(Numerics.f32_convert_i64_s(UInt64(bitPattern: -0x0020_0000_2000_0001)).bitPattern == 0xDA00_0001)
        #expect(Numerics.f32_convert_i32_u(0xFFFF_FFFF) == 4294967296.0)
        #expect(Numerics.f32_convert_i32_s(0x0100_0001) == 16777216.0)
        #expect(Numerics.f32_convert_i32_s(0x0100_0003) == 16777220.0)
        #expect(Numerics.f64_convert_i64_u(0x8000_0000_0000_0401) == 9223372036854777856.0)
        #expect(Numerics.f64_convert_i64_u(0x8000_0000_0000_0400) == 9223372036854775808.0)
        #expect(Numerics.f64_convert_i64_u(UInt64.max) == 18446744073709551616.0)
        #expect(Numerics.f64_convert_i64_s(0x8000_0000_0000_0000) == -9223372036854775808.0)
        #expect(Numerics.f64_convert_i32_u(0xFFFF_FFFF) == 4294967295.0)
        #expect(Numerics.f64_convert_i32_s(0xFFFF_FFFF) == -1.0)
    }

    @Test func demotePromote() {
        #expect(NumT.isQuietNaN(Numerics.f32_demote_f64(NumT.f64SignalingNaN)))
        #expect(NumT.isQuietNaN(Numerics.f64_promote_f32(NumT.f32SignalingNaN)))
        #expect(Numerics.f32_demote_f64(.nan).isNaN)
        #expect(Numerics.f32_demote_f64(1e300) == .infinity)
        #expect(Numerics.f32_demote_f64(-0.0).bitPattern == 0x8000_0000)
        // Round to nearest even: 1 + 2^-24 is halfway between 1 and 1 + 2^-23.
        #expect(Numerics.f32_demote_f64(1.0 + 0x1p-24) == 1.0)
        #expect(Numerics.f32_demote_f64(1.0 + 0x1p-24 + 0x1p-52) == 1.0 + 0x1p-23)
        #expect(Numerics.f64_promote_f32(Float(bitPattern: 1)) == 0x1p-149)
    }

    @Test func reinterpret() {
        #expect(Numerics.i32_reinterpret_f32(Float(bitPattern: 0x7FA0_0001)) == 0x7FA0_0001)
        #expect(Numerics.f32_reinterpret_i32(0xFFA0_0001).bitPattern == 0xFFA0_0001)
        #expect(Numerics.i64_reinterpret_f64(-0.0) == 0x8000_0000_0000_0000)
        #expect(Numerics.f64_reinterpret_i64(0x7FF0_0000_0000_0001).bitPattern == 0x7FF0_0000_0000_0001)
    }
}
