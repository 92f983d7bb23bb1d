#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Giving fresh memory its pages in one call per piece instead of one page fault per page.
///
/// The first write to a page of fresh memory (a new buffer, linear memory never touched) traps
/// into the kernel, which zeroes a page and maps it: a fault per 4 KiB. Linux's
/// `MADV_POPULATE_WRITE` (5.14 on; elsewhere it fails and nothing changes) does the same for a
/// whole range in one call. Writing a large range is done a piece at a time, each piece
/// populated just before it is written, while the kernel's zeroing of it is still in the cache.
/// Reading CPython's 104.5 MB snapshot into a fresh buffer took about 10 ms less CPU and 8 ms
/// less wall time (docs/architecture.md, "Start-up").
package enum FreshPages {
    /// How much is populated, then written, at a time.
    package static let step = 2 << 20
    /// Below this many bytes faults cost less than the call.
    static let minimumBytes = 64 << 10
    /// Linux's `MADV_POPULATE_WRITE`: fault the pages of a range in, writable, at once.
    static let populateWrite: Int32 = 23

    /// Gives the whole pages among the `count` bytes at `start` their memory, writable.
    package static func populate(_ start: UnsafeMutableRawPointer, _ count: Int) {
        guard count >= minimumBytes else { return }
        let pageSize = MemoryBox.systemPageSize
        let first = (Int(bitPattern: start) &+ pageSize &- 1) & ~(pageSize &- 1)
        let last = (Int(bitPattern: start) &+ count) & ~(pageSize &- 1)
        guard last > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(aligned, last &- first, populateWrite)
    }

    /// Copies `count` bytes from `source` to `destination` (fresh memory), a ``step`` at a
    /// time, each step's pages populated first.
    package static func copy(to destination: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
        var done = 0
        while done < count {
            let piece = min(step, count &- done)
            populate(destination + done, piece)
            (destination + done).copyMemory(from: source + done, byteCount: piece)
            done &+= piece
        }
    }
}
