import WasmBinary

// SIMD floating-point instructions (f32x4 / f64x2) and the SIMD float↔int conversions.

extension Numerics {
    // MARK: f32x4

    @inline(__always) static func f32x4_eq(_ a: V128, _ b: V128) -> V128 { v128(asF32(a) .== asF32(b)) }
    @inline(__always) static func f32x4_ne(_ a: V128, _ b: V128) -> V128 { v128(asF32(a) .!= asF32(b)) }
    @inline(__always) static func f32x4_lt(_ a: V128, _ b: V128) -> V128 { v128(asF32(a) .< asF32(b)) }
    @inline(__always) static func f32x4_gt(_ a: V128, _ b: V128) -> V128 { v128(asF32(a) .> asF32(b)) }
    @inline(__always) static func f32x4_le(_ a: V128, _ b: V128) -> V128 { v128(asF32(a) .<= asF32(b)) }
    @inline(__always) static func f32x4_ge(_ a: V128, _ b: V128) -> V128 { v128(asF32(a) .>= asF32(b)) }

    @inline(__always) static func f32x4_abs(_ a: V128) -> V128 { V128(lo: a.lo & ~0x8000_0000_8000_0000, hi: a.hi & ~0x8000_0000_8000_0000) }
    @inline(__always) static func f32x4_neg(_ a: V128) -> V128 { V128(lo: a.lo ^ 0x8000_0000_8000_0000, hi: a.hi ^ 0x8000_0000_8000_0000) }
    @inline(__always) static func f32x4_sqrt(_ a: V128) -> V128 { v128(asF32(a).squareRoot()) }
    @inline(__always) static func f32x4_ceil(_ a: V128) -> V128 { v128(asF32(a).rounded(.up)) }
    @inline(__always) static func f32x4_floor(_ a: V128) -> V128 { v128(asF32(a).rounded(.down)) }
    @inline(__always) static func f32x4_trunc(_ a: V128) -> V128 { v128(asF32(a).rounded(.towardZero)) }
    @inline(__always) static func f32x4_nearest(_ a: V128) -> V128 { v128(asF32(a).rounded(.toNearestOrEven)) }

    @inline(__always) static func f32x4_add(_ a: V128, _ b: V128) -> V128 { v128(asF32(a) + asF32(b)) }
    @inline(__always) static func f32x4_sub(_ a: V128, _ b: V128) -> V128 { v128(asF32(a) - asF32(b)) }
    @inline(__always) static func f32x4_mul(_ a: V128, _ b: V128) -> V128 { v128(asF32(a) * asF32(b)) }
    @inline(__always) static func f32x4_div(_ a: V128, _ b: V128) -> V128 { v128(asF32(a) / asF32(b)) }

