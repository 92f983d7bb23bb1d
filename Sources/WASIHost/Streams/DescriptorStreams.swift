#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a host descriptor (a pipe, a terminal, a socket, standard input) without blocking:
/// `read` is tried only when `poll` says there is something, so a descriptor in blocking mode
/// works too. Regular files read from their own offset instead (see ``FileInputStream``).
public final class DescriptorInputStream: HostInputStream {
    let fd: Int32
    let owned: Bool
    private var closed = false
    /// What the descriptor belongs to (a socket), kept alive as long as the stream.
    var owner: AnyObject?
    /// A socket's idle limit: a guest waiting longer than it for data fails with `ETIMEDOUT`.
    var idle: IdleWatch?
    private var timedOut = false

    /// Creates a stream over `fd`; an owned descriptor is closed with the stream.
    public init(fd: Int32, owned: Bool) {
        self.fd = fd
        self.owned = owned
    }

    deinit { if owned { close(fd) } }

    public func read(_ count: Int) throws(StreamError) -> [UInt8] {
        if timedOut { throw .failed(IdleWatch.timedOut) }
        if closed { throw .closed }
        guard count > 0 else { return [] }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) > 0 else { return try nothingYet() }
        let n = min(count, 1 << 20)
        var buffer = [UInt8](repeating: 0, count: n)
        let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, n) }
        if got < 0 {
            if errno == EAGAIN || errno == EINTR { return try nothingYet() }
            closed = true
            throw .failed(.last)
        }
        if got == 0 {
            closed = true
            throw .closed
        }
        idle?.progressed()
        buffer.removeSubrange(got...)
        return buffer
    }

    /// No bytes now: none, or the idle limit's failure when the guest has waited too long.
    private func nothingYet() throws(StreamError) -> [UInt8] {
        guard let idle, idle.hasExpired() else { return [] }
        timedOut = true
        closed = true
        throw .failed(IdleWatch.timedOut)
    }

    public func readiness() -> HostPollable {
        if closed { return ReadyPollable() }
        let source = DescriptorPollable(fd: fd, forWriting: false)
        return idle.map { IdlePollable(source, $0) } ?? source
    }
}

/// Writes to a host descriptor (standard output or error, a pipe, a terminal). Bytes the
/// descriptor does not take at once are kept and written when it is writable again, so a
/// guest writing to a full pipe waits on the dispatcher instead of blocking the thread.
/// Descriptors that are always writable (regular files, `/dev/null`) are written directly.
public final class DescriptorOutputStream: HostOutputStream {
    let fd: Int32
    let owned: Bool
    /// What the descriptor belongs to (a socket), kept alive as long as the stream.
    var owner: AnyObject?
    /// Whether the descriptor is a socket: written with `send(MSG_NOSIGNAL)`, so a peer that is
    /// gone is `EPIPE`, never a `SIGPIPE` that would end the host process.
    var isSocket = false
    /// A socket's idle limit: a guest waiting longer than it for room (or a flush) fails with
    /// `ETIMEDOUT`.
    var idle: IdleWatch?
    // Every method reads and writes these directly and calls nothing that could reach them
    // while an access is open, so accesses cannot overlap: the dynamic exclusivity checks
    // (about nine per `blocking-write-and-flush`) are left out.
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    @exclusivity(unchecked) private var failed: SystemError?
    /// The most bytes kept waiting.
    static let capacity = 1 << 20

    /// Creates a stream over `fd`; an owned descriptor is closed with the stream.
    public init(fd: Int32, owned: Bool) {
        self.fd = fd
        self.owned = owned
    }

    deinit {
        drain(blocking: true)
        if owned { close(fd) }
    }

    public func checkWrite() throws(StreamError) -> Int {
        if let e = failed { throw .failed(e) }
        if !buffer.isEmpty { drain(blocking: false) }
        if let e = failed { throw .failed(e) }
        if buffer.isEmpty { return Self.capacity }
        if checkIdle() { throw .failed(IdleWatch.timedOut) }
        return 0
    }

    /// Whether the guest, waiting for bytes to leave the buffer, has waited past the idle
    /// limit (then the stream has failed).
    private func checkIdle() -> Bool {
        guard let idle, failed == nil, !buffer.isEmpty, idle.hasExpired() else { return false }
        failed = IdleWatch.timedOut
        return true
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(StreamError) {
        if let e = failed { throw .failed(e) }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if buffer.isEmpty {
            let n = writeSome(base, bytes.count)
            if let e = failed { throw .failed(e) }
            if n < bytes.count { buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[n...])) }
        } else {
            buffer.append(contentsOf: bytes)
            drain(blocking: false)
        }
    }

    public func flush() throws(StreamError) {
        if let e = failed { throw .failed(e) }
        drain(blocking: false)
        if let e = failed { throw .failed(e) }
    }

    public var isFlushed: Bool { buffer.isEmpty || failed != nil || checkIdle() }

    public func readiness() -> HostPollable {
        let writable = DescriptorPollable(fd: fd, forWriting: true)
        // The pollable holds the stream strongly: a weak reference would give the stream a side
        // table, and every retain and release of it (several per write) would take the runtime's
        // slow path. The stream holds nothing that leads back to the pollable.
        return ConditionPollable(source: idle.map { IdlePollable(writable, $0) } ?? writable) { [self] in
            if !buffer.isEmpty { drain(blocking: false) }
            return isFlushed
        }
    }

    /// Writes what `poll` says the descriptor takes now; returns how many bytes were written.
    /// A descriptor that is not a pipe or socket (a regular file, `/dev/null`, a terminal)
    /// takes everything at once, without the `poll`.
    private func writeSome(_ base: UnsafeRawPointer, _ count: Int) -> Int {
        let pipe = isPipe
        var done = 0
        while done < count {
            if pipe {
                var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                guard poll(&p, 1, 0) > 0 else { break }
            }
            // A pipe reported writable takes at least PIPE_BUF bytes without blocking.
            let chunk = pipe ? min(count - done, Int(PIPE_BUF)) : count - done
            let n = put(base + done, chunk)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { break }
                failed = .last
                break
            }
            if n > 0 { idle?.progressed() }
            done += n
        }
        return done
    }

    /// One `write` (or `send` for a socket).
    private func put(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        isSocket ? Glibc.send(fd, bytes, count, Int32(MSG_NOSIGNAL)) : Glibc.write(fd, bytes, count)
    }

    private lazy var isPipe: Bool = {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFSOCK
    }()

    private func drain(blocking: Bool) {
        guard !buffer.isEmpty, failed == nil else { return }
        // `buffer` is not empty, so it has an address.
        var written = buffer.withUnsafeBytes { bytes in bytes.baseAddress.map { writeSome($0, bytes.count) } ?? 0 }
        if blocking {
            while written < buffer.count && failed == nil {
                let n = buffer.withUnsafeBytes { bytes in
                    bytes.baseAddress.map { put($0 + written, bytes.count - written) } ?? 0
                }
                if n < 0 { if errno == EINTR { continue }; failed = .last; break }
                written += n
            }
        }
        buffer.removeSubrange(0..<written)
    }
}
