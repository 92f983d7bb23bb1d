// Integer scalar instructions (i32 / i64): tests, comparisons, arithmetic, bitwise, shifts.

extension Numerics {
    // MARK: i32

    @inline(__always) static func i32_eqz(_ a: UInt32) -> UInt32 { a == 0 ? 1 : 0 }
    @inline(__always) static func i32_eq(_ a: UInt32, _ b: UInt32) -> UInt32 { a == b ? 1 : 0 }
    @inline(__always) static func i32_ne(_ a: UInt32, _ b: UInt32) -> UInt32 { a != b ? 1 : 0 }
    @inline(__always) static func i32_lt_s(_ a: UInt32, _ b: UInt32) -> UInt32 { Int32(bitPattern: a) < Int32(bitPattern: b) ? 1 : 0 }
    @inline(__always) static func i32_lt_u(_ a: UInt32, _ b: UInt32) -> UInt32 { a < b ? 1 : 0 }
    @inline(__always) static func i32_gt_s(_ a: UInt32, _ b: UInt32) -> UInt32 { Int32(bitPattern: a) > Int32(bitPattern: b) ? 1 : 0 }
    @inline(__always) static func i32_gt_u(_ a: UInt32, _ b: UInt32) -> UInt32 { a > b ? 1 : 0 }
    @inline(__always) static func i32_le_s(_ a: UInt32, _ b: UInt32) -> UInt32 { Int32(bitPattern: a) <= Int32(bitPattern: b) ? 1 : 0 }
    @inline(__always) static func i32_le_u(_ a: UInt32, _ b: UInt32) -> UInt32 { a <= b ? 1 : 0 }
    @inline(__always) static func i32_ge_s(_ a: UInt32, _ b: UInt32) -> UInt32 { Int32(bitPattern: a) >= Int32(bitPattern: b) ? 1 : 0 }
    @inline(__always) static func i32_ge_u(_ a: UInt32, _ b: UInt32) -> UInt32 { a >= b ? 1 : 0 }

    @inline(__always) static func i32_clz(_ a: UInt32) -> UInt32 { UInt32(truncatingIfNeeded: a.leadingZeroBitCount) }
    @inline(__always) static func i32_ctz(_ a: UInt32) -> UInt32 { UInt32(truncatingIfNeeded: a.trailingZeroBitCount) }
    @inline(__always) static func i32_popcnt(_ a: UInt32) -> UInt32 { UInt32(truncatingIfNeeded: a.nonzeroBitCount) }

    @inline(__always) static func i32_add(_ a: UInt32, _ b: UInt32) -> UInt32 { a &+ b }
    @inline(__always) static func i32_sub(_ a: UInt32, _ b: UInt32) -> UInt32 { a &- b }
    @inline(__always) static func i32_mul(_ a: UInt32, _ b: UInt32) -> UInt32 { a &* b }

    @inline(__always) static func i32_div_s(_ a: UInt32, _ b: UInt32) throws(TrapCode) -> UInt32 {
        if b == 0 { throw .integerDivideByZero }
        let x = Int32(bitPattern: a), y = Int32(bitPattern: b)
        if x == Int32.min && y == -1 { throw .integerOverflow }
        return UInt32(bitPattern: x / y)
    }
    @inline(__always) static func i32_div_u(_ a: UInt32, _ b: UInt32) throws(TrapCode) -> UInt32 {
        if b == 0 { throw .integerDivideByZero }
        return a / b
    }
    @inline(__always) static func i32_rem_s(_ a: UInt32, _ b: UInt32) throws(TrapCode) -> UInt32 {
        if b == 0 { throw .integerDivideByZero }
        let y = Int32(bitPattern: b)
        if y == -1 { return 0 }  // INT_MIN % -1 is 0 and must not trap
        return UInt32(bitPattern: Int32(bitPattern: a) % y)
    }
    @inline(__always) static func i32_rem_u(_ a: UInt32, _ b: UInt32) throws(TrapCode) -> UInt32 {
        if b == 0 { throw .integerDivideByZero }
        return a % b
    }

    @inline(__always) static func i32_and(_ a: UInt32, _ b: UInt32) -> UInt32 { a & b }
    @inline(__always) static func i32_or(_ a: UInt32, _ b: UInt32) -> UInt32 { a | b }
    @inline(__always) static func i32_xor(_ a: UInt32, _ b: UInt32) -> UInt32 { a ^ b }
    @inline(__always) static func i32_shl(_ a: UInt32, _ b: UInt32) -> UInt32 { a &<< (b & 31) }
    @inline(__always) static func i32_shr_s(_ a: UInt32, _ b: UInt32) -> UInt32 { UInt32(bitPattern: Int32(bitPattern: a) &>> Int32(bitPattern: b & 31)) }
    @inline(__always) static func i32_shr_u(_ a: UInt32, _ b: UInt32) -> UInt32 { a &>> (b & 31) }
    @inline(__always) static func i32_rotl(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let k = b & 31
        return (a &<< k) | (a &>> ((32 &- k) & 31))
    }
    @inline(__always) static func i32_rotr(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let k = b & 31
        return (a &>> k) | (a &<< ((32 &- k) & 31))
    }

