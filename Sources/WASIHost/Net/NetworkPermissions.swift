/// What a guest may do on the network, and its limits (the entry's `wasi:sockets` import and
/// `limits.max_open_sockets` / `limits.socket_timeout_ms`; the CLI's `--allow-network`).
///
/// The default grants nothing: every socket, name lookup and outgoing request fails with
/// ``NetworkError/accessDenied``.
public struct NetworkPermissions: Sendable, Hashable {
    /// Whether the guest may use the network at all (TCP, UDP, name lookup, outgoing HTTP).
    public var allowed: Bool
    /// The most sockets the guest may hold open at once; one more fails with
    /// ``NetworkError/newSocketLimit``.
    public var maxOpenSockets: Int
    /// How long a connect, or a wait for a peer, may take, in milliseconds.
    public var socketTimeoutMilliseconds: Int

    /// The default `maxOpenSockets`.
    public static let defaultMaxOpenSockets = 16
    /// The default `socketTimeoutMilliseconds`.
    public static let defaultSocketTimeoutMilliseconds = 30_000

    /// Creates permissions; by default the network is denied.
    public init(allowed: Bool = false,
                maxOpenSockets: Int = NetworkPermissions.defaultMaxOpenSockets,
                socketTimeoutMilliseconds: Int = NetworkPermissions.defaultSocketTimeoutMilliseconds) {
        self.allowed = allowed
        self.maxOpenSockets = maxOpenSockets
        self.socketTimeoutMilliseconds = socketTimeoutMilliseconds
    }

    /// No network.
    public static let denied = NetworkPermissions()
    /// The network with the default limits.
    public static let granted = NetworkPermissions(allowed: true)

    /// The socket timeout in nanoseconds (0 and negative values mean the default).
    public var socketTimeoutNanoseconds: UInt64 {
        let ms = socketTimeoutMilliseconds > 0 ? socketTimeoutMilliseconds : Self.defaultSocketTimeoutMilliseconds
        let (ns, overflow) = UInt64(ms).multipliedReportingOverflow(by: 1_000_000)
        return overflow ? UInt64.max : ns
    }
}
