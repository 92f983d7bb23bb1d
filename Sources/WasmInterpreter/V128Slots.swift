import WasmBinary

// A `v128` takes two slots, and every instruction moves it with one 16-byte load and one 16-byte
// store: the value written by one instruction is read by the next, and a 16-byte load of a value
// written as two 8-byte halves (or the reverse) cannot be forwarded from the store buffer. The
// load then waits until both stores reach the cache, about 15 cycles on x86. A `v128.load` that
// copied the two halves one by one made a `-msimd128` matrix loop 1.9 times slower than its
// scalar build at the same instruction count.

extension UnsafeMutablePointer where Pointee == UInt64 {
    /// The vector in slots `i` and `i + 1`, read with one 16-byte load.
    @inline(__always)
    func v128(_ i: Int) -> V128 {
        let v = UnsafeRawPointer(self + i).loadUnaligned(as: SIMD2<UInt64>.self)
        return V128(lo: v[0], hi: v[1])
    }

    /// Writes `v` to slots `i` and `i + 1` with one 16-byte store.
    @inline(__always)
    func setV128(_ i: Int, _ v: V128) {
        UnsafeMutableRawPointer(self + i).storeBytes(of: SIMD2(v.lo, v.hi), as: SIMD2<UInt64>.self)
    }

    /// Copies the 16 bytes at `source` (memory, a global or code words) to slots `i` and `i + 1`.
    @inline(__always)
    func setV128(_ i: Int, from source: UnsafeRawPointer) {
        UnsafeMutableRawPointer(self + i).storeBytes(of: source.loadUnaligned(as: SIMD2<UInt64>.self),
                                                     as: SIMD2<UInt64>.self)
    }

    /// Copies slots `i` and `i + 1` to the 16 bytes at `target`.
    @inline(__always)
    func copyV128(_ i: Int, to target: UnsafeMutableRawPointer) {
        target.storeBytes(of: UnsafeRawPointer(self + i).loadUnaligned(as: SIMD2<UInt64>.self), as: SIMD2<UInt64>.self)
    }
}
