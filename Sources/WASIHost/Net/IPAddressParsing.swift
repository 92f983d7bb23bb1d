#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension IPAddress {
    /// Parses an IPv4 dotted quad (`127.0.0.1`) or an IPv6 address (`::1`, optionally in
    /// brackets); nil for anything else (host names included).
    public init?(parsing text: String) {
        var body = Substring(text)
        if body.hasPrefix("[") && body.hasSuffix("]") { body = body.dropFirst().dropLast() }
        guard !body.isEmpty, body.count <= 64 else { return nil }
        let string = String(body)
        var v4 = in_addr()
        if inet_pton(AF_INET, string, &v4) == 1 {
            let host = UInt32(bigEndian: v4.s_addr)
            self = .v4(UInt8(truncatingIfNeeded: host >> 24), UInt8(truncatingIfNeeded: host >> 16),
                       UInt8(truncatingIfNeeded: host >> 8), UInt8(truncatingIfNeeded: host))
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, string, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: v6) { Array($0.prefix(16)) }
        self.init(bytes: bytes)
    }
}
