/// An IP address family.
public enum AddressFamily: Sendable, Hashable {
    /// IPv4.
    case ipv4
    /// IPv6.
    case ipv6
}

/// An IPv4 or IPv6 address.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, most significant byte first (`127.0.0.1` is `(127, 0, 0, 1)`).
    case v4(UInt8, UInt8, UInt8, UInt8)
    /// An IPv6 address as eight 16-bit groups, most significant first (`::1` ends in `1`).
    case v6(UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16)

    /// The family of the address.
    public var family: AddressFamily {
        switch self {
        case .v4: return .ipv4
        case .v6: return .ipv6
        }
    }

    /// `0.0.0.0` or `::` (the unspecified address of `family`).
    public static func unspecified(_ family: AddressFamily) -> IPAddress {
        family == .ipv4 ? .v4(0, 0, 0, 0) : .v6(0, 0, 0, 0, 0, 0, 0, 0)
    }

    /// The loopback address of `family` (`127.0.0.1` or `::1`).
    public static func loopback(_ family: AddressFamily) -> IPAddress {
        family == .ipv4 ? .v4(127, 0, 0, 1) : .v6(0, 0, 0, 0, 0, 0, 0, 1)
    }

    /// Whether it is `0.0.0.0` or `::`.
    public var isUnspecified: Bool { self == .unspecified(family) }

    /// Whether it is a multicast address (`224.0.0.0/4` or `ff00::/8`).
    public var isMulticast: Bool {
        switch self {
        case .v4(let a, _, _, _): return a & 0xF0 == 0xE0
        case .v6(let a, _, _, _, _, _, _, _): return a & 0xFF00 == 0xFF00
        }
    }

    /// Whether it is the limited broadcast address `255.255.255.255`.
    public var isBroadcast: Bool { self == .v4(255, 255, 255, 255) }

    /// Whether it is an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`).
    public var isIPv4Mapped: Bool {
        if case .v6(0, 0, 0, 0, 0, 0xFFFF, _, _) = self { return true }
        return false
    }

    /// The 16 bytes of an IPv6 address, or the 4 of an IPv4 one, in network order.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let a, let b, let c, let d): return [a, b, c, d]
        case .v6(let a, let b, let c, let d, let e, let f, let g, let h):
            var out: [UInt8] = []
            out.reserveCapacity(16)
            for group in [a, b, c, d, e, f, g, h] {
                out.append(UInt8(truncatingIfNeeded: group >> 8))
                out.append(UInt8(truncatingIfNeeded: group))
            }
            return out
        }
    }

    /// The address of 4 (IPv4) or 16 (IPv6) bytes in network order; nil for another count.
    public init?(bytes: [UInt8]) {
        if bytes.count == 4 {
            self = .v4(bytes[0], bytes[1], bytes[2], bytes[3])
        } else if bytes.count == 16 {
            var g = [UInt16](repeating: 0, count: 8)
            for i in 0..<8 { g[i] = UInt16(bytes[2 * i]) << 8 | UInt16(bytes[2 * i + 1]) }
            self = .v6(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7])
        } else {
            return nil
        }
    }

    /// Dotted quad for IPv4; colon-separated hexadecimal groups for IPv6 (not compressed).
    public var description: String {
        switch self {
        case .v4(let a, let b, let c, let d): return "\(a).\(b).\(c).\(d)"
        case .v6(let a, let b, let c, let d, let e, let f, let g, let h):
            return [a, b, c, d, e, f, g, h].map { String($0, radix: 16) }.joined(separator: ":")
        }
    }
}

/// An IP address with a port (and, for IPv6, flow information and a scope).
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address.
    public var address: IPAddress
    /// The port.
    public var port: UInt16
    /// IPv6 flow information (0 for IPv4).
    public var flowInfo: UInt32
    /// IPv6 scope ID (0 for IPv4).
    public var scopeID: UInt32

    /// Creates one.
    public init(_ address: IPAddress, port: UInt16, flowInfo: UInt32 = 0, scopeID: UInt32 = 0) {
        self.address = address
        self.port = port
        self.flowInfo = flowInfo
        self.scopeID = scopeID
    }

    /// The family of the address.
    public var family: AddressFamily { address.family }

    /// `address:port`, or `[address]:port` for IPv6.
    public var description: String {
        address.family == .ipv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }
}
