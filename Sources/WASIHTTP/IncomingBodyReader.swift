import HTTP1
import WASIHost

/// The body of an incoming message (a response to the client, a request to the server), read
/// from its connection as the guest asks for it: at most ``bufferLimit`` decoded bytes wait in
/// memory, so a body of any size streams through.
final class IncomingBodyReader {
    /// The most decoded bytes kept waiting for the guest.
    static let bufferLimit = 64 * 1024

    let transport: HTTPTransport
    private var decoder: HTTPBodyDecoder
    /// Received bytes not decoded yet (what followed the head in the same read).
    private var pending: [UInt8]
    /// Decoded bytes; the guest has read those before `dataStart`.
    private var data: [UInt8] = []
    private var dataStart = 0
    private var available: Int { data.count - dataStart }
    private(set) var failure: HTTPErrorCode?
    /// The longest wait for the next bytes, in nanoseconds (nil: none).
    let betweenBytesTimeout: UInt64?
    private var lastProgress = Dispatcher.now()
    let signal = HostSignal()
    private let wait: HostWait
    private let malformed: (HTTP1Error) -> HTTPErrorCode
    /// Received data is dropped, not kept (the guest finished the body without reading it all).
    var isDiscarding = false
    /// Called once when the whole body has been received, with what followed it on the connection.
    var onEnd: (([UInt8]) -> Void)?
    /// What produces the body (the exchange or server connection), kept alive while it is read.
    var owner: AnyObject?
    private var ended = false
    /// While the rest of the body is dropped (``discardRest(limit:deadline:_:)``): how many more
    /// bytes may be received for it.
    private var discardBudget: Int?

    init(transport: HTTPTransport, framing: HTTPBodyFraming, initial: [UInt8], dispatcher: Dispatcher,
         betweenBytesTimeout: UInt64?, malformed: @escaping (HTTP1Error) -> HTTPErrorCode) {
        self.transport = transport
        decoder = HTTPBodyDecoder(framing: framing)
        pending = initial
        self.betweenBytesTimeout = betweenBytesTimeout
        wait = HostWait(dispatcher)
        self.malformed = malformed
    }

    /// Whether every byte of the body was received (the guest may still have some to read).
    var isReceived: Bool { decoder.isComplete }
    /// Whether the guest has read everything there is.
    var isDrained: Bool { decoder.isComplete && available == 0 }
    /// The trailers of a chunked body, once received.
    var trailers: [HTTPField] { decoder.trailers }

    /// Up to `count` body bytes available now; empty when none are; `.closed` at the end.
    func read(_ count: Int) throws(StreamError) -> [UInt8] {
        if available == 0 { pump() }
        if available > 0 {
            let n = min(count, available)
            let out = Array(data[dataStart..<(dataStart + n)])
            dataStart += n
            if dataStart == data.count {
                data.removeAll(keepingCapacity: true)
                dataStart = 0
            }
            return out
        }
        if let failure { throw .failedWith(failure) }
        if decoder.isComplete { throw .closed }
        return []
    }

    /// Ready when there are bytes, the end or a failure to report.
    func readiness() -> HostPollable {
        SignalPollable(signal, prepare: { [weak self] in self?.prepare() }) { [weak self] in
            guard let self else { return true }
            return self.available > 0 || self.failure != nil || self.decoder.isComplete
        }
    }

    /// Reads what has arrived and, when more is needed, waits for it on the connection.
    func prepare() {
        pump()
        if available == 0 && failure == nil && !decoder.isComplete { arm() }
    }

    /// Reads what has arrived without waiting for more.
    func receiveAvailable() { pump() }

    /// Whether the rest of a `content-length` body is known to be longer than `limit` bytes.
    func remainderExceeds(_ limit: Int) -> Bool {
        guard let remaining = decoder.remainingLength else { return false }
        return remaining > UInt64(max(limit, 0))
    }

    /// Receives and drops the rest of the body (its reader is done with it), so that the
    /// connection can carry another message: at most `limit` more bytes, before `deadline`
    /// (monotonic nanoseconds). `done(true)` once the whole body has been received (``onEnd``
    /// has run), `done(false)` when it is longer, slower, malformed or the connection ended.
    func discardRest(limit: Int, deadline: UInt64, _ done: @escaping (Bool) -> Void) {
        isDiscarding = true
        data.removeAll()
        dataStart = 0
        discardBudget = max(limit, 0)
        discardStep(deadline, done)
    }

    private func discardStep(_ deadline: UInt64, _ done: @escaping (Bool) -> Void) {
        pump()
        if decoder.isComplete { return done(true) }
        if failure != nil { return done(false) }
        wait.arm(transport.readable(), deadline: deadline, ready: { [weak self] in
            guard let self else { return done(false) }
            self.discardStep(deadline, done)
        }, timeout: { done(false) })
    }

    private func arm() {
        guard !wait.isArmed else { return }
        var deadline: UInt64?
        if let betweenBytesTimeout {
            let (d, overflow) = lastProgress.addingReportingOverflow(betweenBytesTimeout)
            deadline = overflow ? nil : d
        }
        wait.arm(transport.readable(), deadline: deadline, ready: { [weak self] in
            guard let self else { return }
            self.pump()
            if self.available > 0 || self.failure != nil || self.decoder.isComplete {
                self.signal.notify()
            } else {
                self.arm()
            }
        }, timeout: { [weak self] in
            guard let self else { return }
            self.fail(.connectionReadTimeout)
        })
    }

    func fail(_ error: HTTPErrorCode) {
        if failure == nil && !decoder.isComplete { failure = error }
        wait.cancel()
        signal.notify()
    }

    /// Decodes pending bytes and receives more while there is room.
    private func pump() {
        while failure == nil && !decoder.isComplete && (isDiscarding || available < Self.bufferLimit) {
            if !pending.isEmpty {
                decodePending()
                continue
            }
            let received: [UInt8]?
            do throws(HTTPErrorCode) {
                received = try transport.receive(maxCount: Self.bufferLimit)
            } catch {
                failure = error
                break
            }
            guard let received else { break }
            lastProgress = Dispatcher.now()
            if let budget = discardBudget {
                guard received.count <= budget else {
                    failure = .httpRequestBodySize(nil)
                    break
                }
                discardBudget = budget - received.count
            }
            if received.isEmpty {
                do throws(HTTP1Error) {
                    try decoder.finishAtEndOfInput()
                } catch {
                    failure = malformed(error)
                }
                break
            }
            pending = received
        }
        if decoder.isComplete && !ended {
            ended = true
            wait.cancel()
            let rest = pending
            pending = []
            onEnd?(rest)
        }
    }

    private func decodePending() {
        if dataStart > 0 {
            // New data goes after what is still unread: drop what was read first.
            data.removeFirst(dataStart)
            dataStart = 0
        }
        do throws(HTTP1Error) {
            let used = try decoder.decodeAll(pending[...]) { piece in
                if !isDiscarding { data.append(contentsOf: piece) }
            }
            pending.removeFirst(used)
            if decoder.isComplete { return }
            // Everything was used: all of it was body.
            pending.removeAll()
        } catch {
            failure = malformed(error)
        }
    }
}

/// The guest's `input-stream` over an ``IncomingBodyReader``.
final class IncomingBodyStream: HostInputStream {
    let reader: IncomingBodyReader

    init(_ reader: IncomingBodyReader) { self.reader = reader }

    func read(_ count: Int) throws(StreamError) -> [UInt8] { try reader.read(count) }
    func readiness() -> HostPollable { reader.readiness() }
}
