import HTTP1
import WASIHost

/// The body of an outgoing message (`outgoing-body`): the guest writes into a bounded buffer
/// through an `output-stream`; the connection that sends the message takes from it. The guest
/// waits (on the stream's pollable) while the buffer is full, so a body is never held whole.
/// The bytes waiting count against the runtime's ``GuestHTTPMemory``: a write that does not fit
/// fails (the guest could otherwise fill the buffers of a million unsent bodies).
final class OutgoingBodyPipe {
    /// The most bytes buffered between the guest and the connection.
    static let capacity = 64 * 1024

    private(set) var buffer: [UInt8] = []
    /// The declared `content-length`, if any: writing more, or finishing with less, fails.
    let expectedLength: UInt64?
    private(set) var written: UInt64 = 0
    /// `outgoing-body.finish` was called (with these trailers).
    private(set) var isFinished = false
    /// The writer has sent the end of the body (the last chunk and trailers).
    var isFinishedAndSent = false
    private(set) var trailers: [HTTPField] = []
    /// The guest dropped the body without finishing it: the message is incomplete.
    private(set) var isAbandoned = false
    /// The consumer failed (connection lost): writes fail with this.
    private(set) var failure: HTTPErrorCode?
    /// Notified when data, the end or a failure arrives (wakes the consumer), and when room is
    /// made (wakes the guest).
    let signal = HostSignal()

    private let account: GuestHTTPMemory?

    init(expectedLength: UInt64?, account: GuestHTTPMemory? = nil) {
        self.expectedLength = expectedLength
        self.account = account
    }

    deinit { account?.add(-buffer.count) }

    /// Whether the consumer has something to do: bytes, the end, or the guest gone.
    var hasWorkForConsumer: Bool { !buffer.isEmpty || isFinished || isAbandoned }

    /// Takes up to `maxCount` buffered bytes.
    func take(_ maxCount: Int) -> [UInt8] {
        let n = min(maxCount, buffer.count)
        let out = Array(buffer[..<n])
        buffer.removeFirst(n)
        account?.add(-n)
        if n > 0 { signal.notify() }
        return out
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws(StreamError) {
        if let failure { throw .failedWith(failure) }
        if isFinished || isAbandoned { throw .closed }
        let (total, overflow) = written.addingReportingOverflow(UInt64(bytes.count))
        if let expectedLength, overflow || total > expectedLength {
            let error = HTTPErrorCode.httpRequestBodySize(overflow ? nil : total)
            failure = error
            signal.notify()
            throw .failedWith(error)
        }
        if let account {
            do throws(GuestHTTPMemoryFull) { try account.charge(bytes.count) } catch { throw .failedWith(error) }
        }
        written = total
        buffer.append(contentsOf: bytes)
        signal.notify()
    }

    /// `outgoing-body.finish`: fails when fewer bytes than the declared length were written.
    func finish(trailers: [HTTPField]) throws(HTTPErrorCode) {
        if let failure { throw failure }
        if let expectedLength, written != expectedLength {
            let error = HTTPErrorCode.httpRequestBodySize(written)
            failure = error
            signal.notify()
            throw error
        }
        self.trailers = trailers
        isFinished = true
        signal.notify()
    }

    /// The guest dropped the `outgoing-body` without finishing it.
    func abandon() {
        guard !isFinished else { return }
        isAbandoned = true
        signal.notify()
    }

    /// The consumer cannot take more (the connection failed).
    func fail(_ error: HTTPErrorCode) {
        if failure == nil { failure = error }
        signal.notify()
    }
}

/// The guest's `output-stream` over an ``OutgoingBodyPipe``.
final class OutgoingBodyStream: HostOutputStream {
    let pipe: OutgoingBodyPipe

    init(_ pipe: OutgoingBodyPipe) { self.pipe = pipe }

    func checkWrite() throws(StreamError) -> Int {
        if let failure = pipe.failure { throw .failedWith(failure) }
        if pipe.isFinished || pipe.isAbandoned { throw .closed }
        return max(0, OutgoingBodyPipe.capacity - pipe.buffer.count)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(StreamError) { try pipe.append(bytes) }

    func flush() throws(StreamError) {
        if let failure = pipe.failure { throw .failedWith(failure) }
    }

    /// Written bytes are in the pipe: the message's connection sends them in its own time.
    var isFlushed: Bool { true }

    func readiness() -> HostPollable {
        let pipe = self.pipe
        return SignalPollable(pipe.signal) {
            pipe.failure != nil || pipe.isFinished || pipe.isAbandoned || pipe.buffer.count < OutgoingBodyPipe.capacity
        }
    }
}
