import HTTP1
import WASIHost

/// Sends one message on a connection: its head, then its body as the guest writes it into the
/// ``OutgoingBodyPipe`` (raw with a declared length, else chunked, with trailers), waiting on
/// the dispatcher whenever the socket is full or the pipe empty. A peer that takes no bytes
/// for `idleTimeout` while some wait to be sent fails the message with
/// `connection-write-timeout`.
final class MessageWriter {
    let transport: HTTPTransport
    let body: OutgoingBodyPipe?
    let chunked: Bool
    /// The longest wait for the socket to take bytes, in nanoseconds (nil: none).
    let idleTimeout: UInt64?
    /// Since when bytes have been waiting for a full socket (monotonic nanoseconds).
    private var stalledSince: UInt64?
    private var outbox: [UInt8]
    private let wait: HostWait
    private(set) var isDone = false
    private var stopped = false
    /// Called once when everything was sent.
    var onDone: (() -> Void)?
    /// Called once when sending failed (the connection, or the guest's body).
    var onFailure: ((HTTPErrorCode) -> Void)?

    init(transport: HTTPTransport, head: [UInt8], body: OutgoingBodyPipe?, chunked: Bool, idleTimeout: UInt64?,
         dispatcher: Dispatcher) {
        self.transport = transport
        self.body = body
        self.chunked = chunked
        self.idleTimeout = idleTimeout
        outbox = head
        wait = HostWait(dispatcher)
    }

    /// Stops sending (the exchange ended).
    func stop() {
        stopped = true
        wait.cancel()
    }

    /// Sends what can be sent now, then waits for more room or more body.
    func pump() {
        guard !stopped, !isDone else { return }
        while true {
            while !outbox.isEmpty {
                let sent: Int?
                do throws(HTTPErrorCode) {
                    sent = try transport.send(outbox[...])
                } catch {
                    failed(error)
                    return
                }
                guard let sent, sent > 0 else {
                    let since = stalledSince ?? Dispatcher.now()
                    stalledSince = since
                    let deadline = idleTimeout.flatMap { t in
                        let (d, overflow) = since.addingReportingOverflow(t)
                        return overflow ? nil : d
                    }
                    wait.arm(transport.writable(), deadline: deadline, ready: { [weak self] in self?.pump() },
                             timeout: { [weak self] in self?.failed(.connectionWriteTimeout) })
                    return
                }
                stalledSince = nil
                outbox.removeFirst(sent)
            }
            guard let body, !body.isFinishedAndSent else {
                isDone = true
                onDone?()
                return
            }
            if let failure = body.failure {
                failed(failure)
                return
            }
            let bytes = body.take(IncomingBodyReader.bufferLimit)
            if !bytes.isEmpty {
                outbox = chunked ? HTTPSerializer.chunk(bytes) : bytes
                continue
            }
            if body.isFinished {
                if chunked { outbox = HTTPSerializer.lastChunk(trailers: body.trailers) }
                body.isFinishedAndSent = true
                continue
            }
            if body.isAbandoned {
                failed(.internalError("the body was dropped before outgoing-body.finish"))
                return
            }
            wait.arm(SignalPollable(body.signal) { body.hasWorkForConsumer || body.failure != nil }, deadline: nil,
                     ready: { [weak self] in self?.pump() })
            return
        }
    }

    private func failed(_ error: HTTPErrorCode) {
        stop()
        body?.fail(error)
        onFailure?(error)
    }
}
