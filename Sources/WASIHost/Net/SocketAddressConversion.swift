#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension AddressFamily {
    /// `AF_INET` or `AF_INET6`.
    var systemValue: Int32 { self == .ipv4 ? AF_INET : AF_INET6 }
}

extension SocketAddress {
    /// Calls `body` with this address as a `sockaddr_in` or `sockaddr_in6` and its length.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch address {
        case .v4:
            var raw = sockaddr_in()
            raw.sin_family = sa_family_t(AF_INET)
            raw.sin_port = port.bigEndian
            let b = address.bytes
            raw.sin_addr.s_addr = (UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])).bigEndian
            return withUnsafePointer(to: &raw) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6:
            var raw = sockaddr_in6()
            raw.sin6_family = sa_family_t(AF_INET6)
            raw.sin6_port = port.bigEndian
            raw.sin6_flowinfo = flowInfo.bigEndian
            raw.sin6_scope_id = scopeID
            let b = address.bytes
            withUnsafeMutableBytes(of: &raw.sin6_addr) { out in
                for i in 0..<min(16, out.count) { out[i] = b[i] }
            }
            return withUnsafePointer(to: &raw) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    /// The address in a `sockaddr_storage` the kernel filled in; nil for another family.
    init?(storage: sockaddr_storage) {
        var copy = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let raw = withUnsafeBytes(of: &copy) { $0.loadUnaligned(as: sockaddr_in.self) }
            let host = UInt32(bigEndian: raw.sin_addr.s_addr)
            self.init(.v4(UInt8(truncatingIfNeeded: host >> 24), UInt8(truncatingIfNeeded: host >> 16),
                          UInt8(truncatingIfNeeded: host >> 8), UInt8(truncatingIfNeeded: host)),
                      port: UInt16(bigEndian: raw.sin_port))
        case AF_INET6:
            let raw = withUnsafeBytes(of: &copy) { $0.loadUnaligned(as: sockaddr_in6.self) }
            var b = [UInt8](repeating: 0, count: 16)
            withUnsafeBytes(of: raw.sin6_addr) { src in
                for i in 0..<min(16, src.count) { b[i] = src[i] }
            }
            guard let address = IPAddress(bytes: b) else { return nil }
            self.init(address, port: UInt16(bigEndian: raw.sin6_port),
                      flowInfo: UInt32(bigEndian: raw.sin6_flowinfo), scopeID: raw.sin6_scope_id)
        default:
            return nil
        }
    }
}
