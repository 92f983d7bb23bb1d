// Bit casts between floats and integers that are always inlined. The stdlib's `bitPattern`
// accessors are only `@inlinable`, and inside the (very large) run loop the optimizer stops
// inlining them: each float instruction then called `Double.bitPattern` through the PLT.
// `unsafeBitCast` is transparent, so these compile to plain register moves everywhere.

extension Float {
    /// The IEEE-754 bits (same as `bitPattern`, always inlined).
    @inline(__always) var bits: UInt32 { unsafeBitCast(self, to: UInt32.self) }

    /// The float with these IEEE-754 bits (same as `init(bitPattern:)`, always inlined).
    @inline(__always) init(bits: UInt32) { self = unsafeBitCast(bits, to: Float.self) }
}

extension Double {
    /// The IEEE-754 bits (same as `bitPattern`, always inlined).
    @inline(__always) var bits: UInt64 { unsafeBitCast(self, to: UInt64.self) }

    /// The double with these IEEE-754 bits (same as `init(bitPattern:)`, always inlined).
    @inline(__always) init(bits: UInt64) { self = unsafeBitCast(bits, to: Double.self) }
}
