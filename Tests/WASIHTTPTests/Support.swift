import HTTP1
import WASIHost
@testable import WASIHTTP

/// One outgoing request made by the client directly (no guest), driven on its own dispatcher.
struct ClientRun {
    let dispatcher: Dispatcher
    let session: WASISession
    let pool = HTTPConnectionPool()

    init() throws {
        dispatcher = try Dispatcher()
        session = WASISession(context: WASIContext(), dispatcher: dispatcher)
        session.network = .granted
    }

    /// Sends a request and waits for the response head (or the error).
    func send(_ url: (scheme: String, authority: String, path: String), method: String = "GET", headers: [HTTPField] = [],
              body: OutgoingBodyPipe? = nil, timeouts: ClientTimeouts = ClientTimeouts(connect: 5_000_000_000, firstByte: 5_000_000_000, betweenBytes: 5_000_000_000),
              tls: TLSClientConfiguration = TLSClientConfiguration(), whileWaiting: () -> Void = {}) throws -> Result<IncomingResponseObject, HTTPErrorCode> {
        var parts = RequestParts()
        parts.method = method
        parts.scheme = url.scheme
        parts.authority = url.authority
        parts.pathWithQuery = url.path
        let future = FutureResponseObject()
        let exchange = ClientExchange(future: future, session: session, target: try RequestTarget(parts), method: method,
                                      headers: headers, body: body, timeouts: timeouts, pool: pool, tls: tls)
        future.exchange = exchange
        exchange.start()
        whileWaiting()
        dispatcher.run { future.outcome != nil }
        guard let outcome = future.outcome else { throw HTTPErrorCode.internalError("the exchange never ended") }
        return outcome
    }

    /// Reads a body to its end (or error), handing each piece to `piece`; answers the error, if any.
    func read(_ body: IncomingBodyObject, _ piece: ([UInt8]) -> Void) -> StreamError? {
        let reader = body.reader
        while true {
            let bytes: [UInt8]
            do throws(StreamError) {
                bytes = try reader.read(65536)
            } catch {
                if case .closed = error { return nil }
                return error
            }
            if !bytes.isEmpty {
                piece(bytes)
                continue
            }
            var ready = false
            _ = reader.readiness().whenReady(on: dispatcher) { ready = true }
            dispatcher.run { ready }
        }
    }

    /// The whole body, or the error that ended it.
    func readAll(_ body: IncomingBodyObject) -> Result<[UInt8], StreamError> {
        var all: [UInt8] = []
        if let error = read(body, { all += $0 }) { return .failure(error) }
        return .success(all)
    }
}

extension Result {
    var value: Success? { try? get() }
    var failureValue: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}

/// The HTTP error code inside a stream error.
func httpError(_ error: StreamError?) -> HTTPErrorCode? {
    if case .failedWith(let cause)? = error { return cause as? HTTPErrorCode }
    return nil
}

func local(_ port: UInt16, _ path: String = "/") -> (scheme: String, authority: String, path: String) {
    ("http", "127.0.0.1:\(port)", path)
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
