#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a file from an offset of its own (`descriptor.read-via-stream`): `pread`, so the
/// descriptor's other users are not disturbed. Files are always ready.
public final class FileInputStream: HostInputStream {
    let file: SharedDescriptor
    private var offset: UInt64
    private var closed = false

    /// Creates a stream reading `file` from `offset`.
    public init(file: SharedDescriptor, offset: UInt64) {
        self.file = file
        self.offset = offset
    }

    public func read(_ count: Int) throws(StreamError) -> [UInt8] {
        if closed { throw .closed }
        let n = min(max(count, 0), 1 << 22)
        guard n > 0 else { return [] }
        guard offset <= UInt64(Int64.max) else { throw .failed(.posix(EINVAL)) }
        var buffer = [UInt8](repeating: 0, count: n)
        var got = 0
        while true {
            got = buffer.withUnsafeMutableBytes { pread(file.fd, $0.baseAddress, n, off_t(offset)) }
            if got < 0 && errno == EINTR { continue }
            break
        }
        if got < 0 { throw .failed(.last) }
        if got == 0 {
            closed = true
            throw .closed
        }
        offset += UInt64(got)
        buffer.removeSubrange(got...)
        return buffer
    }

    public func readiness() -> HostPollable { ReadyPollable() }
}

/// Writes a file at an offset of its own, or at its end (`write-via-stream`,
/// `append-via-stream`). Files are always ready.
public final class FileOutputStream: HostOutputStream {
    let file: SharedDescriptor
    private var offset: UInt64
    let append: Bool

    /// Creates a stream writing `file` at `offset`, or at the end when `append`.
    public init(file: SharedDescriptor, offset: UInt64, append: Bool) {
        self.file = file
        self.offset = offset
        self.append = append
    }

    public func checkWrite() throws(StreamError) -> Int { 1 << 20 }
    /// Writes go to the file before `write` returns.
    public var holdsWrites: Bool { false }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(StreamError) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            if append {
                var info = stat()
                guard fstat(file.fd, &info) == 0 else { throw .failed(.last) }
                offset = UInt64(info.st_size)
            }
            guard offset <= UInt64(Int64.max) else { throw .failed(.posix(EFBIG)) }
            let n = pwrite(file.fd, base + done, bytes.count - done, off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw .failed(.last)
            }
            done += n
            offset += UInt64(n)
        }
    }

    public func flush() throws(StreamError) {}
    public var isFlushed: Bool { true }
    public func readiness() -> HostPollable { ReadyPollable() }
}

/// A host descriptor shared by a WASI descriptor and the streams made from it: it is closed
/// when the last of them goes.
public final class SharedDescriptor {
    /// The host descriptor.
    public let fd: Int32
    let owned: Bool

    /// Wraps `fd`; an owned descriptor is closed when this object goes.
    public init(fd: Int32, owned: Bool = true) {
        self.fd = fd
        self.owned = owned
    }

    deinit { if owned { close(fd) } }
}
