/// Reads an embedder's ``WASIByteBuffer`` (a library call's standard input).
public final class BufferInputStream: HostInputStream {
    let buffer: WASIByteBuffer

    /// Creates a stream reading `buffer`.
    public init(_ buffer: WASIByteBuffer) { self.buffer = buffer }

    public func read(_ count: Int) throws(StreamError) -> [UInt8] {
        guard buffer.remaining > 0 else { throw .closed }
        var out = [UInt8](repeating: 0, count: min(max(count, 0), buffer.remaining))
        let n = out.withUnsafeMutableBytes { buffer.read(into: $0) }
        out.removeSubrange(n...)
        return out
    }

    public func readiness() -> HostPollable { ReadyPollable() }
}

/// Appends to an embedder's ``WASIByteBuffer`` (a library call's standard output or error).
public final class BufferOutputStream: HostOutputStream {
    let buffer: WASIByteBuffer

    /// Creates a stream appending to `buffer`.
    public init(_ buffer: WASIByteBuffer) { self.buffer = buffer }

    public func checkWrite() throws(StreamError) -> Int { 1 << 20 }
    public func write(_ bytes: UnsafeRawBufferPointer) throws(StreamError) { buffer.write(bytes) }
    public func flush() throws(StreamError) {}
    public var isFlushed: Bool { true }
    public func readiness() -> HostPollable { ReadyPollable() }
}

/// Reads nothing (end of input at once) or discards what is written.
public final class NullStream: HostInputStream, HostOutputStream {
    /// Creates one.
    public init() {}
    public func read(_ count: Int) throws(StreamError) -> [UInt8] { throw .closed }
    public func checkWrite() throws(StreamError) -> Int { 1 << 20 }
    public func write(_ bytes: UnsafeRawBufferPointer) throws(StreamError) {}
    /// Writes are discarded.
    public var holdsWrites: Bool { false }
    public func flush() throws(StreamError) {}
    public var isFlushed: Bool { true }
    public func readiness() -> HostPollable { ReadyPollable() }
}

extension WASIStream {
    /// An input stream reading this standard stream.
    public func makeInputStream() -> HostInputStream {
        switch self {
        case .host(let fd): return DescriptorInputStream(fd: fd, owned: false)
        case .buffer(let b): return BufferInputStream(b)
        case .null: return NullStream()
        }
    }

    /// An output stream writing this standard stream.
    public func makeOutputStream() -> HostOutputStream {
        switch self {
        case .host(let fd): return DescriptorOutputStream(fd: fd, owned: false)
        case .buffer(let b): return BufferOutputStream(b)
        case .null: return NullStream()
        }
    }
}
