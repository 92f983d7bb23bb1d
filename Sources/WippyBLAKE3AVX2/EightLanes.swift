// BLAKE3's chunks eight at a time, for CPUs with AVX2. This module is compiled with AVX2
// enabled (Package.swift), so everything in it may use AVX2 instructions: `WippyBLAKE3` calls
// it only after checking that the CPU has them (`WideLanes.available`). On other
// architectures it is empty.
#if arch(x86_64)
import WippyBLAKE3Lanes

/// Hashes `groups` × 8 whole chunks at `base` (chunk counters from `counter`), eight at a time
/// in the lanes of 256-bit registers, and writes each chunk's chaining value to `out`, 8 words
/// at its index from `out`. Call it only on a CPU with AVX2.
@inline(never)
package func hashChunksEightWide(_ base: UnsafeRawPointer, counter: UInt64, groups: Int,
                                 into out: UnsafeMutablePointer<UInt32>) {
    withUnsafeTemporaryAllocation(of: SIMD8<UInt32>.self, capacity: 16) { message in
        guard let m = message.baseAddress else { return }
        for g in 0 ..< groups {
            let first = g &* 8
            hashChunks(base + first &* chunkByteCount, counter: counter &+ UInt64(first), into: out + first &* 8, m)
        }
    }
}
#endif
