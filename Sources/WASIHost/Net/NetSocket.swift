#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The transport of a socket.
public enum SocketKind: Sendable, Hashable {
    /// A TCP stream socket.
    case tcp
    /// A UDP datagram socket.
    case udp
}

/// A non-blocking TCP or UDP socket that owns its descriptor (closed when the object goes).
///
/// Every operation returns at once: one that would have to wait reports
/// ``NetworkError/wouldBlock`` (or nil, where documented) and the caller waits on
/// ``readable()`` / ``writable()`` through the ``Dispatcher``. Make sockets for a guest with
/// ``WASISession/openSocket(_:_:)``, which checks the guest's ``NetworkPermissions``.
public final class NetSocket {
    /// The descriptor.
    public let fd: Int32
    /// The address family.
    public let family: AddressFamily
    /// TCP or UDP.
    public let kind: SocketKind
    /// Counts the session's open sockets; released on deinit.
    let ledger: SocketLedger?

    /// Wraps a descriptor this object now owns.
    init(fd: Int32, family: AddressFamily, kind: SocketKind, ledger: SocketLedger?) {
        self.fd = fd
        self.family = family
        self.kind = kind
        self.ledger = ledger
        ledger?.open += 1
    }

    deinit {
        close(fd)
        ledger?.open -= 1
    }

    /// Creates a non-blocking, close-on-exec socket not counted against any guest's limit
    /// (for hosts; guests get theirs from ``WASISession/openSocket(_:_:)``).
    public static func make(_ family: AddressFamily, _ kind: SocketKind) throws(NetworkError) -> NetSocket {
        try make(family, kind, ledger: nil)
    }

    static func make(_ family: AddressFamily, _ kind: SocketKind, ledger: SocketLedger?) throws(NetworkError) -> NetSocket {
        let type = kind == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(family.systemValue, type | flags, 0)
        guard fd >= 0 else { throw .last }
        let s = NetSocket(fd: fd, family: family, kind: kind, ledger: ledger)
        if family == .ipv6 {
            // One default on every host (Linux's is dual-stack unless sysctl says otherwise).
            try? s.setIPv6Only(false)
        }
        return s
    }

    /// Checks that `address` can be used with this socket (its family).
    func check(_ address: SocketAddress) throws(NetworkError) {
        guard address.family == family else { throw .invalidArgument }
    }

    /// Binds to a local address (port 0: the system picks one).
    public func bind(_ address: SocketAddress) throws(NetworkError) {
        try check(address)
        let r = address.withSockaddr { Glibc.bind(fd, $0, $1) }
        guard r == 0 else { throw .last }
    }

    /// Starts connecting to `address`. Returns true when connected at once (loopback may),
    /// false while the connection is under way: wait for ``writable()``, then call
    /// ``finishConnect()``.
    public func startConnect(_ address: SocketAddress) throws(NetworkError) -> Bool {
        try check(address)
        let r = address.withSockaddr { sa, len in retryingOnInterrupt { connect(fd, sa, len) } }
        if r == 0 { return true }
        if errno == EINPROGRESS || errno == EINTR { return false }
        throw .last
    }

    /// Finishes a connect started with ``startConnect(_:)``: true when connected, false while
    /// it is still under way; throws what it failed with (`SO_ERROR`).
    public func finishConnect() throws(NetworkError) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&p, 1, 0) > 0 else { return false }
        let code = try intOption(SOL_SOCKET, SO_ERROR)
        guard code == 0 else { throw NetworkError(errno: code) }
        return true
    }

    /// Starts listening for connections, with at most `backlog` waiting (clamped to what the
    /// system allows). Calling it again on a listening socket changes the backlog.
    public func listen(backlog: Int) throws(NetworkError) {
        let n = Int32(clamping: max(1, backlog))
        guard Glibc.listen(fd, n) == 0 else { throw .last }
    }

    /// Accepts a waiting connection as a new non-blocking socket (counted in the same ledger),
    /// with the peer's address; nil when none is waiting.
    public func accept() throws(NetworkError) -> (socket: NetSocket, remote: SocketAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let client = withUnsafeMutablePointer(to: &storage) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                retryingOnInterrupt { Glibc.accept(fd, sa, &length) }
            }
        }
        if client < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw .last
        }
        let s = NetSocket(fd: client, family: family, kind: kind, ledger: ledger)
        // Linux sockets do not inherit these from the listener.
        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        guard let remote = SocketAddress(storage: storage) else { throw .notSupported }
        return (s, remote)
    }

    /// The local address (after bind or connect).
    public func localAddress() throws(NetworkError) -> SocketAddress {
        try address { getsockname(fd, $0, $1) }
    }

    /// The connected peer's address.
    public func remoteAddress() throws(NetworkError) -> SocketAddress {
        try address { getpeername(fd, $0, $1) }
    }

    private func address(_ query: (UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) throws(NetworkError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let r = withUnsafeMutablePointer(to: &storage) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { query($0, &length) }
        }
        guard r == 0 else { throw .last }
        guard let a = SocketAddress(storage: storage) else { throw .notSupported }
        return a
    }

    /// Ready when the socket has something to read or accept (or an error or hang-up).
    public func readable() -> HostPollable { SocketPollable(self, forWriting: false) }

    /// Ready when the socket can be written to, or a connect has finished.
    public func writable() -> HostPollable { SocketPollable(self, forWriting: true) }
}

/// Counts one session's open sockets (for `maxOpenSockets`).
final class SocketLedger {
    var open = 0
}

/// A descriptor pollable that keeps its socket (and so its descriptor) alive.
final class SocketPollable: HostPollable {
    let socket: NetSocket
    let inner: DescriptorPollable

    init(_ socket: NetSocket, forWriting: Bool) {
        self.socket = socket
        inner = DescriptorPollable(fd: socket.fd, forWriting: forWriting)
    }

    func isReady() -> Bool { inner.isReady() }

    func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        inner.whenReady(on: dispatcher) { [socket] in
            _ = socket
            wake()
        }
    }
}
