/// Why a stream operation failed (`wasi:io/streams.stream-error`).
public enum StreamError: Error, Sendable, CustomStringConvertible {
    /// The stream is closed: end of input, or the reader went away.
    case closed
    /// The last operation failed; the stream is unusable from now on.
    case failed(SystemError)
    /// The last operation failed for a reason of a higher protocol (an HTTP `error-code`, which
    /// `wasi:http`'s `http-error-code` reads back); the stream is unusable from now on.
    case failedWith(any Error & Sendable)

    public var description: String {
        switch self {
        case .closed: return "stream closed"
        case .failed(let e): return e.description
        case .failedWith(let e): return "\(e)"
        }
    }
}

/// The host side of an input stream (`wasi:io/streams.input-stream`).
public protocol HostInputStream: AnyObject {
    /// Reads up to `count` bytes that are available now: fewer, or none when nothing is (never
    /// blocks). Throws `.closed` at the end.
    func read(_ count: Int) throws(StreamError) -> [UInt8]
    /// Skips up to `count` available bytes; returns how many.
    func skip(_ count: Int) throws(StreamError) -> Int
    /// Ready when ``read(_:)`` has bytes or the end to report.
    func readiness() -> HostPollable
}

/// The host side of an output stream (`wasi:io/streams.output-stream`).
public protocol HostOutputStream: AnyObject {
    /// How many bytes ``write(_:)`` accepts now (0: wait for ``readiness()``).
    func checkWrite() throws(StreamError) -> Int
    /// Writes bytes (at most what ``checkWrite()`` allowed).
    func write(_ bytes: UnsafeRawBufferPointer) throws(StreamError)
    /// Starts flushing what was written; ``readiness()`` is ready when it is done.
    func flush() throws(StreamError)
    /// Whether everything written has left the stream's buffer.
    var isFlushed: Bool { get }
    /// Ready when ``checkWrite()`` allows more (and, after ``flush()``, when the flush is done).
    func readiness() -> HostPollable
    /// Whether bytes written past what ``checkWrite()`` allowed would wait in host memory (a
    /// buffer drained later): true unless the stream writes through or discards. The guest-facing
    /// `write` refuses such writes (`wasi:io`), so what a stream holds stays bounded.
    var holdsWrites: Bool { get }
}

extension HostOutputStream {
    /// A stream holds what it cannot pass on at once, unless it says otherwise.
    public var holdsWrites: Bool { true }
}

extension HostInputStream {
    /// Skips by reading and discarding.
    public func skip(_ count: Int) throws(StreamError) -> Int { try read(count).count }
}
