import HTTP1
import WASIHost

/// What answers the requests of an ``HTTPServer``.
public protocol HTTPRequestHandler: AnyObject {
    /// Answers `exchange`, at once or later (on the server's dispatcher thread), with
    /// ``HTTPExchange/respond(status:fields:body:)``. Must not block the thread.
    func handle(_ exchange: HTTPExchange)
}

/// Why a request body could not be read whole (``HTTPExchange/readBody(limit:_:)``).
public enum HTTPBodyError: Error, Equatable, Sendable {
    /// The body is longer than the limit (the connection closes after the answer: 413).
    case tooLarge(limit: Int)
    /// The client sent no more of the body for too long (408).
    case timedOut
    /// The body is malformed, or the connection is gone.
    case failed(String)
}

/// One request received by an ``HTTPServer`` and its answer. Used on the server's dispatcher
/// thread only. Answers after the connection closed are dropped.
public final class HTTPExchange {
    /// The request method, e.g. `POST`.
    public let method: String
    /// The request target as sent, e.g. `/call/ns:f?x` (origin form) or `http://host/path`.
    public let target: String
    /// The request's header fields in order.
    public let fields: [HTTPField]
    let framing: HTTPBodyFraming
    let reader: IncomingBodyReader
    /// The client waits for `100 Continue` before it sends the body (`Expect: 100-continue`).
    let expectsContinue: Bool
    /// Whether the request is HTTP/1.1, whose client may be sent informational (1xx) responses
    /// and a chunked body; an HTTP/1.0 client is sent neither (RFC 9110 §15.2, RFC 9112 §6.1).
    let isHTTP11: Bool
    weak var connection: ServerConnection?
    /// Runs when the connection closes before the answer was complete (the client left, or a
    /// body or response could not be carried).
    var onAbort: (() -> Void)?
    private let bodyWait: HostWait
    private var received: [UInt8] = []

    init(head: HTTPRequestHead, framing: HTTPBodyFraming, reader: IncomingBodyReader, connection: ServerConnection, dispatcher: Dispatcher) {
        method = head.method
        target = head.target
        fields = head.fields
        self.framing = framing
        self.reader = reader
        expectsContinue = head.version == .http11 && framing != .empty
            && HTTPFieldSyntax.values("expect", in: head.fields).contains { HTTPFieldSyntax.lowercased(String(decoding: $0, as: UTF8.self)) == "100-continue" }
        isHTTP11 = head.version == .http11
        self.connection = connection
        bodyWait = HostWait(dispatcher)
    }

    /// Whether the request is `HEAD` (its answer is sent without a body).
    var isHead: Bool { method == "HEAD" }

    /// The connection while this exchange is its current one.
    var current: ServerConnection? {
        guard let connection, connection.exchange === self else { return nil }
        return connection
    }

    /// Reads the whole request body, at most `limit` bytes, then calls `done` (on the
    /// dispatcher's thread); a client that sent `Expect: 100-continue` is told to go on. A body announced or found longer fails with
    /// ``HTTPBodyError/tooLarge(limit:)`` without being read further; the connection then closes
    /// after the answer.
    public func readBody(limit: Int, _ done: @escaping (Result<[UInt8], HTTPBodyError>) -> Void) {
        if case .contentLength(let length) = framing, length > UInt64(max(limit, 0)) {
            current?.closeAfterAnswer()
            return done(.failure(.tooLarge(limit: limit)))
        }
        received = []
        if expectsContinue {
            reader.receiveAvailable()
            if !reader.isReceived { current?.sendContinue() }
        }
        collect(limit: limit, done)
    }

    private func collect(limit: Int, _ done: @escaping (Result<[UInt8], HTTPBodyError>) -> Void) {
        while true {
            let piece: [UInt8]
            do throws(StreamError) {
                piece = try reader.read(IncomingBodyReader.bufferLimit)
            } catch {
                if case .closed = error {
                    let body = received
                    received = []
                    return done(.success(body))
                }
                received = []
                current?.closeAfterAnswer()
                if case .failedWith(let code as HTTPErrorCode) = error, code == .connectionReadTimeout { return done(.failure(.timedOut)) }
                return done(.failure(.failed(Self.describe(error))))
            }
            if piece.isEmpty {
                bodyWait.arm(reader.readiness(), deadline: nil, ready: { [weak self] in self?.collect(limit: limit, done) })
                return
            }
            guard piece.count <= limit - received.count else {
                received = []
                current?.closeAfterAnswer()
                return done(.failure(.tooLarge(limit: limit)))
            }
            received += piece
        }
    }

    private static func describe(_ error: StreamError) -> String {
        if case .failedWith(let code as HTTPErrorCode) = error {
            switch code {
            case .connectionTerminated: return "the connection closed"
            default: return "the request body is malformed"
            }
        }
        return "the request body could not be read: \(error)"
    }

    /// Answers with a complete response: `status`, `fields` (`content-length` and `connection`
    /// are added) and `body` (not sent for `HEAD`). Only the first answer counts.
    public func respond(status: Int, fields: [HTTPField], body: [UInt8]) {
        guard let connection = current else { return }
        connection.respond(self, status: status, fields: fields, body: body)
    }

    /// The connection closed before the exchange ended.
    func aborted() {
        bodyWait.cancel()
        let abort = onAbort
        onAbort = nil
        abort?()
    }
}
