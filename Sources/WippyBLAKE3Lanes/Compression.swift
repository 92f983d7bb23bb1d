/// The BLAKE3 compression function run on several independent inputs at once, one per lane of
/// a SIMD vector of `UInt32` (the BLAKE3 specification, §2.2; the lanes share nothing), and
/// the constants of the hash. Generic over the vector (`LaneVector`) so that one definition
/// serves every width: `WippyBLAKE3` specializes it for four lanes (SSE2, x86-64's baseline)
/// and `WippyBLAKE3AVX2` for eight, compiled for AVX2. Everything here is inlined into its
/// callers (`@inlinable`), so each copy is compiled with its caller's target features.
///
/// The rounds are written out with the message schedule applied by index, so no message
/// words are moved between rounds.

/// Eight words per lane: four chaining values, or the eight output words.
@frozen @usableFromInline
package struct LaneWords<L: LaneVector> {
    @usableFromInline package var w0, w1, w2, w3, w4, w5, w6, w7: L

    /// A value with the given words.
    @inlinable @inline(__always)
    package init(w0: L, w1: L, w2: L, w3: L, w4: L, w5: L, w6: L, w7: L) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
        self.w4 = w4; self.w5 = w5; self.w6 = w6; self.w7 = w7
    }

    /// Every lane holding the initialization vector.
    @inlinable @inline(__always)
    package static var iv: LaneWords {
        LaneWords(w0: L(repeating: laneIV(0)), w1: L(repeating: laneIV(1)),
                  w2: L(repeating: laneIV(2)), w3: L(repeating: laneIV(3)),
                  w4: L(repeating: laneIV(4)), w5: L(repeating: laneIV(5)),
                  w6: L(repeating: laneIV(6)), w7: L(repeating: laneIV(7)))
    }

    /// Word `index` (0..<8) of every lane.
    @inlinable @inline(__always)
    package func word(_ index: Int) -> L {
        switch index {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        case 3: return w3
        case 4: return w4
        case 5: return w5
        case 6: return w6
        default: return w7
        }
    }

    /// Writes lane `lane`'s eight words to `out`.
    @inlinable @inline(__always)
    package func store(lane: Int, into out: UnsafeMutablePointer<UInt32>) {
        out[0] = w0[lane]; out[1] = w1[lane]; out[2] = w2[lane]; out[3] = w3[lane]
        out[4] = w4[lane]; out[5] = w5[lane]; out[6] = w6[lane]; out[7] = w7[lane]
    }
}

/// Word `index` (0..<8) of the initialization vector, SHA-256's (§2.2).
@inlinable @inline(__always)
package func laneIV(_ index: Int) -> UInt32 {
    switch index {
    case 0: return 0x6A09_E667
    case 1: return 0xBB67_AE85
    case 2: return 0x3C6E_F372
    case 3: return 0xA54F_F53A
    case 4: return 0x510E_527F
    case 5: return 0x9B05_688C
    case 6: return 0x1F83_D9AB
    default: return 0x5BE0_CD19
    }
}

/// The sixteen words of the compression state.
@frozen @usableFromInline
struct LaneState<L: LaneVector> {
    @usableFromInline var s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15: L

    @inlinable @inline(__always)
    init(_ cv: LaneWords<L>, counterLow: L, counterHigh: L, blockLength: L, flags: L) {
        s0 = cv.w0; s1 = cv.w1; s2 = cv.w2; s3 = cv.w3; s4 = cv.w4; s5 = cv.w5; s6 = cv.w6; s7 = cv.w7
        s8 = L(repeating: laneIV(0)); s9 = L(repeating: laneIV(1))
        s10 = L(repeating: laneIV(2)); s11 = L(repeating: laneIV(3))
        s12 = counterLow; s13 = counterHigh; s14 = blockLength; s15 = flags
    }
}

/// The quarter-round G (§2.2).
@inlinable @inline(__always)
func mix<L: LaneVector>(_ a: inout L, _ b: inout L, _ c: inout L, _ d: inout L, _ x: L, _ y: L) {
    a = L.add(L.add(a, b), x)
    d = L.rotateRight(L.xor(d, a), 16)
    c = L.add(c, d)
    b = L.rotateRight(L.xor(b, c), 12)
    a = L.add(L.add(a, b), y)
    d = L.rotateRight(L.xor(d, a), 8)
    c = L.add(c, d)
    b = L.rotateRight(L.xor(b, c), 7)
}