    /// Lane-wise `f32.min` (NaN-propagating, -0 < +0), every lane at once as `f32_min` decides
    /// one: the smaller operand; the OR of the bits of equal ones (so -0 wins over +0); the sum
    /// when either is NaN (a quieted NaN).
    @inline(__always) static func f32x4_min(_ a: V128, _ b: V128) -> V128 {
        let x = asF32(a), y = asF32(b)
        var r = asU32(a) | asU32(b)
        r.replace(with: asU32(a), where: x .< y)
        r.replace(with: asU32(b), where: y .< x)
        r.replace(with: asU32(v128(x + y)), where: (x .!= x) .| (y .!= y))
        return v128(r)
    }
    /// Lane-wise `f32.max` (NaN-propagating, -0 < +0): as `f32x4_min`, with the larger operand
    /// and the AND of equal ones' bits (+0 wins).
    @inline(__always) static func f32x4_max(_ a: V128, _ b: V128) -> V128 {
        let x = asF32(a), y = asF32(b)
        var r = asU32(a) & asU32(b)
        r.replace(with: asU32(a), where: x .> y)
        r.replace(with: asU32(b), where: y .> x)
        r.replace(with: asU32(v128(x + y)), where: (x .!= x) .| (y .!= y))
        return v128(r)
    }
    /// `b < a ? b : a` lane-wise, bit-exact.
    @inline(__always) static func f32x4_pmin(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asF32(b) .< asF32(a))) }
    /// `a < b ? b : a` lane-wise, bit-exact.
    @inline(__always) static func f32x4_pmax(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asF32(a) .< asF32(b))) }

    // MARK: f64x2

    @inline(__always) static func f64x2_eq(_ a: V128, _ b: V128) -> V128 { v128(asF64(a) .== asF64(b)) }
    @inline(__always) static func f64x2_ne(_ a: V128, _ b: V128) -> V128 { v128(asF64(a) .!= asF64(b)) }
    @inline(__always) static func f64x2_lt(_ a: V128, _ b: V128) -> V128 { v128(asF64(a) .< asF64(b)) }
    @inline(__always) static func f64x2_gt(_ a: V128, _ b: V128) -> V128 { v128(asF64(a) .> asF64(b)) }
    @inline(__always) static func f64x2_le(_ a: V128, _ b: V128) -> V128 { v128(asF64(a) .<= asF64(b)) }
    @inline(__always) static func f64x2_ge(_ a: V128, _ b: V128) -> V128 { v128(asF64(a) .>= asF64(b)) }

    @inline(__always) static func f64x2_abs(_ a: V128) -> V128 { V128(lo: a.lo & ~0x8000_0000_0000_0000, hi: a.hi & ~0x8000_0000_0000_0000) }
    @inline(__always) static func f64x2_neg(_ a: V128) -> V128 { V128(lo: a.lo ^ 0x8000_0000_0000_0000, hi: a.hi ^ 0x8000_0000_0000_0000) }
    @inline(__always) static func f64x2_sqrt(_ a: V128) -> V128 { v128(asF64(a).squareRoot()) }
    @inline(__always) static func f64x2_ceil(_ a: V128) -> V128 { v128(asF64(a).rounded(.up)) }
    @inline(__always) static func f64x2_floor(_ a: V128) -> V128 { v128(asF64(a).rounded(.down)) }
    @inline(__always) static func f64x2_trunc(_ a: V128) -> V128 { v128(asF64(a).rounded(.towardZero)) }
    @inline(__always) static func f64x2_nearest(_ a: V128) -> V128 { v128(asF64(a).rounded(.toNearestOrEven)) }

    @inline(__always) static func f64x2_add(_ a: V128, _ b: V128) -> V128 { v128(asF64(a) + asF64(b)) }
    @inline(__always) static func f64x2_sub(_ a: V128, _ b: V128) -> V128 { v128(asF64(a) - asF64(b)) }
    @inline(__always) static func f64x2_mul(_ a: V128, _ b: V128) -> V128 { v128(asF64(a) * asF64(b)) }
    @inline(__always) static func f64x2_div(_ a: V128, _ b: V128) -> V128 { v128(asF64(a) / asF64(b)) }

    /// Lane-wise `f64.min` (NaN-propagating, -0 < +0).
    @inline(__always) static func f64x2_min(_ a: V128, _ b: V128) -> V128 {
        let x = asF64(a), y = asF64(b)
        var r = asU64(a) | asU64(b)
        r.replace(with: asU64(a), where: x .< y)
        r.replace(with: asU64(b), where: y .< x)
        r.replace(with: asU64(v128(x + y)), where: (x .!= x) .| (y .!= y))
        return v128(r)
    }
    /// Lane-wise `f64.max` (NaN-propagating, -0 < +0).
    @inline(__always) static func f64x2_max(_ a: V128, _ b: V128) -> V128 {
        let x = asF64(a), y = asF64(b)
        var r = asU64(a) & asU64(b)
        r.replace(with: asU64(a), where: x .> y)
        r.replace(with: asU64(b), where: y .> x)
        r.replace(with: asU64(v128(x + y)), where: (x .!= x) .| (y .!= y))
        return v128(r)
    }
    /// `b < a ? b : a` lane-wise, bit-exact.
    @inline(__always) static func f64x2_pmin(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asF64(b) .< asF64(a))) }
    /// `a < b ? b : a` lane-wise, bit-exact.
    @inline(__always) static func f64x2_pmax(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asF64(a) .< asF64(b))) }

    // MARK: Conversions

    @inline(__always) static func f32x4_convert_i32x4_s(_ a: V128) -> V128 { v128(SIMD4<Float>(asI32(a))) }
    @inline(__always) static func f32x4_convert_i32x4_u(_ a: V128) -> V128 { v128(SIMD4<Float>(asU32(a))) }
    @inline(__always) static func f64x2_convert_low_i32x4_s(_ a: V128) -> V128 {
        V128(lo: Double(Int32(truncatingIfNeeded: a.lo)).bits, hi: Double(Int32(truncatingIfNeeded: a.lo &>> 32)).bits)
    }
    @inline(__always) static func f64x2_convert_low_i32x4_u(_ a: V128) -> V128 {
        V128(lo: Double(UInt32(truncatingIfNeeded: a.lo)).bits, hi: Double(UInt32(truncatingIfNeeded: a.lo &>> 32)).bits)
    }
    /// Lanes 0, 1 = demoted lanes of `a`; lanes 2, 3 = +0.
    @inline(__always) static func f32x4_demote_f64x2_zero(_ a: V128) -> V128 {
        let l = Float(Double(bits: a.lo)).bits, h = Float(Double(bits: a.hi)).bits
        return V128(lo: UInt64(l) | (UInt64(h) &<< 32), hi: 0)
    }
    @inline(__always) static func f64x2_promote_low_f32x4(_ a: V128) -> V128 {
        V128(lo: Double(Float(bits: UInt32(truncatingIfNeeded: a.lo))).bits,
             hi: Double(Float(bits: UInt32(truncatingIfNeeded: a.lo &>> 32))).bits)
    }

    @inline(__always) static func i32x4_trunc_sat_f32x4_s(_ a: V128) -> V128 {
        let x = asF32(a)
        return v128(SIMD4<UInt32>(i32_trunc_sat_f32_s(x[0]), i32_trunc_sat_f32_s(x[1]), i32_trunc_sat_f32_s(x[2]), i32_trunc_sat_f32_s(x[3])))
    }
    @inline(__always) static func i32x4_trunc_sat_f32x4_u(_ a: V128) -> V128 {
        let x = asF32(a)
        return v128(SIMD4<UInt32>(i32_trunc_sat_f32_u(x[0]), i32_trunc_sat_f32_u(x[1]), i32_trunc_sat_f32_u(x[2]), i32_trunc_sat_f32_u(x[3])))
    }
    /// Lanes 0, 1 = saturated truncations of the f64 lanes; lanes 2, 3 = 0.
    @inline(__always) static func i32x4_trunc_sat_f64x2_s_zero(_ a: V128) -> V128 {
        let l = i32_trunc_sat_f64_s(Double(bits: a.lo)), h = i32_trunc_sat_f64_s(Double(bits: a.hi))
        return V128(lo: UInt64(l) | (UInt64(h) &<< 32), hi: 0)
    }
    @inline(__always) static func i32x4_trunc_sat_f64x2_u_zero(_ a: V128) -> V128 {
        let l = i32_trunc_sat_f64_u(Double(bits: a.lo)), h = i32_trunc_sat_f64_u(Double(bits: a.hi))
        return V128(lo: UInt64(l) | (UInt64(h) &<< 32), hi: 0)
    }
}
