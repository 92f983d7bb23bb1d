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

    /// Creates a stream over `fd`; an owned descriptor is closed with the stream.
    public init(fd: Int32, owned: Bool) {
        self.fd = fd
        self.owned = owned
    }

    deinit { if owned { close(fd) } }

    public func read(_ count: Int) throws(StreamError) -> [UInt8] {
        if closed { throw .closed }
        guard count > 0 else { return [] }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) > 0 else { return [] }
        let n = min(count, 1 << 20)
        var buffer = [UInt8](repeating: 0, count: n)
        let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, n) }
        if got < 0 {
            if errno == EAGAIN || errno == EINTR { return [] }
            closed = true
            throw .failed(.last)
        }
        if got == 0 {
            closed = true
            throw .closed
        }
        buffer.removeSubrange(got...)
        return buffer
    }

    public func readiness() -> HostPollable {
        closed ? ReadyPollable() : DescriptorPollable(fd: fd, forWriting: false)
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
    private var buffer: [UInt8] = []
    private var failed: SystemError?
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
        return buffer.isEmpty ? Self.capacity : 0
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

    public var isFlushed: Bool { buffer.isEmpty || failed != nil }

    public func readiness() -> HostPollable {
        ConditionPollable(source: DescriptorPollable(fd: fd, forWriting: true)) { [weak self] in
            guard let self else { return true }
            if !self.buffer.isEmpty { self.drain(blocking: false) }
            return self.isFlushed
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
            let n = Glibc.write(fd, base + done, chunk)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { break }
                failed = .last
                break
            }
            done += n
        }
        return done
    }

    private lazy var isPipe: Bool = {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFSOCK
    }()

    private func drain(blocking: Bool) {
        guard !buffer.isEmpty, failed == nil else { return }
        var written = buffer.withUnsafeBytes { writeSome($0.baseAddress!, $0.count) }
        if blocking {
            while written < buffer.count && failed == nil {
                let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
                if n < 0 { if errno == EINTR { continue }; failed = .last; break }
                written += n
            }
        }
        buffer.removeSubrange(0..<written)
    }
}
