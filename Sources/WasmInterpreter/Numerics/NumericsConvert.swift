// Scalar conversions: wrap/extend, trapping and saturating float→int truncation,
// int→float conversion, demote/promote, reinterpretations and sign extensions.

extension Numerics {
    // MARK: Integer width changes

    @inline(__always) static func i32_wrap_i64(_ a: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: a) }
    @inline(__always) static func i64_extend_i32_s(_ a: UInt32) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: a))) }
    @inline(__always) static func i64_extend_i32_u(_ a: UInt32) -> UInt64 { UInt64(a) }

    @inline(__always) static func i32_extend8_s(_ a: UInt32) -> UInt32 { UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: a))) }
    @inline(__always) static func i32_extend16_s(_ a: UInt32) -> UInt32 { UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: a))) }
    @inline(__always) static func i64_extend8_s(_ a: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: a))) }
    @inline(__always) static func i64_extend16_s(_ a: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: a))) }
    @inline(__always) static func i64_extend32_s(_ a: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: a))) }

    // MARK: Trapping float → int truncation
    // NaN traps with invalidConversionToInteger, values whose truncation is out of range with
    // integerOverflow. The bounds are exclusive limits on the *untruncated* value: e.g. for i32_s
    // from f64 anything in (-2147483649, 2147483648) truncates in range.

    @inline(__always) static func i32_trunc_f32_s(_ a: Float) throws(TrapCode) -> UInt32 {
        if a.isNaN { throw .invalidConversionToInteger }
        // -2147483649.0 is not representable in f32; -2^31 itself is in range.
        guard a >= -2147483648.0 && a < 2147483648.0 else { throw .integerOverflow }
        return UInt32(bitPattern: Int32(a))
    }
    @inline(__always) static func i32_trunc_f32_u(_ a: Float) throws(TrapCode) -> UInt32 {
        if a.isNaN { throw .invalidConversionToInteger }
        guard a > -1.0 && a < 4294967296.0 else { throw .integerOverflow }
        return UInt32(a)
    }
    @inline(__always) static func i32_trunc_f64_s(_ a: Double) throws(TrapCode) -> UInt32 {
        if a.isNaN { throw .invalidConversionToInteger }
        guard a > -2147483649.0 && a < 2147483648.0 else { throw .integerOverflow }
        return UInt32(bitPattern: Int32(a))
    }
    @inline(__always) static func i32_trunc_f64_u(_ a: Double) throws(TrapCode) -> UInt32 {
        if a.isNaN { throw .invalidConversionToInteger }
        guard a > -1.0 && a < 4294967296.0 else { throw .integerOverflow }
        return UInt32(a)
    }
    @inline(__always) static func i64_trunc_f32_s(_ a: Float) throws(TrapCode) -> UInt64 {
        if a.isNaN { throw .invalidConversionToInteger }
        guard a >= -9223372036854775808.0 && a < 9223372036854775808.0 else { throw .integerOverflow }
        return UInt64(bitPattern: Int64(a))
    }
    @inline(__always) static func i64_trunc_f32_u(_ a: Float) throws(TrapCode) -> UInt64 {
        if a.isNaN { throw .invalidConversionToInteger }
        guard a > -1.0 && a < 18446744073709551616.0 else { throw .integerOverflow }
        return UInt64(a)
    }
    @inline(__always) static func i64_trunc_f64_s(_ a: Double) throws(TrapCode) -> UInt64 {
        if a.isNaN { throw .invalidConversionToInteger }
        // -2^63 - 1 is not representable in f64; -2^63 itself is in range.
        guard a >= -9223372036854775808.0 && a < 9223372036854775808.0 else { throw .integerOverflow }
        return UInt64(bitPattern: Int64(a))
    }
    @inline(__always) static func i64_trunc_f64_u(_ a: Double) throws(TrapCode) -> UInt64 {
        if a.isNaN { throw .invalidConversionToInteger }
        guard a > -1.0 && a < 18446744073709551616.0 else { throw .integerOverflow }
        return UInt64(a)
    }

    // MARK: Saturating float → int truncation (NaN → 0, out of range → clamped)

    @inline(__always) static func i32_trunc_sat_f32_s(_ a: Float) -> UInt32 {
        if a.isNaN { return 0 }
        if a >= 2147483648.0 { return UInt32(bitPattern: Int32.max) }
        if a <= -2147483648.0 { return UInt32(bitPattern: Int32.min) }
        return UInt32(bitPattern: Int32(a))
    }
    @inline(__always) static func i32_trunc_sat_f32_u(_ a: Float) -> UInt32 {
        if !(a > -1.0) { return 0 }  // also NaN
        if a >= 4294967296.0 { return UInt32.max }
        return UInt32(a)
    }
    @inline(__always) static func i32_trunc_sat_f64_s(_ a: Double) -> UInt32 {
        if a.isNaN { return 0 }
        if a >= 2147483648.0 { return UInt32(bitPattern: Int32.max) }
        if a <= -2147483648.0 { return UInt32(bitPattern: Int32.min) }
        return UInt32(bitPattern: Int32(a))
    }
    @inline(__always) static func i32_trunc_sat_f64_u(_ a: Double) -> UInt32 {
        if !(a > -1.0) { return 0 }
        if a >= 4294967296.0 { return UInt32.max }
        return UInt32(a)
    }
    @inline(__always) static func i64_trunc_sat_f32_s(_ a: Float) -> UInt64 {
        if a.isNaN { return 0 }
        if a >= 9223372036854775808.0 { return UInt64(bitPattern: Int64.max) }
        if a <= -9223372036854775808.0 { return UInt64(bitPattern: Int64.min) }
        return UInt64(bitPattern: Int64(a))
    }
    @inline(__always) static func i64_trunc_sat_f32_u(_ a: Float) -> UInt64 {
        if !(a > -1.0) { return 0 }
        if a >= 18446744073709551616.0 { return UInt64.max }
        return UInt64(a)
    }
    @inline(__always) static func i64_trunc_sat_f64_s(_ a: Double) -> UInt64 {
        if a.isNaN { return 0 }
        if a >= 9223372036854775808.0 { return UInt64(bitPattern: Int64.max) }
        if a <= -9223372036854775808.0 { return UInt64(bitPattern: Int64.min) }
        return UInt64(bitPattern: Int64(a))
    }
    @inline(__always) static func i64_trunc_sat_f64_u(_ a: Double) -> UInt64 {
        if !(a > -1.0) { return 0 }
        if a >= 18446744073709551616.0 { return UInt64.max }
        return UInt64(a)
    }

    // MARK: int → float (round to nearest, ties to even)

    @inline(__always) static func f32_convert_i32_s(_ a: UInt32) -> Float { Float(Int32(bitPattern: a)) }
    @inline(__always) static func f32_convert_i32_u(_ a: UInt32) -> Float { Float(a) }
    @inline(__always) static func f32_convert_i64_s(_ a: UInt64) -> Float { Float(Int64(bitPattern: a)) }
    @inline(__always) static func f32_convert_i64_u(_ a: UInt64) -> Float { Float(a) }
    @inline(__always) static func f64_convert_i32_s(_ a: UInt32) -> Double { Double(Int32(bitPattern: a)) }
    @inline(__always) static func f64_convert_i32_u(_ a: UInt32) -> Double { Double(a) }
    @inline(__always) static func f64_convert_i64_s(_ a: UInt64) -> Double { Double(Int64(bitPattern: a)) }
    @inline(__always) static func f64_convert_i64_u(_ a: UInt64) -> Double { Double(a) }

    // MARK: float ↔ float (NaN in → quiet NaN out)

    @inline(__always) static func f32_demote_f64(_ a: Double) -> Float { Float(a) }
    @inline(__always) static func f64_promote_f32(_ a: Float) -> Double { Double(a) }

    // MARK: Reinterpretations

    @inline(__always) static func i32_reinterpret_f32(_ a: Float) -> UInt32 { a.bits }
    @inline(__always) static func i64_reinterpret_f64(_ a: Double) -> UInt64 { a.bits }
    @inline(__always) static func f32_reinterpret_i32(_ a: UInt32) -> Float { Float(bits: a) }
    @inline(__always) static func f64_reinterpret_i64(_ a: UInt64) -> Double { Double(bits: a) }
}
