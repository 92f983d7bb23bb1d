import WasmBinary

// SIMD lane access (splat, extract_lane, replace_lane), shuffles and the v128 bitwise instructions.

extension Numerics {
    // MARK: Splats

    @inline(__always) static func i8x16_splat(_ x: UInt32) -> V128 {
        let w = UInt64(x & 0xFF) &* 0x0101_0101_0101_0101
        return V128(lo: w, hi: w)
    }
    @inline(__always) static func i16x8_splat(_ x: UInt32) -> V128 {
        let w = UInt64(x & 0xFFFF) &* 0x0001_0001_0001_0001
        return V128(lo: w, hi: w)
    }
    @inline(__always) static func i32x4_splat(_ x: UInt32) -> V128 {
        let w = UInt64(x) | (UInt64(x) &<< 32)
        return V128(lo: w, hi: w)
    }
    @inline(__always) static func i64x2_splat(_ x: UInt64) -> V128 { V128(lo: x, hi: x) }
    @inline(__always) static func f32x4_splat(_ x: Float) -> V128 { i32x4_splat(x.bits) }
    @inline(__always) static func f64x2_splat(_ x: Double) -> V128 { V128(lo: x.bits, hi: x.bits) }

    // MARK: Extract lane (lane index already validated)

    @inline(__always) static func i8x16_extract_lane_s(_ v: V128, _ lane: Int) -> UInt32 {
        UInt32(bitPattern: Int32(Int8(bitPattern: byteLane(v, lane))))
    }
    @inline(__always) static func i8x16_extract_lane_u(_ v: V128, _ lane: Int) -> UInt32 {
        UInt32(byteLane(v, lane))
    }
    @inline(__always) static func i16x8_extract_lane_s(_ v: V128, _ lane: Int) -> UInt32 {
        let w = (lane & 4) == 0 ? v.lo : v.hi
        return UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: w &>> UInt64((lane & 3) &<< 4))))
    }
    @inline(__always) static func i16x8_extract_lane_u(_ v: V128, _ lane: Int) -> UInt32 {
        let w = (lane & 4) == 0 ? v.lo : v.hi
        return UInt32(UInt16(truncatingIfNeeded: w &>> UInt64((lane & 3) &<< 4)))
    }
    @inline(__always) static func i32x4_extract_lane(_ v: V128, _ lane: Int) -> UInt32 {
        let w = (lane & 2) == 0 ? v.lo : v.hi
        return UInt32(truncatingIfNeeded: w &>> UInt64((lane & 1) &<< 5))
    }
    @inline(__always) static func i64x2_extract_lane(_ v: V128, _ lane: Int) -> UInt64 {
        (lane & 1) == 0 ? v.lo : v.hi
    }
    @inline(__always) static func f32x4_extract_lane(_ v: V128, _ lane: Int) -> Float {
        Float(bits: i32x4_extract_lane(v, lane))
    }
    @inline(__always) static func f64x2_extract_lane(_ v: V128, _ lane: Int) -> Double {
        Double(bits: i64x2_extract_lane(v, lane))
    }

    // MARK: Replace lane

    /// Replaces the `width`-bit field at bit offset `shift` of 64-bit half `half` (0 = lo).
    @inline(__always) static func replaceBits(_ v: V128, _ half: Int, _ shift: UInt64, _ fieldMask: UInt64, _ x: UInt64) -> V128 {
        let m = fieldMask &<< shift
        let bits = (x & fieldMask) &<< shift
        var r = v
        if half == 0 { r.lo = (r.lo & ~m) | bits } else { r.hi = (r.hi & ~m) | bits }
        return r
    }
    @inline(__always) static func i8x16_replace_lane(_ v: V128, _ lane: Int, _ x: UInt32) -> V128 {
        replaceBits(v, lane & 8, UInt64((lane & 7) &<< 3), 0xFF, UInt64(x))
    }
    @inline(__always) static func i16x8_replace_lane(_ v: V128, _ lane: Int, _ x: UInt32) -> V128 {
        replaceBits(v, lane & 4, UInt64((lane & 3) &<< 4), 0xFFFF, UInt64(x))
    }
    @inline(__always) static func i32x4_replace_lane(_ v: V128, _ lane: Int, _ x: UInt32) -> V128 {
        replaceBits(v, lane & 2, UInt64((lane & 1) &<< 5), 0xFFFF_FFFF, UInt64(x))
    }
    @inline(__always) static func i64x2_replace_lane(_ v: V128, _ lane: Int, _ x: UInt64) -> V128 {
        (lane & 1) == 0 ? V128(lo: x, hi: v.hi) : V128(lo: v.lo, hi: x)
    }
    @inline(__always) static func f32x4_replace_lane(_ v: V128, _ lane: Int, _ x: Float) -> V128 {
        i32x4_replace_lane(v, lane, x.bits)
    }
    @inline(__always) static func f64x2_replace_lane(_ v: V128, _ lane: Int, _ x: Double) -> V128 {
        i64x2_replace_lane(v, lane, x.bits)
    }

    // MARK: Shuffle / swizzle

    /// `lanes` holds 16 byte indices (validated < 32): index i < 16 picks a[i], else b[i - 16].
    @inline(__always) static func i8x16_shuffle(_ a: V128, _ b: V128, _ lanes: V128) -> V128 {
        gather((a.lo.littleEndian, a.hi.littleEndian, b.lo.littleEndian, b.hi.littleEndian), lanes) { Int($0 & 31) }
    }

    /// Each byte of `s` selects a byte of `a`; indices >= 16 give 0 (read from the zero half
    /// after `a`'s bytes).
    @inline(__always) static func i8x16_swizzle(_ a: V128, _ s: V128) -> V128 {
        gather((a.lo.littleEndian, a.hi.littleEndian, 0, 0), s) { Int(min($0, 16)) }
    }

    /// Byte `i` of the result is byte `position(byte i of index)` of the 32 `source` bytes,
    /// which `position` keeps below 32. Reading the bytes from memory costs about half the
    /// machine instructions of shifting each one out of its half.
    @inline(__always) private static func gather(
        _ source: (UInt64, UInt64, UInt64, UInt64), _ index: V128, _ position: (UInt8) -> Int
    ) -> V128 {
        let indices = (index.lo.littleEndian, index.hi.littleEndian)
        var out: (UInt64, UInt64) = (0, 0)
        withUnsafeBytes(of: source) { bytes in
            withUnsafeBytes(of: indices) { at in
                withUnsafeMutableBytes(of: &out) { result in
                    for i in 0..<16 { result[i] = bytes[position(at[i])] }
                }
            }
        }
        return V128(lo: UInt64(littleEndian: out.0), hi: UInt64(littleEndian: out.1))
    }

    // MARK: v128 bitwise

    @inline(__always) static func v128_not(_ a: V128) -> V128 { V128(lo: ~a.lo, hi: ~a.hi) }
    @inline(__always) static func v128_and(_ a: V128, _ b: V128) -> V128 { V128(lo: a.lo & b.lo, hi: a.hi & b.hi) }
    @inline(__always) static func v128_andnot(_ a: V128, _ b: V128) -> V128 { V128(lo: a.lo & ~b.lo, hi: a.hi & ~b.hi) }
    @inline(__always) static func v128_or(_ a: V128, _ b: V128) -> V128 { V128(lo: a.lo | b.lo, hi: a.hi | b.hi) }
    @inline(__always) static func v128_xor(_ a: V128, _ b: V128) -> V128 { V128(lo: a.lo ^ b.lo, hi: a.hi ^ b.hi) }
    /// Bits of `a` where `c` is 1, bits of `b` where `c` is 0.
    @inline(__always) static func v128_bitselect(_ a: V128, _ b: V128, _ c: V128) -> V128 { select(a, b, c) }
    @inline(__always) static func v128_any_true(_ a: V128) -> UInt32 { (a.lo | a.hi) != 0 ? 1 : 0 }
}
