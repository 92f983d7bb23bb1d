import HTTP1
import WASIHost

/// The request-target parts of a request, as `outgoing-request` / `incoming-request` hold them.
struct RequestParts {
    var method = "GET"
    var scheme: String?
    var authority: String?
    var pathWithQuery: String?
}

/// The object behind an `outgoing-request` handle.
final class OutgoingRequestObject {
    var parts = RequestParts()
    let headers: [HTTPField]
    /// The body, once `body()` handed it out.
    var body: OutgoingBodyObject?

    init(headers: [HTTPField]) { self.headers = headers }
}

/// The object behind a `request-options` handle (durations in nanoseconds).
final class RequestOptionsObject {
    var connectTimeout: UInt64?
    var firstByteTimeout: UInt64?
    var betweenBytesTimeout: UInt64?
}

/// The object behind an `outgoing-body` handle.
final class OutgoingBodyObject {
    let pipe: OutgoingBodyPipe
    var streamTaken = false
    private var finished = false

    init(expectedLength: UInt64?) { pipe = OutgoingBodyPipe(expectedLength: expectedLength) }

    func finish(trailers: [HTTPField]) throws(HTTPErrorCode) {
        finished = true
        try pipe.finish(trailers: trailers)
    }

    deinit {
        // Dropped without `finish`: the message is incomplete.
        if !finished { pipe.abandon() }
    }
}

/// The object behind an `incoming-response` handle.
final class IncomingResponseObject {
    let status: Int
    let headers: [HTTPField]
    var body: IncomingBodyObject?

    init(status: Int, headers: [HTTPField], body: IncomingBodyObject) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The object behind an `incoming-body` handle.
final class IncomingBodyObject {
    let reader: IncomingBodyReader
    var streamTaken = false

    init(_ reader: IncomingBodyReader) { self.reader = reader }
}

/// The object behind a `future-trailers` handle: ready once the rest of the body has been
/// received (and dropped: the guest finished reading).
final class FutureTrailersObject {
    let reader: IncomingBodyReader
    var taken = false

    init(_ reader: IncomingBodyReader) {
        self.reader = reader
        reader.isDiscarding = true
    }

    /// The trailers (nil: none), the failure, or nil while the body is still arriving.
    func result() -> Result<[HTTPField]?, HTTPErrorCode>? {
        reader.prepare()
        if let failure = reader.failure { return .failure(failure) }
        guard reader.isReceived else { return nil }
        let trailers = reader.trailers
        return .success(trailers.isEmpty ? nil : FieldRules.visible(trailers))
    }

    func readiness() -> HostPollable { reader.readiness() }
}

/// The object behind a `future-incoming-response` handle.
final class FutureResponseObject {
    private(set) var outcome: Result<IncomingResponseObject, HTTPErrorCode>?
    var taken = false
    let signal = HostSignal()
    /// The exchange producing the response (kept alive by the future).
    var exchange: AnyObject?

    func resolve(_ outcome: Result<IncomingResponseObject, HTTPErrorCode>) {
        guard self.outcome == nil else { return }
        self.outcome = outcome
        signal.notify()
    }

    func readiness() -> HostPollable { SignalPollable(signal) { [weak self] in self.map { $0.outcome != nil } ?? true } }
}

/// The object behind an `incoming-request` handle (a request `serve` received).
final class IncomingRequestObject {
    let parts: RequestParts
    let headers: [HTTPField]
    var body: IncomingBodyObject?

    init(parts: RequestParts, headers: [HTTPField], body: IncomingBodyObject) {
        self.parts = parts
        self.headers = headers
        self.body = body
    }
}

/// The object behind an `outgoing-response` handle.
final class OutgoingResponseObject {
    var status = 200
    let headers: [HTTPField]
    var body: OutgoingBodyObject?

    init(headers: [HTTPField]) { self.headers = headers }
}

/// The object behind a `response-outparam` handle: where the guest's response (or error)
/// goes, once.
final class ResponseOutparamObject {
    private var deliver: ((Result<OutgoingResponseObject, HTTPErrorCode>) -> Void)?
    /// Sends an informational (1xx) response ahead of the final one.
    private let informational: (Int, [HTTPField]) -> Result<Void, HTTPErrorCode>

    init(informational: @escaping (Int, [HTTPField]) -> Result<Void, HTTPErrorCode>,
         _ deliver: @escaping (Result<OutgoingResponseObject, HTTPErrorCode>) -> Void) {
        self.informational = informational
        self.deliver = deliver
    }

    /// `send-informational`: a 1xx response (status 100–199) before the final one, which
    /// must not have been set yet.
    func sendInformational(_ status: Int, _ fields: [HTTPField]) -> Result<Void, HTTPErrorCode> {
        guard (100...199).contains(status) else { return .failure(.httpProtocolError) }
        guard deliver != nil else { return .failure(.internalError("the response was already set")) }
        return informational(status, fields)
    }

    func set(_ outcome: Result<OutgoingResponseObject, HTTPErrorCode>) {
        let d = deliver
        deliver = nil
        d?(outcome)
    }
}
