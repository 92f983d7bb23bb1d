import HTTP1
import WASIHost

/// The request-target parts of a request, as `outgoing-request` / `incoming-request` hold them.
struct RequestParts {
    /// The longest method, scheme, authority or path-with-query a guest may set (`err` past it):
    /// what this host accepts as a whole received head.
    static let maxPartLength = 64 * 1024

    var method = "GET"
    var scheme: String?
    var authority: String?
    var pathWithQuery: String?

    /// The bytes of its texts.
    var size: Int {
        method.utf8.count &+ (scheme?.utf8.count ?? 0) &+ (authority?.utf8.count ?? 0) &+ (pathWithQuery?.utf8.count ?? 0)
    }
}

/// The object behind an `outgoing-request` handle. Its head counts against its runtime's
/// ``GuestHTTPMemory``.
final class OutgoingRequestObject {
    private(set) var parts = RequestParts()
    let headers: [HTTPField]
    /// The body, once `body()` handed it out.
    var body: OutgoingBodyObject?
    private let account: GuestHTTPMemory?
    /// The headers' size as the account counts it.
    private let headerBytes: Int

    /// A request with `headers`, taken from a guest's `fields` (whose bytes the account already
    /// counted: they move here unchecked).
    init(headers: [HTTPField], account: GuestHTTPMemory? = nil) {
        self.headers = headers
        self.account = account
        headerBytes = FieldsObject.size(of: headers)
        account?.add(headerBytes &+ parts.size)
    }

    deinit { account?.add(-(headerBytes &+ parts.size)) }

    /// Changes the parts, counting their new size; throws when that does not fit the account.
    func update(_ change: (inout RequestParts) -> Void) throws(GuestHTTPMemoryFull) {
        var next = parts
        change(&next)
        try account?.charge(next.size &- parts.size)
        parts = next
    }
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

    init(expectedLength: UInt64?, account: GuestHTTPMemory? = nil) {
        pipe = OutgoingBodyPipe(expectedLength: expectedLength, account: account)
    }

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

/// The object behind an `outgoing-response` handle. Its headers count against its runtime's
/// ``GuestHTTPMemory``.
final class OutgoingResponseObject {
    var status = 200
    let headers: [HTTPField]
    var body: OutgoingBodyObject?
    private let account: GuestHTTPMemory?
    private let charged: Int

    /// A response with `headers`, taken from a guest's `fields` (whose bytes the account
    /// already counted: they move here unchecked).
    init(headers: [HTTPField], account: GuestHTTPMemory? = nil) {
        self.headers = headers
        self.account = account
        charged = FieldsObject.size(of: headers)
        account?.add(charged)
    }

    deinit { account?.add(-charged) }
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
