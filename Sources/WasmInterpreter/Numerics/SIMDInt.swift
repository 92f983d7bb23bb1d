import WasmBinary

// SIMD integer instructions: comparisons, arithmetic, saturating ops, min/max, shifts, abs/neg,
// all_true/bitmask, narrow/extend, extmul, extadd_pairwise, dot, avgr, q15mulr, popcnt.

extension Numerics {
    // MARK: i8x16

    @inline(__always) static func i8x16_eq(_ a: V128, _ b: V128) -> V128 { v128(asU8(a) .== asU8(b)) }
    @inline(__always) static func i8x16_ne(_ a: V128, _ b: V128) -> V128 { v128(asU8(a) .!= asU8(b)) }
    @inline(__always) static func i8x16_lt_s(_ a: V128, _ b: V128) -> V128 { v128(asI8(a) .< asI8(b)) }
    @inline(__always) static func i8x16_lt_u(_ a: V128, _ b: V128) -> V128 { v128(asU8(a) .< asU8(b)) }
    @inline(__always) static func i8x16_gt_s(_ a: V128, _ b: V128) -> V128 { v128(asI8(a) .> asI8(b)) }
    @inline(__always) static func i8x16_gt_u(_ a: V128, _ b: V128) -> V128 { v128(asU8(a) .> asU8(b)) }
    @inline(__always) static func i8x16_le_s(_ a: V128, _ b: V128) -> V128 { v128(asI8(a) .<= asI8(b)) }
    @inline(__always) static func i8x16_le_u(_ a: V128, _ b: V128) -> V128 { v128(asU8(a) .<= asU8(b)) }
    @inline(__always) static func i8x16_ge_s(_ a: V128, _ b: V128) -> V128 { v128(asI8(a) .>= asI8(b)) }
    @inline(__always) static func i8x16_ge_u(_ a: V128, _ b: V128) -> V128 { v128(asU8(a) .>= asU8(b)) }

    @inline(__always) static func i8x16_add(_ a: V128, _ b: V128) -> V128 { v128(asU8(a) &+ asU8(b)) }
    @inline(__always) static func i8x16_sub(_ a: V128, _ b: V128) -> V128 { v128(asU8(a) &- asU8(b)) }
    @inline(__always) static func i8x16_neg(_ a: V128) -> V128 { v128(SIMD16<UInt8>(repeating: 0) &- asU8(a)) }
    /// abs(INT_MIN) = INT_MIN (wrapping).
    @inline(__always) static func i8x16_abs(_ a: V128) -> V128 {
        let x = asI8(a)
        let m = x &>> 7
        return v128((x ^ m) &- m)
    }

