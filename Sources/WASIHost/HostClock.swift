#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The host clocks a WASI guest may read.
public enum HostClock: Sendable {
    /// Wall-clock time since the Unix epoch (`CLOCK_REALTIME`).
    case realtime
    /// Time since an unspecified start that never goes back (`CLOCK_MONOTONIC`).
    case monotonic
    /// CPU time of the process (`CLOCK_PROCESS_CPUTIME_ID`).
    case processCPUTime
    /// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`).
    case threadCPUTime

    private var id: clockid_t {
        switch self {
        case .realtime: return CLOCK_REALTIME
        case .monotonic: return CLOCK_MONOTONIC
        case .processCPUTime: return CLOCK_PROCESS_CPUTIME_ID
        case .threadCPUTime: return CLOCK_THREAD_CPUTIME_ID
        }
    }

    /// The clock's current time in nanoseconds, or the `errno` of `clock_gettime`.
    public func now() throws(SystemError) -> UInt64 {
        var ts = timespec()
        guard clock_gettime(id, &ts) == 0 else { throw .last }
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// The clock's resolution in nanoseconds.
    public func resolution() throws(SystemError) -> UInt64 {
        var ts = timespec()
        guard clock_getres(id, &ts) == 0 else { throw .last }
        return max(1, UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec))
    }

    /// Sleeps the calling thread for `nanoseconds` (restarting after signals).
    public static func sleep(nanoseconds: UInt64) {
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
