// Floating-point scalar instructions (f32 / f64): comparisons, sign operations, rounding, arithmetic.

extension Numerics {
    // MARK: f32

    @inline(__always) static func f32_eq(_ a: Float, _ b: Float) -> UInt32 { a == b ? 1 : 0 }
    @inline(__always) static func f32_ne(_ a: Float, _ b: Float) -> UInt32 { a != b ? 1 : 0 }
    @inline(__always) static func f32_lt(_ a: Float, _ b: Float) -> UInt32 { a < b ? 1 : 0 }
    @inline(__always) static func f32_gt(_ a: Float, _ b: Float) -> UInt32 { a > b ? 1 : 0 }
    @inline(__always) static func f32_le(_ a: Float, _ b: Float) -> UInt32 { a <= b ? 1 : 0 }
    @inline(__always) static func f32_ge(_ a: Float, _ b: Float) -> UInt32 { a >= b ? 1 : 0 }

    /// Sign-bit operations: NaN payloads are kept bit-exactly.
    @inline(__always) static func f32_abs(_ a: Float) -> Float { Float(bits: a.bits & ~0x8000_0000) }
    @inline(__always) static func f32_neg(_ a: Float) -> Float { Float(bits: a.bits ^ 0x8000_0000) }
    @inline(__always) static func f32_copysign(_ a: Float, _ b: Float) -> Float {
        Float(bits: (a.bits & ~0x8000_0000) | (b.bits & 0x8000_0000))
    }

    @inline(__always) static func f32_ceil(_ a: Float) -> Float { a.rounded(.up) }
    @inline(__always) static func f32_floor(_ a: Float) -> Float { a.rounded(.down) }
    @inline(__always) static func f32_trunc(_ a: Float) -> Float { a.rounded(.towardZero) }
    @inline(__always) static func f32_nearest(_ a: Float) -> Float { a.rounded(.toNearestOrEven) }
    @inline(__always) static func f32_sqrt(_ a: Float) -> Float { a.squareRoot() }

    @inline(__always) static func f32_add(_ a: Float, _ b: Float) -> Float { a + b }
    @inline(__always) static func f32_sub(_ a: Float, _ b: Float) -> Float { a - b }
    @inline(__always) static func f32_mul(_ a: Float, _ b: Float) -> Float { a * b }
    @inline(__always) static func f32_div(_ a: Float, _ b: Float) -> Float { a / b }

    /// NaN if either operand is NaN; min(-0, +0) = -0.
    @inline(__always) static func f32_min(_ a: Float, _ b: Float) -> Float {
        if a < b { return a }
        if b < a { return b }
        if a == b { return Float(bits: a.bits | b.bits) }  // equal, or ±0: -0 wins
        return a + b  // at least one NaN: propagate (quieted) NaN
    }
    /// NaN if either operand is NaN; max(-0, +0) = +0.
    @inline(__always) static func f32_max(_ a: Float, _ b: Float) -> Float {
        if a > b { return a }
        if b > a { return b }
        if a == b { return Float(bits: a.bits & b.bits) }  // equal, or ±0: +0 wins
        return a + b
    }

    // MARK: f64

    @inline(__always) static func f64_eq(_ a: Double, _ b: Double) -> UInt32 { a == b ? 1 : 0 }
    @inline(__always) static func f64_ne(_ a: Double, _ b: Double) -> UInt32 { a != b ? 1 : 0 }
    @inline(__always) static func f64_lt(_ a: Double, _ b: Double) -> UInt32 { a < b ? 1 : 0 }
    @inline(__always) static func f64_gt(_ a: Double, _ b: Double) -> UInt32 { a > b ? 1 : 0 }
    @inline(__always) static func f64_le(_ a: Double, _ b: Double) -> UInt32 { a <= b ? 1 : 0 }
    @inline(__always) static func f64_ge(_ a: Double, _ b: Double) -> UInt32 { a >= b ? 1 : 0 }

    /// Sign-bit operations: NaN payloads are kept bit-exactly.
    @inline(__always) static func f64_abs(_ a: Double) -> Double { Double(bits: a.bits & ~0x8000_0000_0000_0000) }
    @inline(__always) static func f64_neg(_ a: Double) -> Double { Double(bits: a.bits ^ 0x8000_0000_0000_0000) }
    @inline(__always) static func f64_copysign(_ a: Double, _ b: Double) -> Double {
        Double(bits: (a.bits & ~0x8000_0000_0000_0000) | (b.bits & 0x8000_0000_0000_0000))
    }

    @inline(__always) static func f64_ceil(_ a: Double) -> Double { a.rounded(.up) }
    @inline(__always) static func f64_floor(_ a: Double) -> Double { a.rounded(.down) }
    @inline(__always) static func f64_trunc(_ a: Double) -> Double { a.rounded(.towardZero) }
    @inline(__always) static func f64_nearest(_ a: Double) -> Double { a.rounded(.toNearestOrEven) }
    @inline(__always) static func f64_sqrt(_ a: Double) -> Double { a.squareRoot() }

    @inline(__always) static func f64_add(_ a: Double, _ b: Double) -> Double { a + b }
    @inline(__always) static func f64_sub(_ a: Double, _ b: Double) -> Double { a - b }
    @inline(__always) static func f64_mul(_ a: Double, _ b: Double) -> Double { a * b }
    @inline(__always) static func f64_div(_ a: Double, _ b: Double) -> Double { a / b }

    /// NaN if either operand is NaN; min(-0, +0) = -0.
    @inline(__always) static func f64_min(_ a: Double, _ b: Double) -> Double {
        if a < b { return a }
        if b < a { return b }
        if a == b { return Double(bits: a.bits | b.bits) }  // equal, or ±0: -0 wins
        return a + b  // at least one NaN: propagate (quieted) NaN
    }
    /// NaN if either operand is NaN; max(-0, +0) = +0.
    @inline(__always) static func f64_max(_ a: Double, _ b: Double) -> Double {
        if a > b { return a }
        if b > a { return b }
        if a == b { return Double(bits: a.bits & b.bits) }  // equal, or ±0: +0 wins
        return a + b
    }
}
