import ComponentModel
import HTTP1
import WASIHost

/// `wippy-wasm serve`: an ``HTTPServer`` that answers every request by calling
/// `wasi:http/incoming-handler.handle` of a component, on an instance from a pool.
/// Guests that wait (sleep, I/O) are suspended, so requests interleave on one thread.
public final class IncomingHandlerServer {
    /// Limits and timeouts of the server (durations in nanoseconds).
    public struct Configuration: Sendable {
        /// The largest request head (start line and fields): a larger one is answered 431.
        public var maxHeaderBytes = 64 * 1024
        /// How long a client may take to send a request head (and an idle keep-alive
        /// connection may wait): then the connection is closed (408 if it had started).
        public var headerTimeout: UInt64 = 10_000_000_000
        /// How long a handler may take to answer: then 500, and its instance is dropped.
        public var handlerTimeout: UInt64 = 60_000_000_000
        /// The longest wait for the next bytes of a request body.
        public var bodyTimeout: UInt64 = 30_000_000_000
        /// The most idle instances kept warm.
        public var maxIdleInstances = 64
        /// The most instances at once: further requests wait for one to be free.
        public var maxInstances = 256
        /// Creates the defaults.
        public init() {}

        /// The connection settings.
        var connections: HTTPServer.Configuration {
            var c = HTTPServer.Configuration()
            c.maxHeaderBytes = maxHeaderBytes
            c.headerTimeout = headerTimeout
            c.bodyTimeout = bodyTimeout
            return c
        }
    }

    /// The server the requests arrive on.
    public let server: HTTPServer
    let handler: ComponentRequestHandler
    var pool: HandlerPool { handler.pool }

    /// A server whose handler instances come from `makeInstance` (each with its own runtime
    /// and WASI session, linked with `linker`, which must include the `wasi:http` group).
    public init(dispatcher: Dispatcher, linker: ComponentLinker, configuration: Configuration = Configuration(),
                makeInstance: @escaping () throws -> HandlerInstance) throws(ComponentError) {
        let pool = HandlerPool(maxIdle: configuration.maxIdleInstances, maxLive: configuration.maxInstances, make: makeInstance)
        handler = ComponentRequestHandler(dispatcher: dispatcher, resources: try HTTPResources(linker), pool: pool,
                                          handlerTimeout: configuration.handlerTimeout)
        server = HTTPServer(dispatcher: dispatcher, configuration: configuration.connections, handler: handler)
    }

    /// Listens on `address` (port 0: any free port, see ``port``).
    public func listen(on address: SocketAddress) throws(NetworkError) { try server.listen(on: address) }

    /// Stops accepting; requests in progress finish, then their connections close.
    public func stop() { server.stop() }

    /// Whether ``stop()`` was called.
    public var isStopping: Bool { server.isStopping }
    /// Whether ``stop()`` was called and every connection has closed.
    public var isStopped: Bool { server.isStopped }
    /// The port the server listens on.
    public var port: UInt16 { server.port }
    /// Requests answered so far.
    public var requestCount: Int { server.requestCount }
}
