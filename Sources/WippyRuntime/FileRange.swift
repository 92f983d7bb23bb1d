#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmInterpreter
import WippyThreads

/// Reading a range of a file into memory, a large range on two threads.
///
/// Most of the time of reading a 100 MB module goes to the kernel giving the process fresh
/// pages (zeroing and accounting them) and copying from the page cache, which two threads do
/// side by side: CPython's 104.5 MB snapshot took 53–58 ms of wall time on one thread and
/// 30 ms on two, for the same CPU time. The halves go to disjoint parts of the buffer.
enum FileRange {
    /// Below this many bytes a range is read on the calling thread (a thread costs more).
    static let minimumSplitBytes = 8 << 20

    /// Why a read failed: the system's message.
    struct Failure: Error {
        let text: String
    }

    /// Reads bytes `start ..< end` of the file open at `fd` into `base + start`. Answers how
    /// many bytes from `start` on arrived with no gap: `end - start`, or fewer when the file
    /// ended first.
    static func read(_ fd: Int32, into base: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int) throws(Failure) -> Int {
        guard end - start >= minimumSplitBytes else { return try readOnOneThread(fd, base, start, end) }
        // The upper half on a second thread, cut at a 64 KiB boundary of the buffer.
        let middle = (Int(bitPattern: base + (start + end) / 2) & ~0xFFFF) - Int(bitPattern: base)
        let upper = UpperHalf()
        let address = Int(bitPattern: base)
        let thread = try? NativeThread.start {
            guard let base = UnsafeMutablePointer<UInt8>(bitPattern: address) else { return }
            do throws(Failure) {
                upper.count = try readOnOneThread(fd, base, middle, end)
            } catch {
                upper.failure = error
            }
        }
        guard let thread else { return try readOnOneThread(fd, base, start, end) }
        let lower: Int
        do throws(Failure) {
            lower = try readOnOneThread(fd, base, start, middle)
        } catch {
            thread.join()  // it writes into the buffer: never leave before it ends
            throw error
        }
        thread.join()
        if lower < middle - start { return lower }
        if let failure = upper.failure { throw failure }
        return lower + upper.count
    }

    /// What the second thread read; written by it, read after the join.
    private final class UpperHalf: @unchecked Sendable {
        var count = 0
        var failure: Failure?
    }

    /// `read` on the calling thread.
    private static func readOnOneThread(_ fd: Int32, _ base: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int) throws(Failure) -> Int {
        var done = start
        var populated = start
        while done < end {
            // Pages given memory a piece at a time, just before the read writes them (while the
            // kernel's zeroing is still in the cache).
            if done >= populated {
                populated = min(end, done + FreshPages.step)
                FreshPages.populate(base + done, populated - done)
            }
            let n = pread(fd, base + done, populated - done, off_t(done))
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw Failure(text: InputFile.systemErrorText())
            }
            if n == 0 { break }
            done += n
        }
        return done - start
    }
}
