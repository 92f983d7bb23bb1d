import HTTP1
import WASIHost

/// An HTTP/1.1 server on a dispatcher: accepts connections, reads each request head within a
/// deadline (a slow client is dropped, an oversized head answered 431, a malformed one 400),
/// and hands every request to its ``HTTPRequestHandler`` as an ``HTTPExchange``. Keep-alive,
/// response framing and a graceful stop are handled here, for any handler.
public final class HTTPServer {
    /// Limits and timeouts of the connections (durations in nanoseconds).
    public struct Configuration: Sendable {
        /// The largest request head (start line and fields): a larger one is answered 431.
        public var maxHeaderBytes = 64 * 1024
        /// How long a client may take to send a request head (and an idle keep-alive
        /// connection may wait): then the connection is closed (408 if it had started).
        public var headerTimeout: UInt64 = 10_000_000_000
        /// The longest wait for the next bytes of a request body.
        public var bodyTimeout: UInt64 = 30_000_000_000
        /// Creates the defaults.
        public init() {}
    }

    let dispatcher: Dispatcher
    let configuration: Configuration
    let handler: HTTPRequestHandler
    private var listener: NetSocket?
    private var acceptToken: DispatcherToken?
    private var connections: [ObjectIdentifier: ServerConnection] = [:]
    /// Whether ``stop()`` was called.
    public private(set) var isStopping = false
    /// The port the server listens on.
    public private(set) var port: UInt16 = 0
    /// Requests answered so far.
    public private(set) var requestCount = 0

    /// A server whose requests `handler` answers, on `dispatcher`'s thread.
    public init(dispatcher: Dispatcher, configuration: Configuration = Configuration(), handler: HTTPRequestHandler) {
        self.dispatcher = dispatcher
        self.configuration = configuration
        self.handler = handler
    }

    /// Listens on `address` (port 0: any free port, see ``port``).
    public func listen(on address: SocketAddress) throws(NetworkError) {
        let socket = try NetSocket.make(address.family, .tcp)
        try socket.setReuseAddress(true)
        try socket.bind(address)
        try socket.listen(backlog: 1024)
        port = try socket.localAddress().port
        listener = socket
        acceptConnections()
    }

    /// Stops accepting; requests in progress finish, then their connections close.
    /// ``isStopped`` tells when all have.
    public func stop() {
        isStopping = true
        if let acceptToken { dispatcher.cancel(acceptToken) }
        acceptToken = nil
        listener = nil
        for c in connections.values { c.stopWhenIdle() }
    }

    /// Whether ``stop()`` was called and every connection has closed.
    public var isStopped: Bool { isStopping && connections.isEmpty }

    private func acceptConnections() {
        guard let listener, !isStopping else { return }
        acceptToken = listener.readable().whenReady(on: dispatcher) { [weak self] in
            guard let self, let listener = self.listener else { return }
            while true {
                let accepted: (socket: NetSocket, remote: SocketAddress)?
                do throws(NetworkError) {
                    accepted = try listener.accept()
                } catch {
                    // Out of descriptors (or another failure): the listener stays readable, so
                    // pause instead of spinning.
                    self.acceptToken = self.dispatcher.addTimer(deadline: Dispatcher.now() &+ 100_000_000) { [weak self] in
                        self?.acceptConnections()
                    }
                    return
                }
                guard let accepted else { break }
                try? accepted.socket.setNoDelay(true)
                let connection = ServerConnection(server: self, socket: accepted.socket)
                self.connections[ObjectIdentifier(connection)] = connection
                connection.readHead([])
            }
            self.acceptConnections()
        }
    }

    func closed(_ connection: ServerConnection) {
        connections[ObjectIdentifier(connection)] = nil
    }

    func answered() { requestCount += 1 }
}
