#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a network operation failed, in the terms `wasi:sockets` reports (its `error-code`),
/// translated from the C library's `errno` or `getaddrinfo` result.
public enum NetworkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The network is not granted to this guest, or the system refused (`EACCES`, `EPERM`).
    case accessDenied
    /// The operation is not supported (`EOPNOTSUPP`, an address family the host lacks).
    case notSupported
    /// An argument is not valid (`EINVAL`, a wrong address family).
    case invalidArgument
    /// Not enough memory or buffer space (`ENOMEM`, `ENOBUFS`).
    case outOfMemory
    /// The operation timed out (`ETIMEDOUT`).
    case timeout
    /// The operation would block; try again when the socket is ready (`EAGAIN`).
    case wouldBlock
    /// The socket is already connecting (`EALREADY`).
    case alreadyInProgress
    /// The guest has as many sockets open as it may (`max_open_sockets`), or the process
    /// or system is out of descriptors (`EMFILE`, `ENFILE`).
    case newSocketLimit
    /// The local address is taken (`EADDRINUSE`).
    case addressInUse
    /// The local address is not one of this host's (`EADDRNOTAVAIL`).
    case addressNotBindable
    /// The remote host or network cannot be reached (`EHOSTUNREACH`, `ENETUNREACH`, `ENETDOWN`).
    case remoteUnreachable
    /// The peer refused the connection (`ECONNREFUSED`).
    case connectionRefused
    /// The peer reset the connection (`ECONNRESET`, `EPIPE`).
    case connectionReset
    /// The connection was aborted (`ECONNABORTED`).
    case connectionAborted
    /// The datagram is larger than the path allows (`EMSGSIZE`).
    case datagramTooLarge
    /// The name does not resolve to an address (`EAI_NONAME`, `EAI_NODATA`).
    case nameUnresolvable
    /// Name resolution failed for now; retrying may work (`EAI_AGAIN`).
    case temporaryResolverFailure
    /// Name resolution failed for good (`EAI_FAIL`).
    case permanentResolverFailure
    /// Another failure, with its `errno`.
    case other(Int32)

    /// The error for an `errno` value.
    public init(errno code: Int32) {
        switch code {
        case EACCES, EPERM: self = .accessDenied
        case EOPNOTSUPP, EAFNOSUPPORT, EPROTONOSUPPORT, ESOCKTNOSUPPORT: self = .notSupported
        case EINVAL, EDESTADDRREQ, EISCONN, ENOTCONN, EBADF, ENOTSOCK, EFAULT: self = .invalidArgument
        case ENOMEM, ENOBUFS: self = .outOfMemory
        case ETIMEDOUT: self = .timeout
        case EAGAIN, EINPROGRESS: self = .wouldBlock
        case EALREADY: self = .alreadyInProgress
        case EMFILE, ENFILE: self = .newSocketLimit
        case EADDRINUSE: self = .addressInUse
        case EADDRNOTAVAIL: self = .addressNotBindable
        case EHOSTUNREACH, ENETUNREACH, ENETDOWN, EHOSTDOWN: self = .remoteUnreachable
        case ECONNREFUSED: self = .connectionRefused
        case ECONNRESET, EPIPE: self = .connectionReset
        case ECONNABORTED: self = .connectionAborted
        case EMSGSIZE: self = .datagramTooLarge
        default: self = .other(code)
        }
    }

    /// The current `errno` as an error.
    static var last: NetworkError { NetworkError(errno: errno) }

    /// A short English description.
    public var description: String {
        switch self {
        case .accessDenied: return "access denied"
        case .notSupported: return "not supported"
        case .invalidArgument: return "invalid argument"
        case .outOfMemory: return "out of memory"
        case .timeout: return "timed out"
        case .wouldBlock: return "would block"
        case .alreadyInProgress: return "already in progress"
        case .newSocketLimit: return "too many open sockets"
        case .addressInUse: return "address in use"
        case .addressNotBindable: return "address not bindable"
        case .remoteUnreachable: return "remote unreachable"
        case .connectionRefused: return "connection refused"
        case .connectionReset: return "connection reset"
        case .connectionAborted: return "connection aborted"
        case .datagramTooLarge: return "datagram too large"
        case .nameUnresolvable: return "name unresolvable"
        case .temporaryResolverFailure: return "temporary resolver failure"
        case .permanentResolverFailure: return "permanent resolver failure"
        case .other(let code):
            if let text = strerror(code) { return String(cString: text) }
            return "error \(code)"
        }
    }
}

extension NetworkError {
    /// The network error behind a failed stream operation's `SystemError`.
    public init(_ error: SystemError) {
        switch error {
        case .posix(let code): self.init(errno: code)
        case .notCapable: self = .accessDenied
        }
    }
}
