import WippyBLAKE3Lanes
#if arch(x86_64)
import WippyBLAKE3AVX2
#endif

/// Four words per vector: SSE2's registers, which every x86-64 CPU has.
typealias Lanes = SIMD4<UInt32>

/// The number of inputs compressed together in `Lanes`.
let laneCount = Lanes.scalarCount

/// BLAKE3 (the BLAKE3 specification, J. O'Connor, J.-P. Aumasson, S. Neves, Z. Wilcox-O'Hearn,
/// 2020): the default hash mode with its 32-byte output.
///
/// ```swift
/// let digest = BLAKE3.hash(bytes)      // 32 bytes
/// ```
///
/// The input is split into 1 KiB chunks, each hashed on its own, and the chunks' chaining
/// values are combined pairwise up a binary tree; so four chunks are hashed at once in the
/// lanes of SIMD registers (eight on CPUs with AVX2), and then four parent nodes at once,
/// level by level. Hashing whole levels is the specification's tree: pairing neighbours and
/// carrying an odd last node up gives every left subtree the largest power-of-two number of
/// chunks, as §2.1 requires. About 1.4 GB/s per core on x86-64 without AVX (SHA-256 here:
/// 0.26 GB/s).
public enum BLAKE3 {
    /// The length of a digest in bytes (32).
    public static let digestByteCount = 32

