import SeededRandom

/// The 1,000 inputs whose digests are listed in `randomInputDigests`.
///
/// Input `i` has length `i` for `i < 136` (every length around the one- and
/// two-block padding boundaries) and `next() % 5000` otherwise; its bytes are
/// the little-endian bytes of successive `next()` values, truncated to the
/// length. The same stream in Python, which produced the digest table:
///
/// ```python
/// import hashlib
/// M = (1 << 64) - 1
/// state = 0x5A5A_1234_ABCD_0F0F
/// def nxt():
///     global state
///     state = (state + 0x9E3779B97F4A7C15) & M
///     z = state
///     z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
///     z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
///     return z ^ (z >> 31)
/// for i in range(1000):
///     n = i if i < 136 else nxt() % 5000
///     data = b"".join(nxt().to_bytes(8, "little") for _ in range((n + 7) // 8))[:n]
///     print(hashlib.sha256(data).hexdigest())
/// ```
enum RandomInputs {
    static let seed: UInt64 = 0x5A5A_1234_ABCD_0F0F

    static func all() -> [[UInt8]] {
        var rng = SplitMix64(state: seed)
        var inputs: [[UInt8]] = []
        inputs.reserveCapacity(1000)
        for index in 0 ..< 1000 {
            let length = index < 136 ? index : Int(rng.next() % 5000)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(length + 8)
            for _ in 0 ..< (length + 7) / 8 {
                let word = rng.next()
                for shift in stride(from: 0, to: 64, by: 8) {
                    bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
                }
            }
            inputs.append(Array(bytes.prefix(length)))
        }
        return inputs
    }
}
