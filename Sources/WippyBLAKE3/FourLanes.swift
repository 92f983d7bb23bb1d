/// The BLAKE3 compression function run on four independent inputs at once, one per lane of a
/// `SIMD4<UInt32>` (the BLAKE3 specification, §2.2; the lanes share nothing).
///
/// The rounds are written out with the message schedule applied by index, so no message
/// words are moved between rounds. Rotations are two shifts added together: LLVM would turn
/// `(x >> n) | (x << (32 - n))` on vectors into a rotate that x86-64's baseline (SSE2) lacks
/// and then split it into four scalar rotates, four times slower.
typealias Lanes = SIMD4<UInt32>

/// The number of inputs compressed together.
let laneCount = Lanes.scalarCount

/// Eight words per lane: four chaining values, or the eight output words.
struct LaneWords {
    var w0, w1, w2, w3, w4, w5, w6, w7: Lanes

    /// Every lane holding the initialization vector.
    static var iv: LaneWords {
        LaneWords(w0: Lanes(repeating: BLAKE3.iv(0)), w1: Lanes(repeating: BLAKE3.iv(1)),
                  w2: Lanes(repeating: BLAKE3.iv(2)), w3: Lanes(repeating: BLAKE3.iv(3)),
                  w4: Lanes(repeating: BLAKE3.iv(4)), w5: Lanes(repeating: BLAKE3.iv(5)),
                  w6: Lanes(repeating: BLAKE3.iv(6)), w7: Lanes(repeating: BLAKE3.iv(7)))
    }

    /// Word `index` (0..<8) of every lane.
    func word(_ index: Int) -> Lanes {
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
}

/// The sixteen words of the compression state.
private struct LaneState {
    var s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15: Lanes
}

@inline(__always)
private func rotateRight(_ x: Lanes, _ n: UInt32) -> Lanes {
    (x &>> n) &+ (x &<< (32 &- n))
}

/// The quarter-round G (§2.2).
@inline(__always)
private func mix(_ a: inout Lanes, _ b: inout Lanes, _ c: inout Lanes, _ d: inout Lanes, _ x: Lanes, _ y: Lanes) {
    a = a &+ b &+ x
    d = rotateRight(d ^ a, 16)
    c = c &+ d
    b = rotateRight(b ^ c, 12)
    a = a &+ b &+ y
    d = rotateRight(d ^ a, 8)
    c = c &+ d
    b = rotateRight(b ^ c, 7)
}

/// One round: columns, then diagonals; message word `k` of the round is `m[i.k]`.
@inline(__always)
private func round(
    _ s: inout LaneState, _ m: UnsafePointer<Lanes>,
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
@inline(__always)
func compress(_ cv: inout LaneWords, _ m: UnsafePointer<Lanes>,
              counterLow: Lanes, counterHigh: Lanes, blockLength: Lanes, flags: Lanes) {
    var s = LaneState(s0: cv.w0, s1: cv.w1, s2: cv.w2, s3: cv.w3, s4: cv.w4, s5: cv.w5, s6: cv.w6, s7: cv.w7,
                      s8: Lanes(repeating: BLAKE3.iv(0)), s9: Lanes(repeating: BLAKE3.iv(1)),
                      s10: Lanes(repeating: BLAKE3.iv(2)), s11: Lanes(repeating: BLAKE3.iv(3)),
                      s12: counterLow, s13: counterHigh, s14: blockLength, s15: flags)
    // The message permutation (§2.2) applied 0...6 times.
    round(&s, m, (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
    round(&s, m, (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8))
    round(&s, m, (3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1))
    round(&s, m, (10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6))
    round(&s, m, (12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4))
    round(&s, m, (9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7))
    round(&s, m, (11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13))
    cv = LaneWords(w0: s.s0 ^ s.s8, w1: s.s1 ^ s.s9, w2: s.s2 ^ s.s10, w3: s.s3 ^ s.s11,
                   w4: s.s4 ^ s.s12, w5: s.s5 ^ s.s13, w6: s.s6 ^ s.s14, w7: s.s7 ^ s.s15)
}

