import SeededRandom
import Testing
@testable import WippyBLAKE3

/// Both ways of hashing whole chunks, whichever one `BLAKE3.hash` picks on this machine: four
/// at a time in SSE2 registers, and eight at a time with AVX2 (`WippyBLAKE3AVX2`).
@Suite("BLAKE3 with four and with eight lanes")
struct BLAKE3LaneWidthTests {
    /// Lengths around the groups of four and of eight chunks, and random ones.
    static func inputs() -> [[UInt8]] {
        var random = SplitMix64(seed: 0x8A4E5)
        var lengths = [0, 1, 64, 1023, 1024, 1025]
        for chunks in [2, 4, 5, 7, 8, 9, 11, 12, 15, 16, 17, 24, 25, 31, 32, 33, 67] {
            lengths += [chunks * 1024 - 1, chunks * 1024, chunks * 1024 + 1]
        }
        for _ in 0 ..< 6 { lengths.append(Int(random.next() % 90_000)) }
        return lengths.map { length in (0 ..< length).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
    }

    @Test("four lanes give the specification's digest")
    func fourLanes() {
        for input in Self.inputs() {
            let digest = input.withUnsafeBytes { BLAKE3.hash($0, wide: false) }
            #expect(digest == ReferenceBLAKE3.hash(input), "length \(input.count)")
        }
    }

    @Test("eight lanes (AVX2) give the specification's digest", .enabled(if: WideLanes.available, "this CPU has no AVX2"))
    func eightLanes() {
        for input in Self.inputs() {
            let digest = input.withUnsafeBytes { BLAKE3.hash($0, wide: true) }
            #expect(digest == ReferenceBLAKE3.hash(input), "length \(input.count)")
        }
    }

    @Test("this x86-64 Linux machine's CPU flags were read")
    func flagsRead() {
        #if arch(x86_64) && os(Linux)
        // Every x86-64 CPU has SSE2; an empty set would mean `/proc/cpuinfo` was not read.
        #expect(WideLanes.cpuFlags().contains("sse2"))
        #endif
    }
}