    @inline(__always) static func i8x16_min_s(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asI8(b) .< asI8(a))) }
    @inline(__always) static func i8x16_min_u(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asU8(b) .< asU8(a))) }
    @inline(__always) static func i8x16_max_s(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asI8(b) .> asI8(a))) }
    @inline(__always) static func i8x16_max_u(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asU8(b) .> asU8(a))) }

    @inline(__always) static func i8x16_avgr_u(_ a: V128, _ b: V128) -> V128 {
        let x = asU8(a), y = asU8(b)
        return v128((x | y) &- ((x ^ y) &>> 1))  // (x + y + 1) >> 1 without overflow
    }
    @inline(__always) static func i8x16_add_sat_s(_ a: V128, _ b: V128) -> V128 {
        let x = SIMD16<Int16>(truncatingIfNeeded: asI8(a)), y = SIMD16<Int16>(truncatingIfNeeded: asI8(b))
        return v128(satS8(x &+ y))
    }
    @inline(__always) static func i8x16_sub_sat_s(_ a: V128, _ b: V128) -> V128 {
        let x = SIMD16<Int16>(truncatingIfNeeded: asI8(a)), y = SIMD16<Int16>(truncatingIfNeeded: asI8(b))
        return v128(satS8(x &- y))
    }
    @inline(__always) static func i8x16_add_sat_u(_ a: V128, _ b: V128) -> V128 {
        let x = asU8(a)
        let s = x &+ asU8(b)
        return v128(s | asU8(v128(s .< x)))  // carry → all ones
    }
    @inline(__always) static func i8x16_sub_sat_u(_ a: V128, _ b: V128) -> V128 {
        let x = asU8(a), y = asU8(b)
        return v128((x &- y) & asU8(v128(y .<= x)))  // borrow → 0
    }

    @inline(__always) static func i8x16_shl(_ a: V128, _ n: UInt32) -> V128 { v128(asU8(a) &<< UInt8(truncatingIfNeeded: n & 7)) }
    @inline(__always) static func i8x16_shr_s(_ a: V128, _ n: UInt32) -> V128 { v128(asI8(a) &>> Int8(truncatingIfNeeded: n & 7)) }
    @inline(__always) static func i8x16_shr_u(_ a: V128, _ n: UInt32) -> V128 { v128(asU8(a) &>> UInt8(truncatingIfNeeded: n & 7)) }

    // MARK: i16x8

    @inline(__always) static func i16x8_eq(_ a: V128, _ b: V128) -> V128 { v128(asU16(a) .== asU16(b)) }
    @inline(__always) static func i16x8_ne(_ a: V128, _ b: V128) -> V128 { v128(asU16(a) .!= asU16(b)) }
    @inline(__always) static func i16x8_lt_s(_ a: V128, _ b: V128) -> V128 { v128(asI16(a) .< asI16(b)) }
    @inline(__always) static func i16x8_lt_u(_ a: V128, _ b: V128) -> V128 { v128(asU16(a) .< asU16(b)) }
    @inline(__always) static func i16x8_gt_s(_ a: V128, _ b: V128) -> V128 { v128(asI16(a) .> asI16(b)) }
    @inline(__always) static func i16x8_gt_u(_ a: V128, _ b: V128) -> V128 { v128(asU16(a) .> asU16(b)) }
    @inline(__always) static func i16x8_le_s(_ a: V128, _ b: V128) -> V128 { v128(asI16(a) .<= asI16(b)) }
    @inline(__always) static func i16x8_le_u(_ a: V128, _ b: V128) -> V128 { v128(asU16(a) .<= asU16(b)) }
    @inline(__always) static func i16x8_ge_s(_ a: V128, _ b: V128) -> V128 { v128(asI16(a) .>= asI16(b)) }
    @inline(__always) static func i16x8_ge_u(_ a: V128, _ b: V128) -> V128 { v128(asU16(a) .>= asU16(b)) }

    @inline(__always) static func i16x8_add(_ a: V128, _ b: V128) -> V128 { v128(asU16(a) &+ asU16(b)) }
    @inline(__always) static func i16x8_sub(_ a: V128, _ b: V128) -> V128 { v128(asU16(a) &- asU16(b)) }
    @inline(__always) static func i16x8_mul(_ a: V128, _ b: V128) -> V128 { v128(asU16(a) &* asU16(b)) }
    @inline(__always) static func i16x8_neg(_ a: V128) -> V128 { v128(SIMD8<UInt16>(repeating: 0) &- asU16(a)) }
    /// abs(INT_MIN) = INT_MIN (wrapping).
    @inline(__always) static func i16x8_abs(_ a: V128) -> V128 {
        let x = asI16(a)
        let m = x &>> 15
        return v128((x ^ m) &- m)
    }

    @inline(__always) static func i16x8_min_s(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asI16(b) .< asI16(a))) }
    @inline(__always) static func i16x8_min_u(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asU16(b) .< asU16(a))) }
    @inline(__always) static func i16x8_max_s(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asI16(b) .> asI16(a))) }
    @inline(__always) static func i16x8_max_u(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asU16(b) .> asU16(a))) }

    @inline(__always) static func i16x8_avgr_u(_ a: V128, _ b: V128) -> V128 {
        let x = asU16(a), y = asU16(b)
        return v128((x | y) &- ((x ^ y) &>> 1))  // (x + y + 1) >> 1 without overflow
    }
    @inline(__always) static func i16x8_add_sat_s(_ a: V128, _ b: V128) -> V128 {
        let x = SIMD8<Int32>(truncatingIfNeeded: asI16(a)), y = SIMD8<Int32>(truncatingIfNeeded: asI16(b))
        return v128(satS16(x &+ y))
    }
    @inline(__always) static func i16x8_sub_sat_s(_ a: V128, _ b: V128) -> V128 {
        let x = SIMD8<Int32>(truncatingIfNeeded: asI16(a)), y = SIMD8<Int32>(truncatingIfNeeded: asI16(b))
        return v128(satS16(x &- y))
    }
    @inline(__always) static func i16x8_add_sat_u(_ a: V128, _ b: V128) -> V128 {
        let x = asU16(a)
        let s = x &+ asU16(b)
        return v128(s | asU16(v128(s .< x)))  // carry → all ones
    }
    @inline(__always) static func i16x8_sub_sat_u(_ a: V128, _ b: V128) -> V128 {
        let x = asU16(a), y = asU16(b)
        return v128((x &- y) & asU16(v128(y .<= x)))  // borrow → 0
    }

    @inline(__always) static func i16x8_shl(_ a: V128, _ n: UInt32) -> V128 { v128(asU16(a) &<< UInt16(truncatingIfNeeded: n & 15)) }
    @inline(__always) static func i16x8_shr_s(_ a: V128, _ n: UInt32) -> V128 { v128(asI16(a) &>> Int16(truncatingIfNeeded: n & 15)) }
    @inline(__always) static func i16x8_shr_u(_ a: V128, _ n: UInt32) -> V128 { v128(asU16(a) &>> UInt16(truncatingIfNeeded: n & 15)) }

    // MARK: i32x4

    @inline(__always) static func i32x4_eq(_ a: V128, _ b: V128) -> V128 { v128(asU32(a) .== asU32(b)) }
    @inline(__always) static func i32x4_ne(_ a: V128, _ b: V128) -> V128 { v128(asU32(a) .!= asU32(b)) }
    @inline(__always) static func i32x4_lt_s(_ a: V128, _ b: V128) -> V128 { v128(asI32(a) .< asI32(b)) }
    @inline(__always) static func i32x4_lt_u(_ a: V128, _ b: V128) -> V128 { v128(asU32(a) .< asU32(b)) }
    @inline(__always) static func i32x4_gt_s(_ a: V128, _ b: V128) -> V128 { v128(asI32(a) .> asI32(b)) }
    @inline(__always) static func i32x4_gt_u(_ a: V128, _ b: V128) -> V128 { v128(asU32(a) .> asU32(b)) }
    @inline(__always) static func i32x4_le_s(_ a: V128, _ b: V128) -> V128 { v128(asI32(a) .<= asI32(b)) }
    @inline(__always) static func i32x4_le_u(_ a: V128, _ b: V128) -> V128 { v128(asU32(a) .<= asU32(b)) }
    @inline(__always) static func i32x4_ge_s(_ a: V128, _ b: V128) -> V128 { v128(asI32(a) .>= asI32(b)) }
    @inline(__always) static func i32x4_ge_u(_ a: V128, _ b: V128) -> V128 { v128(asU32(a) .>= asU32(b)) }

    @inline(__always) static func i32x4_add(_ a: V128, _ b: V128) -> V128 { v128(asU32(a) &+ asU32(b)) }
    @inline(__always) static func i32x4_sub(_ a: V128, _ b: V128) -> V128 { v128(asU32(a) &- asU32(b)) }
    @inline(__always) static func i32x4_mul(_ a: V128, _ b: V128) -> V128 { v128(asU32(a) &* asU32(b)) }
    @inline(__always) static func i32x4_neg(_ a: V128) -> V128 { v128(SIMD4<UInt32>(repeating: 0) &- asU32(a)) }
    /// abs(INT_MIN) = INT_MIN (wrapping).
    @inline(__always) static func i32x4_abs(_ a: V128) -> V128 {
        let x = asI32(a)
        let m = x &>> 31
        return v128((x ^ m) &- m)
    }

    @inline(__always) static func i32x4_min_s(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asI32(b) .< asI32(a))) }
    @inline(__always) static func i32x4_min_u(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asU32(b) .< asU32(a))) }
    @inline(__always) static func i32x4_max_s(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asI32(b) .> asI32(a))) }
    @inline(__always) static func i32x4_max_u(_ a: V128, _ b: V128) -> V128 { select(b, a, v128(asU32(b) .> asU32(a))) }

    @inline(__always) static func i32x4_shl(_ a: V128, _ n: UInt32) -> V128 { v128(asU32(a) &<< UInt32(truncatingIfNeeded: n & 31)) }
    @inline(__always) static func i32x4_shr_s(_ a: V128, _ n: UInt32) -> V128 { v128(asI32(a) &>> Int32(truncatingIfNeeded: n & 31)) }
    @inline(__always) static func i32x4_shr_u(_ a: V128, _ n: UInt32) -> V128 { v128(asU32(a) &>> UInt32(truncatingIfNeeded: n & 31)) }

    // MARK: i64x2

    @inline(__always) static func i64x2_eq(_ a: V128, _ b: V128) -> V128 { V128(lo: mask64(a.lo == b.lo), hi: mask64(a.hi == b.hi)) }
    @inline(__always) static func i64x2_ne(_ a: V128, _ b: V128) -> V128 { V128(lo: mask64(a.lo != b.lo), hi: mask64(a.hi != b.hi)) }
    @inline(__always) static func i64x2_lt_s(_ a: V128, _ b: V128) -> V128 {
        V128(lo: mask64(Int64(bitPattern: a.lo) < Int64(bitPattern: b.lo)), hi: mask64(Int64(bitPattern: a.hi) < Int64(bitPattern: b.hi)))
    }
    @inline(__always) static func i64x2_gt_s(_ a: V128, _ b: V128) -> V128 {
        V128(lo: mask64(Int64(bitPattern: a.lo) > Int64(bitPattern: b.lo)), hi: mask64(Int64(bitPattern: a.hi) > Int64(bitPattern: b.hi)))
    }
    @inline(__always) static func i64x2_le_s(_ a: V128, _ b: V128) -> V128 {
        V128(lo: mask64(Int64(bitPattern: a.lo) <= Int64(bitPattern: b.lo)), hi: mask64(Int64(bitPattern: a.hi) <= Int64(bitPattern: b.hi)))
    }
    @inline(__always) static func i64x2_ge_s(_ a: V128, _ b: V128) -> V128 {
        V128(lo: mask64(Int64(bitPattern: a.lo) >= Int64(bitPattern: b.lo)), hi: mask64(Int64(bitPattern: a.hi) >= Int64(bitPattern: b.hi)))
    }

    @inline(__always) static func i64x2_add(_ a: V128, _ b: V128) -> V128 { V128(lo: a.lo &+ b.lo, hi: a.hi &+ b.hi) }
    @inline(__always) static func i64x2_sub(_ a: V128, _ b: V128) -> V128 { V128(lo: a.lo &- b.lo, hi: a.hi &- b.hi) }
    @inline(__always) static func i64x2_mul(_ a: V128, _ b: V128) -> V128 { V128(lo: a.lo &* b.lo, hi: a.hi &* b.hi) }
    @inline(__always) static func i64x2_neg(_ a: V128) -> V128 { V128(lo: 0 &- a.lo, hi: 0 &- a.hi) }
    @inline(__always) static func i64x2_abs(_ a: V128) -> V128 {
        let ml = UInt64(bitPattern: Int64(bitPattern: a.lo) &>> 63)
        let mh = UInt64(bitPattern: Int64(bitPattern: a.hi) &>> 63)
        return V128(lo: (a.lo ^ ml) &- ml, hi: (a.hi ^ mh) &- mh)
    }

    @inline(__always) static func i64x2_shl(_ a: V128, _ n: UInt32) -> V128 {
        let k = UInt64(n & 63)
        return V128(lo: a.lo &<< k, hi: a.hi &<< k)
    }
    @inline(__always) static func i64x2_shr_s(_ a: V128, _ n: UInt32) -> V128 {
        let k = Int64(n & 63)
        return V128(lo: UInt64(bitPattern: Int64(bitPattern: a.lo) &>> k), hi: UInt64(bitPattern: Int64(bitPattern: a.hi) &>> k))
    }
    @inline(__always) static func i64x2_shr_u(_ a: V128, _ n: UInt32) -> V128 {
        let k = UInt64(n & 63)
        return V128(lo: a.lo &>> k, hi: a.hi &>> k)
    }

    // MARK: all_true / bitmask / popcnt

    /// True if some byte of `x` is zero (exact; the classic SWAR test).
    @inline(__always) static func hasZeroByte(_ x: UInt64) -> Bool {
        ((x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080) != 0
    }
    @inline(__always) static func hasZeroHalf(_ x: UInt64) -> Bool {
        ((x &- 0x0001_0001_0001_0001) & ~x & 0x8000_8000_8000_8000) != 0
    }
    @inline(__always) static func hasZeroWord(_ x: UInt64) -> Bool {
        (x & 0xFFFF_FFFF) == 0 || (x &>> 32) == 0
    }

    @inline(__always) static func i8x16_all_true(_ a: V128) -> UInt32 { (hasZeroByte(a.lo) || hasZeroByte(a.hi)) ? 0 : 1 }
    @inline(__always) static func i16x8_all_true(_ a: V128) -> UInt32 { (hasZeroHalf(a.lo) || hasZeroHalf(a.hi)) ? 0 : 1 }
    @inline(__always) static func i32x4_all_true(_ a: V128) -> UInt32 { (hasZeroWord(a.lo) || hasZeroWord(a.hi)) ? 0 : 1 }
    @inline(__always) static func i64x2_all_true(_ a: V128) -> UInt32 { (a.lo != 0 && a.hi != 0) ? 1 : 0 }

    /// Gathers the top bit of each byte of `x` into the low 8 bits (byte i → bit i).
    @inline(__always) static func byteSigns(_ x: UInt64) -> UInt64 {
        ((x & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) &>> 56
    }
    @inline(__always) static func halfSigns(_ x: UInt64) -> UInt64 {
        ((x &>> 15) & 1) | ((x &>> 30) & 2) | ((x &>> 45) & 4) | ((x &>> 60) & 8)
    }
    @inline(__always) static func i8x16_bitmask(_ a: V128) -> UInt32 {
        UInt32(truncatingIfNeeded: byteSigns(a.lo) | (byteSigns(a.hi) &<< 8))
    }
    @inline(__always) static func i16x8_bitmask(_ a: V128) -> UInt32 {
        UInt32(truncatingIfNeeded: halfSigns(a.lo) | (halfSigns(a.hi) &<< 4))
    }
    @inline(__always) static func i32x4_bitmask(_ a: V128) -> UInt32 {
        let l = ((a.lo &>> 31) & 1) | ((a.lo &>> 62) & 2)
        let h = ((a.hi &>> 31) & 1) | ((a.hi &>> 62) & 2)
        return UInt32(truncatingIfNeeded: l | (h &<< 2))
    }
    @inline(__always) static func i64x2_bitmask(_ a: V128) -> UInt32 {
        UInt32(truncatingIfNeeded: (a.lo &>> 63) | ((a.hi &>> 63) &<< 1))
    }

    /// Per-byte population count of a 64-bit word.
    @inline(__always) static func bytePopcount(_ x: UInt64) -> UInt64 {
        var v = x &- ((x &>> 1) & 0x5555_5555_5555_5555)
        v = (v & 0x3333_3333_3333_3333) &+ ((v &>> 2) & 0x3333_3333_3333_3333)
        return (v &+ (v &>> 4)) & 0x0F0F_0F0F_0F0F_0F0F
    }
    @inline(__always) static func i8x16_popcnt(_ a: V128) -> V128 { V128(lo: bytePopcount(a.lo), hi: bytePopcount(a.hi)) }

    // MARK: narrow (signed input, saturated to the signed / unsigned half-width range)

    @inline(__always) static func i8x16_narrow_i16x8_s(_ a: V128, _ b: V128) -> V128 {
        v128(satS8(SIMD16<Int16>(lowHalf: asI16(a), highHalf: asI16(b))))
    }
    @inline(__always) static func i8x16_narrow_i16x8_u(_ a: V128, _ b: V128) -> V128 {
        v128(satU8(SIMD16<Int16>(lowHalf: asI16(a), highHalf: asI16(b))))
    }
    @inline(__always) static func i16x8_narrow_i32x4_s(_ a: V128, _ b: V128) -> V128 {
        v128(satS16(SIMD8<Int32>(lowHalf: asI32(a), highHalf: asI32(b))))
    }
    @inline(__always) static func i16x8_narrow_i32x4_u(_ a: V128, _ b: V128) -> V128 {
        v128(satU16(SIMD8<Int32>(lowHalf: asI32(a), highHalf: asI32(b))))
    }

    // MARK: extend

    @inline(__always) static func i16x8_extend_low_i8x16_s(_ a: V128) -> V128 { v128(SIMD8<Int16>(truncatingIfNeeded: asI8(a).lowHalf)) }
    @inline(__always) static func i16x8_extend_high_i8x16_s(_ a: V128) -> V128 { v128(SIMD8<Int16>(truncatingIfNeeded: asI8(a).highHalf)) }
    @inline(__always) static func i16x8_extend_low_i8x16_u(_ a: V128) -> V128 { v128(SIMD8<UInt16>(truncatingIfNeeded: asU8(a).lowHalf)) }
    @inline(__always) static func i16x8_extend_high_i8x16_u(_ a: V128) -> V128 { v128(SIMD8<UInt16>(truncatingIfNeeded: asU8(a).highHalf)) }
    @inline(__always) static func i32x4_extend_low_i16x8_s(_ a: V128) -> V128 { v128(SIMD4<Int32>(truncatingIfNeeded: asI16(a).lowHalf)) }
    @inline(__always) static func i32x4_extend_high_i16x8_s(_ a: V128) -> V128 { v128(SIMD4<Int32>(truncatingIfNeeded: asI16(a).highHalf)) }
    @inline(__always) static func i32x4_extend_low_i16x8_u(_ a: V128) -> V128 { v128(SIMD4<UInt32>(truncatingIfNeeded: asU16(a).lowHalf)) }
    @inline(__always) static func i32x4_extend_high_i16x8_u(_ a: V128) -> V128 { v128(SIMD4<UInt32>(truncatingIfNeeded: asU16(a).highHalf)) }
    @inline(__always) static func i64x2_extend_low_i32x4_s(_ a: V128) -> V128 {
        V128(lo: UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: a.lo))), hi: UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: a.lo &>> 32))))
    }
    @inline(__always) static func i64x2_extend_high_i32x4_s(_ a: V128) -> V128 {
        V128(lo: UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: a.hi))), hi: UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: a.hi &>> 32))))
    }
    @inline(__always) static func i64x2_extend_low_i32x4_u(_ a: V128) -> V128 { V128(lo: a.lo & 0xFFFF_FFFF, hi: a.lo &>> 32) }
    @inline(__always) static func i64x2_extend_high_i32x4_u(_ a: V128) -> V128 { V128(lo: a.hi & 0xFFFF_FFFF, hi: a.hi &>> 32) }

    // MARK: extmul (extend both operands, then multiply in the wide lane; the products always fit)

    @inline(__always) static func i16x8_extmul_low_i8x16_s(_ a: V128, _ b: V128) -> V128 {
        v128(SIMD8<Int16>(truncatingIfNeeded: asI8(a).lowHalf) &* SIMD8<Int16>(truncatingIfNeeded: asI8(b).lowHalf))
    }
    @inline(__always) static func i16x8_extmul_high_i8x16_s(_ a: V128, _ b: V128) -> V128 {
        v128(SIMD8<Int16>(truncatingIfNeeded: asI8(a).highHalf) &* SIMD8<Int16>(truncatingIfNeeded: asI8(b).highHalf))
    }
    @inline(__always) static func i16x8_extmul_low_i8x16_u(_ a: V128, _ b: V128) -> V128 {
        v128(SIMD8<UInt16>(truncatingIfNeeded: asU8(a).lowHalf) &* SIMD8<UInt16>(truncatingIfNeeded: asU8(b).lowHalf))
    }
    @inline(__always) static func i16x8_extmul_high_i8x16_u(_ a: V128, _ b: V128) -> V128 {
        v128(SIMD8<UInt16>(truncatingIfNeeded: asU8(a).highHalf) &* SIMD8<UInt16>(truncatingIfNeeded: asU8(b).highHalf))
    }
    @inline(__always) static func i32x4_extmul_low_i16x8_s(_ a: V128, _ b: V128) -> V128 {
        v128(SIMD4<Int32>(truncatingIfNeeded: asI16(a).lowHalf) &* SIMD4<Int32>(truncatingIfNeeded: asI16(b).lowHalf))
    }
    @inline(__always) static func i32x4_extmul_high_i16x8_s(_ a: V128, _ b: V128) -> V128 {
        v128(SIMD4<Int32>(truncatingIfNeeded: asI16(a).highHalf) &* SIMD4<Int32>(truncatingIfNeeded: asI16(b).highHalf))
    }
    @inline(__always) static func i32x4_extmul_low_i16x8_u(_ a: V128, _ b: V128) -> V128 {
        v128(SIMD4<UInt32>(truncatingIfNeeded: asU16(a).lowHalf) &* SIMD4<UInt32>(truncatingIfNeeded: asU16(b).lowHalf))
    }
    @inline(__always) static func i32x4_extmul_high_i16x8_u(_ a: V128, _ b: V128) -> V128 {
        v128(SIMD4<UInt32>(truncatingIfNeeded: asU16(a).highHalf) &* SIMD4<UInt32>(truncatingIfNeeded: asU16(b).highHalf))
    }
    @inline(__always) static func i64x2_extmul_low_i32x4_s(_ a: V128, _ b: V128) -> V128 {
        let x = i64x2_extend_low_i32x4_s(a), y = i64x2_extend_low_i32x4_s(b)
        return i64x2_mul(x, y)
    }
    @inline(__always) static func i64x2_extmul_high_i32x4_s(_ a: V128, _ b: V128) -> V128 {
        let x = i64x2_extend_high_i32x4_s(a), y = i64x2_extend_high_i32x4_s(b)
        return i64x2_mul(x, y)
    }
    @inline(__always) static func i64x2_extmul_low_i32x4_u(_ a: V128, _ b: V128) -> V128 {
        let x = i64x2_extend_low_i32x4_u(a), y = i64x2_extend_low_i32x4_u(b)
        return i64x2_mul(x, y)
    }
    @inline(__always) static func i64x2_extmul_high_i32x4_u(_ a: V128, _ b: V128) -> V128 {
        let x = i64x2_extend_high_i32x4_u(a), y = i64x2_extend_high_i32x4_u(b)
        return i64x2_mul(x, y)
    }

    // MARK: extadd_pairwise / dot / q15mulr

    @inline(__always) static func i16x8_extadd_pairwise_i8x16_s(_ a: V128) -> V128 {
        let x = asI8(a)
        return v128(SIMD8<Int16>(truncatingIfNeeded: x.evenHalf) &+ SIMD8<Int16>(truncatingIfNeeded: x.oddHalf))
    }
    @inline(__always) static func i16x8_extadd_pairwise_i8x16_u(_ a: V128) -> V128 {
        let x = asU8(a)
        return v128(SIMD8<UInt16>(truncatingIfNeeded: x.evenHalf) &+ SIMD8<UInt16>(truncatingIfNeeded: x.oddHalf))
    }
    @inline(__always) static func i32x4_extadd_pairwise_i16x8_s(_ a: V128) -> V128 {
        let x = asI16(a)
        return v128(SIMD4<Int32>(truncatingIfNeeded: x.evenHalf) &+ SIMD4<Int32>(truncatingIfNeeded: x.oddHalf))
    }
    @inline(__always) static func i32x4_extadd_pairwise_i16x8_u(_ a: V128) -> V128 {
        let x = asU16(a)
        return v128(SIMD4<UInt32>(truncatingIfNeeded: x.evenHalf) &+ SIMD4<UInt32>(truncatingIfNeeded: x.oddHalf))
    }

    /// Pairwise sums of the signed 32-bit products (wrapping: only MIN*MIN + MIN*MIN overflows).
    @inline(__always) static func i32x4_dot_i16x8_s(_ a: V128, _ b: V128) -> V128 {
        let p = SIMD8<Int32>(truncatingIfNeeded: asI16(a)) &* SIMD8<Int32>(truncatingIfNeeded: asI16(b))
        return v128(p.evenHalf &+ p.oddHalf)
    }

    /// sat_s((a * b + 0x4000) >> 15); only -32768 * -32768 saturates (to 32767).
    @inline(__always) static func i16x8_q15mulr_sat_s(_ a: V128, _ b: V128) -> V128 {
        let p = SIMD8<Int32>(truncatingIfNeeded: asI16(a)) &* SIMD8<Int32>(truncatingIfNeeded: asI16(b))
        return v128(satS16((p &+ 0x4000) &>> 15))
    }
}
