// Wide arithmetic (the wide-arithmetic proposal): 128-bit addition and subtraction of values
// given as two i64 halves, and the full 128-bit product of two i64. Every result is the pair
// (low half, high half), which the instructions push in that order.

extension Numerics {
    /// `i64.add128`: (aHigh:aLow) + (bHigh:bLow) modulo 2^128.
    @inline(__always)
    static func i64_add128(_ aLow: UInt64, _ aHigh: UInt64, _ bLow: UInt64, _ bHigh: UInt64) -> (UInt64, UInt64) {
        let (low, carry) = aLow.addingReportingOverflow(bLow)
        return (low, aHigh &+ bHigh &+ (carry ? 1 : 0))
    }

    /// `i64.sub128`: (aHigh:aLow) - (bHigh:bLow) modulo 2^128.
    @inline(__always)
    static func i64_sub128(_ aLow: UInt64, _ aHigh: UInt64, _ bLow: UInt64, _ bHigh: UInt64) -> (UInt64, UInt64) {
        let (low, borrow) = aLow.subtractingReportingOverflow(bLow)
        return (low, aHigh &- bHigh &- (borrow ? 1 : 0))
    }

    /// `i64.mul_wide_s`: the 128-bit product of `a` and `b` read as signed integers.
    @inline(__always)
    static func i64_mul_wide_s(_ a: UInt64, _ b: UInt64) -> (UInt64, UInt64) {
        let (high, low) = Int64(bitPattern: a).multipliedFullWidth(by: Int64(bitPattern: b))
        return (low, UInt64(bitPattern: high))
    }

    /// `i64.mul_wide_u`: the 128-bit product of `a` and `b` read as unsigned integers.
    @inline(__always)
    static func i64_mul_wide_u(_ a: UInt64, _ b: UInt64) -> (UInt64, UInt64) {
        let (high, low) = a.multipliedFullWidth(by: b)
        return (low, high)
    }
}