/// One round: columns, then diagonals; message word `k` of the round is `m[i.k]`.
@inlinable @inline(__always)
func round<L: LaneVector>(
    _ s: inout LaneState<L>, _ m: UnsafePointer<L>,
    _ i: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int)
) {
    mix(&s.s0, &s.s4, &s.s8, &s.s12, m[i.0], m[i.1])
    mix(&s.s1, &s.s5, &s.s9, &s.s13, m[i.2], m[i.3])
    mix(&s.s2, &s.s6, &s.s10, &s.s14, m[i.4], m[i.5])
    mix(&s.s3, &s.s7, &s.s11, &s.s15, m[i.6], m[i.7])
    mix(&s.s0, &s.s5, &s.s10, &s.s15, m[i.8], m[i.9])
    mix(&s.s1, &s.s6, &s.s11, &s.s12, m[i.10], m[i.11])
    mix(&s.s2, &s.s7, &s.s8, &s.s13, m[i.12], m[i.13])
    mix(&s.s3, &s.s4, &s.s9, &s.s14, m[i.14], m[i.15])
}

/// Compresses one 64-byte block per lane into the lanes' chaining values: `cv` becomes the
/// first eight output words (§2.2: `s[i] ^ s[i + 8]`), which is the next chaining value, and
/// for a root node the digest.
///
/// - Parameters:
///   - m: Sixteen message words per lane (word `k` of every lane in `m[k]`).
///   - counterLow, counterHigh: The 64-bit counter t of each lane.
///   - blockLength: The number of message bytes in each lane's block (0...64).
///   - flags: The domain flags of each lane.
@inlinable @inline(__always)
package func compress<L: LaneVector>(_ cv: inout LaneWords<L>, _ m: UnsafePointer<L>,
                              counterLow: L, counterHigh: L, blockLength: L, flags: L) {
    var s = LaneState(cv, counterLow: counterLow, counterHigh: counterHigh, blockLength: blockLength, flags: flags)
    // The message permutation (§2.2) applied 0...6 times.
    round(&s, m, (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
    round(&s, m, (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8))
    round(&s, m, (3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1))
    round(&s, m, (10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6))
    round(&s, m, (12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4))
    round(&s, m, (9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7))
    round(&s, m, (11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13))
    cv = LaneWords(w0: L.xor(s.s0, s.s8), w1: L.xor(s.s1, s.s9), w2: L.xor(s.s2, s.s10), w3: L.xor(s.s3, s.s11),
                   w4: L.xor(s.s4, s.s12), w5: L.xor(s.s5, s.s13), w6: L.xor(s.s6, s.s14), w7: L.xor(s.s7, s.s15))
}

/// A vector of BLAKE3 words, one per lane, with the three operations the rounds use. They are
/// written for each concrete vector type (below): Swift's SIMD operators reached through a
/// generic `SIMD` type work lane by lane, and LLVM then turned the rotations into scalar
/// `rol`s (all of it, with or without AVX2), while the concrete types' operators stay vector
/// instructions.
@usableFromInline
package protocol LaneVector: SIMD where Scalar == UInt32 {
    /// Lane-wise `a + b` (wrapping).
    static func add(_ a: Self, _ b: Self) -> Self
    /// Lane-wise `a ^ b`.
    static func xor(_ a: Self, _ b: Self) -> Self
    /// Lane-wise rotation right by `n` (1...31) bits: two shifts added, because LLVM turns
    /// `(x >> n) | (x << (32 - n))` into a rotate that neither SSE2 nor AVX2 has.
    static func rotateRight(_ x: Self, _ n: UInt32) -> Self
}

extension SIMD4: LaneVector where Scalar == UInt32 {
    @inlinable @inline(__always)
    package static func add(_ a: Self, _ b: Self) -> Self { a &+ b }
    @inlinable @inline(__always)
    package static func xor(_ a: Self, _ b: Self) -> Self { a ^ b }
    @inlinable @inline(__always)
    package static func rotateRight(_ x: Self, _ n: UInt32) -> Self { (x &>> n) &+ (x &<< (32 &- n)) }
}

extension SIMD8: LaneVector where Scalar == UInt32 {
    @inlinable @inline(__always)
    package static func add(_ a: Self, _ b: Self) -> Self { a &+ b }
    @inlinable @inline(__always)
    package static func xor(_ a: Self, _ b: Self) -> Self { a ^ b }
    @inlinable @inline(__always)
    package static func rotateRight(_ x: Self, _ n: UInt32) -> Self { (x &>> n) &+ (x &<< (32 &- n)) }
}

/// The bytes in a chunk (§2.1).
@inlinable @inline(__always)
package var chunkByteCount: Int { 1024 }
/// The bytes in a block (§2.1).
@inlinable @inline(__always)
package var blockByteCount: Int { 64 }
/// The domain flag of a chunk's first block (§2.1).
@inlinable @inline(__always)
package var chunkStartFlag: UInt32 { 1 << 0 }
/// The domain flag of a chunk's last block (§2.1).
@inlinable @inline(__always)
package var chunkEndFlag: UInt32 { 1 << 1 }
/// The domain flag of a parent node (§2.1).
@inlinable @inline(__always)
package var parentFlag: UInt32 { 1 << 2 }
/// The domain flag of the root node (§2.1).
@inlinable @inline(__always)
package var rootFlag: UInt32 { 1 << 3 }

/// Hashes `L.scalarCount` whole chunks at `base`, `base + 1024`, … (chunk counters `counter`,
/// `counter + 1`, …), one per lane, and writes their chaining values to `out`, 8 words each;
/// `m` is room for sixteen vectors.
@inlinable @inline(__always)
package func hashChunks<L: LaneVector>(_ base: UnsafeRawPointer, counter: UInt64, into out: UnsafeMutablePointer<UInt32>,
                                 _ m: UnsafeMutablePointer<L>) {
    var low = L(), high = L()
    for l in 0 ..< L.scalarCount {
        let t = counter &+ UInt64(l)
        low[l] = UInt32(truncatingIfNeeded: t)
        high[l] = UInt32(truncatingIfNeeded: t >> 32)
    }
    var cv = LaneWords<L>.iv
    let blocks = chunkByteCount / blockByteCount
    for block in 0 ..< blocks {
        loadMessages(base + block * blockByteCount, laneStride: chunkByteCount, into: m)
        let flags = (block == 0 ? chunkStartFlag : 0) | (block == blocks - 1 ? chunkEndFlag : 0)
        compress(&cv, m, counterLow: low, counterHigh: high,
                 blockLength: L(repeating: UInt32(blockByteCount)), flags: L(repeating: flags))
    }
    for l in 0 ..< L.scalarCount { cv.store(lane: l, into: out + 8 * l) }
}

/// The sixteen message words of `L.scalarCount` 64-byte blocks, lane `l`'s at
/// `base + l * laneStride`, transposed into `m` (word `k` of every lane in `m[k]`), four words
/// of a lane at a time.
@inlinable @inline(__always)
package func loadMessages<L: LaneVector>(_ base: UnsafeRawPointer, laneStride: Int, into m: UnsafeMutablePointer<L>)
    {
    for k in stride(from: 0, to: 16, by: 4) {
        var w0 = L(), w1 = L(), w2 = L(), w3 = L()
        for l in 0 ..< L.scalarCount {
            let q = loadWords(base, l * laneStride + 4 * k)
            w0[l] = q[0]; w1[l] = q[1]; w2[l] = q[2]; w3[l] = q[3]
        }
        m[k] = w0; m[k + 1] = w1; m[k + 2] = w2; m[k + 3] = w3
    }
}

/// Four little-endian message words at `base + offset` (§2.2).
@inlinable @inline(__always)
package func loadWords(_ base: UnsafeRawPointer, _ offset: Int) -> SIMD4<UInt32> {
    let words = base.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt32>.self)
    #if _endian(big)
    return SIMD4(words[0].byteSwapped, words[1].byteSwapped, words[2].byteSwapped, words[3].byteSwapped)
    #else
    return words
    #endif
}
