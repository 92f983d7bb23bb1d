import WasmBinary

/// The pure semantics of every WebAssembly numeric instruction (scalar, SIMD and relaxed SIMD).
///
/// Each instruction `t.op` is the static function `Numerics.t_op`. Value types map as
/// i32 → `UInt32`, i64 → `UInt64`, f32 → `Float`, f64 → `Double`, v128 → `V128`.
/// Comparisons and tests yield `UInt32` 0/1; instructions that may trap are `throws(TrapCode)`.
/// The functions are split by category across the files of this folder.
enum Numerics {}

// MARK: - V128 views (lane 0 = lowest bits of `lo`; the host is little-endian)

extension Numerics {
    @inline(__always) static func asU8(_ v: V128) -> SIMD16<UInt8> { unsafeBitCast(v, to: SIMD16<UInt8>.self) }
    @inline(__always) static func asI8(_ v: V128) -> SIMD16<Int8> { unsafeBitCast(v, to: SIMD16<Int8>.self) }
    @inline(__always) static func asU16(_ v: V128) -> SIMD8<UInt16> { unsafeBitCast(v, to: SIMD8<UInt16>.self) }
    @inline(__always) static func asI16(_ v: V128) -> SIMD8<Int16> { unsafeBitCast(v, to: SIMD8<Int16>.self) }
    @inline(__always) static func asU32(_ v: V128) -> SIMD4<UInt32> { unsafeBitCast(v, to: SIMD4<UInt32>.self) }
    @inline(__always) static func asI32(_ v: V128) -> SIMD4<Int32> { unsafeBitCast(v, to: SIMD4<Int32>.self) }
    @inline(__always) static func asU64(_ v: V128) -> SIMD2<UInt64> { unsafeBitCast(v, to: SIMD2<UInt64>.self) }
    @inline(__always) static func asF32(_ v: V128) -> SIMD4<Float> { unsafeBitCast(v, to: SIMD4<Float>.self) }
    @inline(__always) static func asF64(_ v: V128) -> SIMD2<Double> { unsafeBitCast(v, to: SIMD2<Double>.self) }

    @inline(__always) static func v128(_ x: SIMD16<UInt8>) -> V128 { unsafeBitCast(x, to: V128.self) }
    @inline(__always) static func v128(_ x: SIMD16<Int8>) -> V128 { unsafeBitCast(x, to: V128.self) }
    @inline(__always) static func v128(_ x: SIMD8<UInt16>) -> V128 { unsafeBitCast(x, to: V128.self) }
    @inline(__always) static func v128(_ x: SIMD8<Int16>) -> V128 { unsafeBitCast(x, to: V128.self) }
    @inline(__always) static func v128(_ x: SIMD4<UInt32>) -> V128 { unsafeBitCast(x, to: V128.self) }
    @inline(__always) static func v128(_ x: SIMD4<Int32>) -> V128 { unsafeBitCast(x, to: V128.self) }
    @inline(__always) static func v128(_ x: SIMD2<UInt64>) -> V128 { unsafeBitCast(x, to: V128.self) }
    @inline(__always) static func v128(_ x: SIMD2<Int64>) -> V128 { unsafeBitCast(x, to: V128.self) }
    @inline(__always) static func v128(_ x: SIMD4<Float>) -> V128 { unsafeBitCast(x, to: V128.self) }
    @inline(__always) static func v128(_ x: SIMD2<Double>) -> V128 { unsafeBitCast(x, to: V128.self) }

    // Lane masks: every true lane is all ones (the stdlib comparisons sign-extend i1 lanes).
    @inline(__always) static func v128(_ m: SIMDMask<SIMD16<Int8>>) -> V128 { unsafeBitCast(m._storage, to: V128.self) }
    @inline(__always) static func v128(_ m: SIMDMask<SIMD8<Int16>>) -> V128 { unsafeBitCast(m._storage, to: V128.self) }
    @inline(__always) static func v128(_ m: SIMDMask<SIMD4<Int32>>) -> V128 { unsafeBitCast(m._storage, to: V128.self) }
    @inline(__always) static func v128(_ m: SIMDMask<SIMD2<Int64>>) -> V128 { unsafeBitCast(m._storage, to: V128.self) }

    // Saturating narrowing of wide signed lanes (pointwiseMin/Max vectorize; `init(clamping:)` does not).
    @inline(__always) static func satS8(_ x: SIMD16<Int16>) -> SIMD16<Int8> {
        SIMD16<Int8>(truncatingIfNeeded: pointwiseMax(pointwiseMin(x, SIMD16<Int16>(repeating: 127)), SIMD16<Int16>(repeating: -128)))
    }
    @inline(__always) static func satU8(_ x: SIMD16<Int16>) -> SIMD16<UInt8> {
        SIMD16<UInt8>(truncatingIfNeeded: pointwiseMax(pointwiseMin(x, SIMD16<Int16>(repeating: 255)), SIMD16<Int16>(repeating: 0)))
    }
    @inline(__always) static func satS16(_ x: SIMD8<Int32>) -> SIMD8<Int16> {
        SIMD8<Int16>(truncatingIfNeeded: pointwiseMax(pointwiseMin(x, SIMD8<Int32>(repeating: 32767)), SIMD8<Int32>(repeating: -32768)))
    }
    @inline(__always) static func satU16(_ x: SIMD8<Int32>) -> SIMD8<UInt16> {
        SIMD8<UInt16>(truncatingIfNeeded: pointwiseMax(pointwiseMin(x, SIMD8<Int32>(repeating: 65535)), SIMD8<Int32>(repeating: 0)))
    }

    /// Bits of `a` where `mask` is 1, bits of `b` where it is 0.
    @inline(__always) static func select(_ a: V128, _ b: V128, _ mask: V128) -> V128 {
        V128(lo: (a.lo & mask.lo) | (b.lo & ~mask.lo), hi: (a.hi & mask.hi) | (b.hi & ~mask.hi))
    }

    /// All ones if `c`, else zero.
    @inline(__always) static func mask64(_ c: Bool) -> UInt64 { c ? ~0 : 0 }

    /// Byte lane `i` (0..<16; only the low 4 bits are used).
    @inline(__always) static func byteLane(_ v: V128, _ i: Int) -> UInt8 {
        let w = (i & 8) == 0 ? v.lo : v.hi
        return UInt8(truncatingIfNeeded: w &>> UInt64((i & 7) &<< 3))
    }
}
