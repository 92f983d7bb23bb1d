import WasmBinary

// Relaxed SIMD, with one fixed deterministic choice per instruction:
// swizzle / trunc / laneselect / min / max / q15mulr behave like their non-relaxed counterparts,
// madd / nmadd are unfused (a*b rounded, then + c rounded), and the dot products treat the second
// operand as signed, saturating the i16 pairwise sums.

extension Numerics {
    @inline(__always) static func i8x16_relaxed_swizzle(_ a: V128, _ s: V128) -> V128 { i8x16_swizzle(a, s) }

    @inline(__always) static func i32x4_relaxed_trunc_f32x4_s(_ a: V128) -> V128 { i32x4_trunc_sat_f32x4_s(a) }
    @inline(__always) static func i32x4_relaxed_trunc_f32x4_u(_ a: V128) -> V128 { i32x4_trunc_sat_f32x4_u(a) }
    @inline(__always) static func i32x4_relaxed_trunc_f64x2_s_zero(_ a: V128) -> V128 { i32x4_trunc_sat_f64x2_s_zero(a) }
    @inline(__always) static func i32x4_relaxed_trunc_f64x2_u_zero(_ a: V128) -> V128 { i32x4_trunc_sat_f64x2_u_zero(a) }

    /// a * b + c, unfused.
    @inline(__always) static func f32x4_relaxed_madd(_ a: V128, _ b: V128, _ c: V128) -> V128 {
        let p = asF32(a) * asF32(b)
        return v128(p + asF32(c))
    }
    /// -(a * b) + c, unfused.
    @inline(__always) static func f32x4_relaxed_nmadd(_ a: V128, _ b: V128, _ c: V128) -> V128 {
        let p = asF32(a) * asF32(b)
        return v128(asF32(c) - p)
    }
    /// a * b + c, unfused.
    @inline(__always) static func f64x2_relaxed_madd(_ a: V128, _ b: V128, _ c: V128) -> V128 {
        let p = asF64(a) * asF64(b)
        return v128(p + asF64(c))
    }
    /// -(a * b) + c, unfused.
    @inline(__always) static func f64x2_relaxed_nmadd(_ a: V128, _ b: V128, _ c: V128) -> V128 {
        let p = asF64(a) * asF64(b)
        return v128(asF64(c) - p)
    }

    /// Bits of `a` where `m` is 1, bits of `b` where it is 0 (= v128.bitselect).
    @inline(__always) static func i8x16_relaxed_laneselect(_ a: V128, _ b: V128, _ m: V128) -> V128 { select(a, b, m) }
    @inline(__always) static func i16x8_relaxed_laneselect(_ a: V128, _ b: V128, _ m: V128) -> V128 { select(a, b, m) }
    @inline(__always) static func i32x4_relaxed_laneselect(_ a: V128, _ b: V128, _ m: V128) -> V128 { select(a, b, m) }
    @inline(__always) static func i64x2_relaxed_laneselect(_ a: V128, _ b: V128, _ m: V128) -> V128 { select(a, b, m) }

    @inline(__always) static func f32x4_relaxed_min(_ a: V128, _ b: V128) -> V128 { f32x4_min(a, b) }
    @inline(__always) static func f32x4_relaxed_max(_ a: V128, _ b: V128) -> V128 { f32x4_max(a, b) }
    @inline(__always) static func f64x2_relaxed_min(_ a: V128, _ b: V128) -> V128 { f64x2_min(a, b) }
    @inline(__always) static func f64x2_relaxed_max(_ a: V128, _ b: V128) -> V128 { f64x2_max(a, b) }

    @inline(__always) static func i16x8_relaxed_q15mulr_s(_ a: V128, _ b: V128) -> V128 { i16x8_q15mulr_sat_s(a, b) }

    /// Signed i8 × signed i8 products, pairwise sums saturated to i16.
    @inline(__always) static func i16x8_relaxed_dot_i8x16_i7x16_s(_ a: V128, _ b: V128) -> V128 {
        let p = SIMD16<Int32>(truncatingIfNeeded: asI8(a)) &* SIMD16<Int32>(truncatingIfNeeded: asI8(b))
        return v128(satS16(p.evenHalf &+ p.oddHalf))
    }
    /// The i16 dot product above, pairwise-extended to i32 and added (wrapping) to `c`.
    @inline(__always) static func i32x4_relaxed_dot_i8x16_i7x16_add_s(_ a: V128, _ b: V128, _ c: V128) -> V128 {
        let d = asI16(i16x8_relaxed_dot_i8x16_i7x16_s(a, b))
        let s = SIMD4<Int32>(truncatingIfNeeded: d.evenHalf) &+ SIMD4<Int32>(truncatingIfNeeded: d.oddHalf)
        return v128(s &+ asI32(c))
    }
}
