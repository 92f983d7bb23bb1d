#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failed host operation: the C library's `errno`, or a sandbox refusal.
///
/// WASI groups translate it into their own error codes (preview 1 `errno`, preview 2
/// `error-code`); `notCapable` is what the sandbox answers when a path would leave its mount.
public enum SystemError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A POSIX `errno` value from a failed system call.
    case posix(Int32)
    /// The path leaves the directory it is resolved in (`..` above the mount, an absolute path,
    /// or a symbolic link pointing out); no host file outside was touched.
    case notCapable

    /// The current `errno` as an error.
    public static var last: SystemError { .posix(errno) }

    /// The C library's text, e.g. "No such file or directory".
    public var description: String {
        switch self {
        case .notCapable: return "path escapes the sandbox"
        case .posix(let code):
            if let text = strerror(code) { return String(cString: text) }
            return "error \(code)"
        }
    }
}

/// Runs a system call until it does not fail with `EINTR`.
@inline(__always)
public func retryingOnInterrupt<T: BinaryInteger>(_ call: () -> T) -> T {
    while true {
        let result = call()
        if result >= 0 || errno != EINTR { return result }
    }
}
