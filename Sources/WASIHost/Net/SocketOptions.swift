#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Socket options, in the units `wasi:sockets` uses (sizes in bytes, times in seconds as the
/// system counts keep-alive times).
extension NetSocket {
    func intOption(_ level: Int32, _ name: Int32) throws(NetworkError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, level, name, &value, &length) == 0 else { throw .last }
        return value
    }

    func setIntOption(_ level: Int32, _ name: Int32, _ value: Int32) throws(NetworkError) {
        var v = value
        guard setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) == 0 else { throw .last }
    }

    private static let tcp = Int32(IPPROTO_TCP)
    private static let ipv4 = Int32(IPPROTO_IP)
    private static let ipv6 = Int32(IPPROTO_IPV6)
    // Linux values (the Glibc module does not export the TCP ones).
    private static let tcpNoDelay: Int32 = 1
    private static let tcpKeepIdle: Int32 = 4
    private static let tcpKeepInterval: Int32 = 5
    private static let tcpKeepCount: Int32 = 6

    /// Whether TCP keep-alive probes are sent (`SO_KEEPALIVE`).
    public func keepAlive() throws(NetworkError) -> Bool { try intOption(SOL_SOCKET, SO_KEEPALIVE) != 0 }
    /// Turns TCP keep-alive on or off.
    public func setKeepAlive(_ on: Bool) throws(NetworkError) { try setIntOption(SOL_SOCKET, SO_KEEPALIVE, on ? 1 : 0) }

    /// Idle seconds before the first keep-alive probe (`TCP_KEEPIDLE`).
    public func keepAliveIdleSeconds() throws(NetworkError) -> Int32 { try intOption(Self.tcp, Self.tcpKeepIdle) }
    /// Sets the idle time (1…32767 seconds on Linux).
    public func setKeepAliveIdleSeconds(_ s: Int32) throws(NetworkError) { try setIntOption(Self.tcp, Self.tcpKeepIdle, s) }

    /// Seconds between keep-alive probes (`TCP_KEEPINTVL`).
    public func keepAliveIntervalSeconds() throws(NetworkError) -> Int32 { try intOption(Self.tcp, Self.tcpKeepInterval) }
    /// Sets the probe interval (1…32767 seconds on Linux).
    public func setKeepAliveIntervalSeconds(_ s: Int32) throws(NetworkError) { try setIntOption(Self.tcp, Self.tcpKeepInterval, s) }

    /// Unanswered probes before the connection is dropped (`TCP_KEEPCNT`).
    public func keepAliveCount() throws(NetworkError) -> Int32 { try intOption(Self.tcp, Self.tcpKeepCount) }
    /// Sets the probe count (1…127 on Linux).
    public func setKeepAliveCount(_ n: Int32) throws(NetworkError) { try setIntOption(Self.tcp, Self.tcpKeepCount, n) }

    /// Whether small writes go out at once (`TCP_NODELAY`).
    public func noDelay() throws(NetworkError) -> Bool { try intOption(Self.tcp, Self.tcpNoDelay) != 0 }
    /// Turns Nagle's algorithm off (true) or on.
    public func setNoDelay(_ on: Bool) throws(NetworkError) { try setIntOption(Self.tcp, Self.tcpNoDelay, on ? 1 : 0) }

    /// The unicast hop limit (`IP_TTL` / `IPV6_UNICAST_HOPS`).
    public func hopLimit() throws(NetworkError) -> Int32 {
        family == .ipv4 ? try intOption(Self.ipv4, IP_TTL) : try intOption(Self.ipv6, IPV6_UNICAST_HOPS)
    }
    /// Sets the hop limit (1…255).
    public func setHopLimit(_ hops: Int32) throws(NetworkError) {
        guard hops >= 1 && hops <= 255 else { throw .invalidArgument }
        if family == .ipv4 { try setIntOption(Self.ipv4, IP_TTL, hops) } else { try setIntOption(Self.ipv6, IPV6_UNICAST_HOPS, hops) }
    }

    /// The receive buffer size in bytes (`SO_RCVBUF`, as the system reports it).
    public func receiveBufferSize() throws(NetworkError) -> Int32 { try intOption(SOL_SOCKET, SO_RCVBUF) }
    /// Asks for a receive buffer of `bytes` (the system may round or clamp it).
    public func setReceiveBufferSize(_ bytes: Int32) throws(NetworkError) { try setIntOption(SOL_SOCKET, SO_RCVBUF, bytes) }

    /// The send buffer size in bytes (`SO_SNDBUF`).
    public func sendBufferSize() throws(NetworkError) -> Int32 { try intOption(SOL_SOCKET, SO_SNDBUF) }
    /// Asks for a send buffer of `bytes`.
    public func setSendBufferSize(_ bytes: Int32) throws(NetworkError) { try setIntOption(SOL_SOCKET, SO_SNDBUF, bytes) }

    /// Whether an IPv6 socket is limited to IPv6 (`IPV6_V6ONLY`).
    public func ipv6Only() throws(NetworkError) -> Bool {
        guard family == .ipv6 else { throw .notSupported }
        return try intOption(Self.ipv6, IPV6_V6ONLY) != 0
    }
    /// Limits an IPv6 socket to IPv6 (true) or lets it reach IPv4-mapped peers too.
    public func setIPv6Only(_ on: Bool) throws(NetworkError) {
        guard family == .ipv6 else { throw .notSupported }
        try setIntOption(Self.ipv6, IPV6_V6ONLY, on ? 1 : 0)
    }

    /// Lets a listening socket rebind a port in `TIME_WAIT` (`SO_REUSEADDR`).
    public func setReuseAddress(_ on: Bool) throws(NetworkError) { try setIntOption(SOL_SOCKET, SO_REUSEADDR, on ? 1 : 0) }
}
