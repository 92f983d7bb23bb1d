#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How one timestamp of a file changes (`set-times`, `fd_filestat_set_times`).
public enum TimestampChange: Hashable, Sendable {
    /// Left as it is.
    case unchanged
    /// Set to the current time.
    case now
    /// Set to this time.
    case time(FileTime)

    /// The `timespec` `utimensat`/`futimens` take for it.
    var timespec: timespec {
        switch self {
        case .unchanged: return Glibc.timespec(tv_sec: 0, tv_nsec: utimeOmit)
        case .now: return Glibc.timespec(tv_sec: 0, tv_nsec: utimeNow)
        case .time(let t): return Glibc.timespec(tv_sec: Int(t.seconds), tv_nsec: Int(t.nanoseconds))
        }
    }
}

/// `UTIME_NOW` and `UTIME_OMIT` (not exported by Swift's Glibc module).
let utimeNow = (1 << 30) - 1
let utimeOmit = (1 << 30) - 2

/// Sets the access and modification times of the open file `fd`.
public func setFileTimes(_ fd: Int32, access: TimestampChange, modification: TimestampChange) throws(SystemError) {
    let times = [access.timespec, modification.timespec]
    let result = times.withUnsafeBufferPointer { futimens(fd, $0.baseAddress) }
    guard result == 0 else { throw .last }
}
