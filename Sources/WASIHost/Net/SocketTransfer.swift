#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Which directions ``NetSocket/shutdown(_:)`` closes.
public enum ShutdownDirection: Sendable, Hashable {
    /// No more receiving.
    case receive
    /// No more sending (the peer reads end of stream).
    case send
    /// Both.
    case both
}

extension NetSocket {
    /// Sends bytes (to `destination` for an unconnected UDP socket); returns how many were
    /// sent, or nil when the socket cannot take any now (wait for ``writable()``).
    public func send(_ bytes: UnsafeRawBufferPointer, to destination: SocketAddress? = nil) throws(NetworkError) -> Int? {
        let flags = Int32(MSG_NOSIGNAL)
        let n: Int
        if let destination {
            try check(destination)
            n = destination.withSockaddr { sa, len in
                retryingOnInterrupt { sendto(fd, bytes.baseAddress, bytes.count, flags, sa, len) }
            }
        } else {
            n = retryingOnInterrupt { Glibc.send(fd, bytes.baseAddress, bytes.count, flags) }
        }
        if n < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw .last
        }
        return n
    }

    /// Receives up to `maxCount` bytes (one datagram for UDP, truncated to `maxCount`) and the
    /// sender's address; nil when nothing is waiting (wait for ``readable()``). An empty
    /// result on TCP is the end of the stream.
    public func receive(maxCount: Int) throws(NetworkError) -> (bytes: [UInt8], from: SocketAddress?)? {
        let capacity = max(0, min(maxCount, 1 << 20))
        var buffer = [UInt8](repeating: 0, count: max(capacity, 1))
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let n = buffer.withUnsafeMutableBytes { out in
            withUnsafeMutablePointer(to: &storage) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                    retryingOnInterrupt { recvfrom(fd, out.baseAddress, capacity, 0, sa, &length) }
                }
            }
        }
        if n < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw .last
        }
        buffer.removeSubrange(n...)
        return (buffer, length > 0 ? SocketAddress(storage: storage) : nil)
    }

    /// Connects a UDP socket to `destination` (later sends without an address go there and
    /// only its datagrams are received), or removes the connection with nil.
    public func setPeer(_ destination: SocketAddress?) throws(NetworkError) {
        if let destination {
            guard try startConnect(destination) else { throw .wouldBlock }
            return
        }
        var unspec = sockaddr()
        unspec.sa_family = sa_family_t(AF_UNSPEC)
        let r = connect(fd, &unspec, socklen_t(MemoryLayout<sockaddr>.size))
        // Disconnecting an unconnected socket is fine.
        if r != 0 && errno != EAFNOSUPPORT && errno != ENOTCONN { throw .last }
    }

    /// Shuts one or both directions of a connected socket down.
    public func shutdown(_ direction: ShutdownDirection) throws(NetworkError) {
        let how: Int32
        switch direction {
        case .receive: how = Int32(SHUT_RD)
        case .send: how = Int32(SHUT_WR)
        case .both: how = Int32(SHUT_RDWR)
        }
        guard Glibc.shutdown(fd, how) == 0 else { throw .last }
    }

    /// An input stream over the connected socket; it keeps the socket alive. With an
    /// `idleTimeout` (nanoseconds), a guest that waits that long for data that does not come
    /// gets `last-operation-failed` (`ETIMEDOUT`, the `timeout` error-code).
    public func makeInputStream(idleTimeout: UInt64? = nil) -> HostInputStream {
        let s = DescriptorInputStream(fd: fd, owned: false)
        s.owner = self
        s.idle = idleTimeout.map(IdleWatch.init(limit:))
        return s
    }

    /// An output stream over the connected socket; it keeps the socket alive. With an
    /// `idleTimeout` (nanoseconds), a guest that waits that long for a peer that takes no
    /// bytes gets `last-operation-failed` (`ETIMEDOUT`, the `timeout` error-code).
    public func makeOutputStream(idleTimeout: UInt64? = nil) -> HostOutputStream {
        let s = DescriptorOutputStream(fd: fd, owned: false)
        s.owner = self
        s.isSocket = true
        s.idle = idleTimeout.map(IdleWatch.init(limit:))
        return s
    }
}
