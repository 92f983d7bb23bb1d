/// A 128-bit SIMD value, stored as two little-endian 64-bit halves.
///
/// Lane 0 of every lane shape is the lowest-addressed byte(s), i.e. the low bits of `lo`.
public struct V128: Hashable, Sendable {
    /// Bytes 0...7 (little-endian).
    public var lo: UInt64
    /// Bytes 8...15 (little-endian).
    public var hi: UInt64

    /// Creates a value from its two halves.
    @inlinable public init(lo: UInt64, hi: UInt64) {
        self.lo = lo
        self.hi = hi
    }

    /// The all-zero vector.
    public static let zero = V128(lo: 0, hi: 0)

    /// Creates a value from 16 bytes, lane 0 first. Missing bytes are zero.
    public init(bytes: [UInt8]) {
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        for (i, b) in bytes.prefix(16).enumerated() {
            if i < 8 {
                lo |= UInt64(b) << UInt64(i * 8)
            } else {
                hi |= UInt64(b) << UInt64((i - 8) * 8)
            }
        }
        self.lo = lo
        self.hi = hi
    }

    /// The 16 bytes, lane 0 first.
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            out[i] = UInt8(truncatingIfNeeded: lo >> UInt64(i * 8))
            out[i + 8] = UInt8(truncatingIfNeeded: hi >> UInt64(i * 8))
        }
        return out
    }
}