    /// The 32-byte BLAKE3 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The 32-byte BLAKE3 digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        hash(bytes, wide: WideLanes.available)
    }

    /// The digest of `bytes`, hashing chunks eight at a time with AVX2 when `wide` (only on a
    /// CPU that has it) and four at a time otherwise.
    static func hash(_ bytes: UnsafeRawBufferPointer, wide: Bool) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 16) { message in
            guard let m = message.baseAddress else { return [] }
            let chunks = chunkCount(bytes.count)
            guard chunks > 1, let base = bytes.baseAddress else {
                return digestBytes(chunk(bytes, counter: 0, root: true, m))
            }
            let values = UnsafeMutablePointer<UInt32>.allocate(capacity: chunks * 8)
            defer { values.deallocate() }
            wholeChunks(base, 0 ..< chunks - 1, into: values, m, wide: wide)
            return finish(bytes, chunks: chunks, values: values, m)
        }
    }

    /// The number of chunks of `length` bytes (one for the empty input).
    static func chunkCount(_ length: Int) -> Int {
        max(1, (length + chunkByteCount - 1) / chunkByteCount)
    }

    /// Hashes the whole chunks `range` of `base` (eight at a time when `wide`, then four at a
    /// time, then the rest one by one) into their chaining values in `values`, 8 words each at
    /// the chunk's index. `wide` only when ``WideLanes/available``.
    static func wholeChunks(_ base: UnsafeRawPointer, _ range: Range<Int>, into values: UnsafeMutablePointer<UInt32>,
                            _ m: UnsafeMutablePointer<Lanes>, wide: Bool = WideLanes.available) {
        var c = range.lowerBound
        #if arch(x86_64)
        let groups = wide ? (range.upperBound - c) / 8 : 0
        if groups > 0 {
            hashChunksEightWide(base + c * chunkByteCount, counter: UInt64(c), groups: groups, into: values + c * 8)
            c += groups * 8
        }
        #endif
        while c + laneCount <= range.upperBound {
            hashChunks(base + c * chunkByteCount, counter: UInt64(c), into: values + c * 8, m)
            c += laneCount
        }
        while c < range.upperBound {
            let piece = UnsafeRawBufferPointer(start: base + c * chunkByteCount, count: chunkByteCount)
            chunk(piece, counter: UInt64(c), root: false, m).store(lane: 0, into: values + c * 8)
            c += 1
        }
    }

    /// The digest of `bytes` (`chunks` ≥ 2) once the chaining values of every chunk but the
    /// last are in `values`: hashes the last chunk, then the tree.
    static func finish(_ bytes: UnsafeRawBufferPointer, chunks: Int, values: UnsafeMutablePointer<UInt32>,
                       _ m: UnsafeMutablePointer<Lanes>) -> [UInt8] {
        let last = chunks - 1
        let piece = UnsafeRawBufferPointer(rebasing: bytes[last * chunkByteCount ..< bytes.count])
        chunk(piece, counter: UInt64(last), root: false, m).store(lane: 0, into: values + last * 8)
        return digestBytes(tree(values, count: chunks, m))
    }

    /// Reduces `count` (≥ 2) chaining values in `values` (8 words each) level by level to the
    /// root's first eight output words.
    static func tree(_ values: UnsafeMutablePointer<UInt32>, count: Int, _ m: UnsafeMutablePointer<Lanes>) -> [UInt32] {
        var count = count
        while count > 2 {
            let pairs = count / 2
            var p = 0
            // Parent p reads values 2p and 2p+1 (16 consecutive words) and is written to value
            // p, after its batch's reads.
            while p < pairs {
                let lanes = min(laneCount, pairs - p)
                if lanes == laneCount {
                    loadMessages(UnsafeRawPointer(values + 16 * p), laneStride: 16 * 4, into: m)
                } else {
                    for k in 0 ..< 16 {
                        var word = Lanes()
                        for l in 0 ..< lanes { word[l] = values[16 * (p + l) + k] }
                        m[k] = word
                    }
                }
                var cv = LaneWords<Lanes>.iv
                compress(&cv, m, counterLow: Lanes(), counterHigh: Lanes(),
                         blockLength: Lanes(repeating: UInt32(blockByteCount)), flags: Lanes(repeating: parentFlag))
                for l in 0 ..< lanes { cv.store(lane: l, into: values + 8 * (p + l)) }
                p += lanes
            }
            if count & 1 == 1 {
                (values + 8 * pairs).update(from: values + 8 * (count - 1), count: 8)
            }
            count = pairs + (count & 1)
        }
        for k in 0 ..< 16 { m[k] = Lanes(values[k], 0, 0, 0) }
        var cv = LaneWords<Lanes>.iv
        compress(&cv, m, counterLow: Lanes(), counterHigh: Lanes(),
                 blockLength: Lanes(repeating: UInt32(blockByteCount)), flags: Lanes(repeating: parentFlag | rootFlag))
        return (0 ..< 8).map { cv.word($0)[0] }
    }

    /// The chaining value of one chunk of at most 1024 bytes (the root's output words when
    /// `root`), in lane 0.
    static func chunk(_ bytes: UnsafeRawBufferPointer, counter: UInt64, root isRoot: Bool,
                              _ m: UnsafeMutablePointer<Lanes>) -> LaneWords<Lanes> {
        var cv = LaneWords<Lanes>.iv
        let blocks = max(1, (bytes.count + blockByteCount - 1) / blockByteCount)
        let low = Lanes(UInt32(truncatingIfNeeded: counter), 0, 0, 0)
        let high = Lanes(UInt32(truncatingIfNeeded: counter >> 32), 0, 0, 0)
        for block in 0 ..< blocks {
            let start = block * blockByteCount
            let length = min(blockByteCount, bytes.count - start)
            // The last block is padded with zeros (§2.3).
            var padded = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            withUnsafeMutableBytes(of: &padded) { raw in
                if length > 0, let source = bytes.baseAddress, let target = raw.baseAddress {
                    target.copyMemory(from: source + start, byteCount: length)
                }
                for k in 0 ..< 16 {
                    m[k] = Lanes(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self)), 0, 0, 0)
                }
            }
            var flags = block == 0 ? chunkStartFlag : 0
            if block == blocks - 1 { flags |= chunkEndFlag | (isRoot ? rootFlag : 0) }
            compress(&cv, m, counterLow: low, counterHigh: high,
                     blockLength: Lanes(UInt32(length), 0, 0, 0), flags: Lanes(flags, 0, 0, 0))
        }
        return cv
    }

    /// Lane 0's words as the little-endian digest.
    static func digestBytes(_ cv: LaneWords<Lanes>) -> [UInt8] {
        digestBytes((0 ..< 8).map { cv.word($0)[0] })
    }

    private static func digestBytes(_ words: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digestByteCount)
        for word in words {
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        return bytes
    }
}
