import SeededRandom
import Testing
import WippyBLAKE3

/// BLAKE3 computed the slow way, straight from the specification: one compression at a time
/// on plain words, and the tree by its recursive definition (§2.1: the left subtree holds the
/// largest power of two of chunks that leaves at least one byte to the right).
enum ReferenceBLAKE3 {
    static let iv: [UInt32] = [0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A,
                               0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19]
    static let permutation = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8]

    static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    static func g(_ s: inout [UInt32], _ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt32, _ y: UInt32) {
        s[a] = s[a] &+ s[b] &+ x
        s[d] = rotr(s[d] ^ s[a], 16)
        s[c] = s[c] &+ s[d]
        s[b] = rotr(s[b] ^ s[c], 12)
        s[a] = s[a] &+ s[b] &+ y
        s[d] = rotr(s[d] ^ s[a], 8)
        s[c] = s[c] &+ s[d]
        s[b] = rotr(s[b] ^ s[c], 7)
    }

    /// The first eight output words of the compression function.
    static func compress(_ cv: [UInt32], _ block: [UInt32], counter: UInt64, length: UInt32, flags: UInt32) -> [UInt32] {
        var s = cv + Array(iv[0 ..< 4]) + [UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32), length, flags]
        var m = block
        for _ in 0 ..< 7 {
            g(&s, 0, 4, 8, 12, m[0], m[1]); g(&s, 1, 5, 9, 13, m[2], m[3])
            g(&s, 2, 6, 10, 14, m[4], m[5]); g(&s, 3, 7, 11, 15, m[6], m[7])
            g(&s, 0, 5, 10, 15, m[8], m[9]); g(&s, 1, 6, 11, 12, m[10], m[11])
            g(&s, 2, 7, 8, 13, m[12], m[13]); g(&s, 3, 4, 9, 14, m[14], m[15])
            m = permutation.map { m[$0] }
        }
        return (0 ..< 8).map { s[$0] ^ s[$0 + 8] }
    }

    static func words(_ bytes: ArraySlice<UInt8>) -> [UInt32] {
        let padded = Array(bytes) + [UInt8](repeating: 0, count: 64 - bytes.count)
        return (0 ..< 16).map { k in (0 ..< 4).reduce(UInt32(0)) { $0 | UInt32(padded[4 * k + $1]) << (8 * UInt32($1)) } }
    }

    static func chunk(_ bytes: ArraySlice<UInt8>, counter: UInt64, flags extra: UInt32) -> [UInt32] {
        var cv = iv
        let blocks = max(1, (bytes.count + 63) / 64)
        for b in 0 ..< blocks {
            let start = bytes.startIndex + 64 * b
            let piece = bytes[start ..< min(bytes.endIndex, start + 64)]
            var flags: UInt32 = b == 0 ? 1 : 0
            if b == blocks - 1 { flags |= 2 | extra }
            cv = compress(cv, words(piece), counter: counter, length: UInt32(piece.count), flags: flags)
        }
        return cv
    }

    /// The node over `bytes` (chunks numbered from `firstChunk`); `root` on the top node.
    static func node(_ bytes: ArraySlice<UInt8>, firstChunk: UInt64, root: Bool) -> [UInt32] {
        let rootFlag: UInt32 = root ? 8 : 0
        if bytes.count <= 1024 { return chunk(bytes, counter: firstChunk, flags: rootFlag) }
        var leftChunks = 1
        while (leftChunks * 2) * 1024 < bytes.count { leftChunks *= 2 }
        let split = bytes.startIndex + leftChunks * 1024
        let left = node(bytes[bytes.startIndex ..< split], firstChunk: firstChunk, root: false)
        let right = node(bytes[split...], firstChunk: firstChunk + UInt64(leftChunks), root: false)
        return compress(iv, left + right, counter: 0, length: 64, flags: 4 | rootFlag)
    }

    static func hash(_ bytes: [UInt8]) -> [UInt8] {
        node(bytes[...], firstChunk: 0, root: true).flatMap { w in (0 ..< 4).map { UInt8(truncatingIfNeeded: w >> (8 * UInt32($0))) } }
    }
}

@Suite("BLAKE3 against the specification's definition")
struct BLAKE3ReferenceTests {
    @Test("the reference reproduces the official vectors")
    func referenceMatchesVectors() {
        for (length, expected) in BLAKE3VectorTests.vectors where length <= 8193 {
            #expect(hex(ReferenceBLAKE3.hash(BLAKE3VectorTests.input(length))) == expected)
        }
    }

    @Test("random inputs: tree shapes of up to 33 chunks, around the four-chunk groups")
    func randomLengths() {
        var random = SplitMix64(seed: 0xB1A4E3)
        var lengths = Array(0 ... 70) + [1023, 1024, 1025, 4095, 4096, 4097, 5119, 5120, 5121]
        for chunks in [2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 17, 31, 32, 33] { lengths += [chunks * 1024 - 1, chunks * 1024, chunks * 1024 + 1] }
        for _ in 0 ..< 8 { lengths.append(Int(random.next() % 41_000)) }
        for length in lengths {
            let input = (0 ..< length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(BLAKE3.hash(input) == ReferenceBLAKE3.hash(input), "length \(length)")
        }
    }

    @Test("a changed byte changes the digest")
    func changedByte() {
        var input = BLAKE3VectorTests.input(9000)
        let before = BLAKE3.hash(input)
        input[4321] ^= 1
        #expect(BLAKE3.hash(input) != before)
    }
}

@Suite("BLAKE3 hashed by several threads")
struct BLAKE3SharedTests {
    @Test("two workers give the digest of one pass", arguments: [0, 1, 1024, 1025, 256 * 1024, 256 * 1024 + 1, 3 * 256 * 1024 + 5000])
    func twoWorkers(length: Int) async {
        var random = SplitMix64(seed: UInt64(length))
        let input = (0 ..< length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let shared = BLAKE3.Shared(input)
        async let first: Void = shared.work()
        async let second: Void = shared.work()
        _ = await (first, second)
        #expect(shared.digest() == BLAKE3.hash(input))
        let alone = BLAKE3.Shared(input)
        alone.work()
        #expect(alone.digest() == BLAKE3.hash(input))
    }

    @Test("a prefix of the bytes hashes as those bytes alone", arguments: [0, 1, 1024, 1025, 256 * 1024 + 7])
    func prefix(length: Int) {
        var random = SplitMix64(seed: UInt64(length) + 99)
        let input = (0 ..< length + 3000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let shared = BLAKE3.Shared(input, prefix: length)
        shared.work()
        #expect(shared.digest() == BLAKE3.hash(Array(input[..<length])))
    }
}