    // MARK: i64

    @inline(__always) static func i64_eqz(_ a: UInt64) -> UInt32 { a == 0 ? 1 : 0 }
    @inline(__always) static func i64_eq(_ a: UInt64, _ b: UInt64) -> UInt32 { a == b ? 1 : 0 }
    @inline(__always) static func i64_ne(_ a: UInt64, _ b: UInt64) -> UInt32 { a != b ? 1 : 0 }
    @inline(__always) static func i64_lt_s(_ a: UInt64, _ b: UInt64) -> UInt32 { Int64(bitPattern: a) < Int64(bitPattern: b) ? 1 : 0 }
    @inline(__always) static func i64_lt_u(_ a: UInt64, _ b: UInt64) -> UInt32 { a < b ? 1 : 0 }
    @inline(__always) static func i64_gt_s(_ a: UInt64, _ b: UInt64) -> UInt32 { Int64(bitPattern: a) > Int64(bitPattern: b) ? 1 : 0 }
    @inline(__always) static func i64_gt_u(_ a: UInt64, _ b: UInt64) -> UInt32 { a > b ? 1 : 0 }
    @inline(__always) static func i64_le_s(_ a: UInt64, _ b: UInt64) -> UInt32 { Int64(bitPattern: a) <= Int64(bitPattern: b) ? 1 : 0 }
    @inline(__always) static func i64_le_u(_ a: UInt64, _ b: UInt64) -> UInt32 { a <= b ? 1 : 0 }
    @inline(__always) static func i64_ge_s(_ a: UInt64, _ b: UInt64) -> UInt32 { Int64(bitPattern: a) >= Int64(bitPattern: b) ? 1 : 0 }
    @inline(__always) static func i64_ge_u(_ a: UInt64, _ b: UInt64) -> UInt32 { a >= b ? 1 : 0 }

    @inline(__always) static func i64_clz(_ a: UInt64) -> UInt64 { UInt64(truncatingIfNeeded: a.leadingZeroBitCount) }
    @inline(__always) static func i64_ctz(_ a: UInt64) -> UInt64 { UInt64(truncatingIfNeeded: a.trailingZeroBitCount) }
    @inline(__always) static func i64_popcnt(_ a: UInt64) -> UInt64 { UInt64(truncatingIfNeeded: a.nonzeroBitCount) }

    @inline(__always) static func i64_add(_ a: UInt64, _ b: UInt64) -> UInt64 { a &+ b }
    @inline(__always) static func i64_sub(_ a: UInt64, _ b: UInt64) -> UInt64 { a &- b }
    @inline(__always) static func i64_mul(_ a: UInt64, _ b: UInt64) -> UInt64 { a &* b }

    @inline(__always) static func i64_div_s(_ a: UInt64, _ b: UInt64) throws(TrapCode) -> UInt64 {
        if b == 0 { throw .integerDivideByZero }
        let x = Int64(bitPattern: a), y = Int64(bitPattern: b)
        if x == Int64.min && y == -1 { throw .integerOverflow }
        return UInt64(bitPattern: x / y)
    }
    @inline(__always) static func i64_div_u(_ a: UInt64, _ b: UInt64) throws(TrapCode) -> UInt64 {
        if b == 0 { throw .integerDivideByZero }
        return a / b
    }
    @inline(__always) static func i64_rem_s(_ a: UInt64, _ b: UInt64) throws(TrapCode) -> UInt64 {
        if b == 0 { throw .integerDivideByZero }
        let y = Int64(bitPattern: b)
        if y == -1 { return 0 }  // INT_MIN % -1 is 0 and must not trap
        return UInt64(bitPattern: Int64(bitPattern: a) % y)
    }
    @inline(__always) static func i64_rem_u(_ a: UInt64, _ b: UInt64) throws(TrapCode) -> UInt64 {
        if b == 0 { throw .integerDivideByZero }
        return a % b
    }

    @inline(__always) static func i64_and(_ a: UInt64, _ b: UInt64) -> UInt64 { a & b }
    @inline(__always) static func i64_or(_ a: UInt64, _ b: UInt64) -> UInt64 { a | b }
    @inline(__always) static func i64_xor(_ a: UInt64, _ b: UInt64) -> UInt64 { a ^ b }
    @inline(__always) static func i64_shl(_ a: UInt64, _ b: UInt64) -> UInt64 { a &<< (b & 63) }
    @inline(__always) static func i64_shr_s(_ a: UInt64, _ b: UInt64) -> UInt64 { UInt64(bitPattern: Int64(bitPattern: a) &>> Int64(bitPattern: b & 63)) }
    @inline(__always) static func i64_shr_u(_ a: UInt64, _ b: UInt64) -> UInt64 { a &>> (b & 63) }
    @inline(__always) static func i64_rotl(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let k = b & 63
        return (a &<< k) | (a &>> ((64 &- k) & 63))
    }
    @inline(__always) static func i64_rotr(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let k = b & 63
        return (a &>> k) | (a &<< ((64 &- k) & 63))
    }
}
