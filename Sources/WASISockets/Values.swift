import ComponentModel
import WASIHost
import WASIIO

/// Conversions between the WIT values of `wasi:sockets/network` and the network layer's types.
enum SocketValues {
    static func family(_ family: AddressFamily) -> ComponentValue {
        .enum(family == .ipv4 ? "ipv4" : "ipv6")
    }

    static func family(_ value: ComponentValue) throws -> AddressFamily {
        switch value {
        case .enum("ipv4"): return .ipv4
        case .enum("ipv6"): return .ipv6
        default: throw HostArgumentError("expected an ip-address-family")
        }
    }

    static func address(_ address: IPAddress) -> ComponentValue {
        switch address {
        case .v4(let a, let b, let c, let d):
            return .variant(case: "ipv4", payload: .tuple([.u8(a), .u8(b), .u8(c), .u8(d)]))
        case .v6(let a, let b, let c, let d, let e, let f, let g, let h):
            return .variant(case: "ipv6", payload: .tuple([a, b, c, d, e, f, g, h].map { .u16($0) }))
        }
    }

    static func socketAddress(_ address: SocketAddress) -> ComponentValue {
        switch address.address {
        case .v4:
            guard case .variant(_, let tuple?) = Self.address(address.address) else { return .variant(case: "ipv4", payload: nil) }
            return .variant(case: "ipv4", payload: .record([("port", .u16(address.port)), ("address", tuple)]))
        case .v6:
            guard case .variant(_, let tuple?) = Self.address(address.address) else { return .variant(case: "ipv6", payload: nil) }
            return .variant(case: "ipv6", payload: .record([
                ("port", .u16(address.port)), ("flow-info", .u32(address.flowInfo)),
                ("address", tuple), ("scope-id", .u32(address.scopeID)),
            ]))
        }
    }

    static func socketAddress(_ value: ComponentValue) throws -> SocketAddress {
        guard case .variant(let which, .record(let fields)?) = value else { throw HostArgumentError("expected an ip-socket-address") }
        func field(_ name: String) throws -> ComponentValue {
            guard let f = fields.first(where: { $0.label == name }) else { throw HostArgumentError("ip-socket-address lacks `\(name)`") }
            return f.value
        }
        guard case .u16(let port) = try field("port"), case .tuple(let parts) = try field("address") else {
            throw HostArgumentError("malformed ip-socket-address")
        }
        switch which {
        case "ipv4":
            var b: [UInt8] = []
            for p in parts { if case .u8(let x) = p { b.append(x) } }
            guard b.count == 4, let a = IPAddress(bytes: b) else { throw HostArgumentError("malformed ipv4-address") }
            return SocketAddress(a, port: port)
        case "ipv6":
            var b: [UInt8] = []
            for p in parts {
                if case .u16(let x) = p { b.append(UInt8(truncatingIfNeeded: x >> 8)); b.append(UInt8(truncatingIfNeeded: x)) }
            }
            guard b.count == 16, let a = IPAddress(bytes: b) else { throw HostArgumentError("malformed ipv6-address") }
            guard case .u32(let flow) = try field("flow-info"), case .u32(let scope) = try field("scope-id") else {
                throw HostArgumentError("malformed ipv6-socket-address")
            }
            return SocketAddress(a, port: port, flowInfo: flow, scopeID: scope)
        default:
            throw HostArgumentError("expected an ip-socket-address")
        }
    }
}

/// The address checks `wasi:sockets` makes before touching the system (as wasmtime does).
enum AddressRules {
    /// Whether `address` may be used with a socket of `family`: the same family, and on IPv6
    /// no IPv4-mapped (`::ffff:a.b.c.d`) or deprecated IPv4-compatible (`::a.b.c.d`) address.
    static func fits(_ address: IPAddress, _ family: AddressFamily) -> Bool {
        guard address.family == family else { return false }
        if address.isIPv4Mapped { return false }
        if case .v6(0, 0, 0, 0, 0, 0, let g, let h) = address, !(g == 0 && (h == 0 || h == 1)) { return false }
        return true
    }

    /// Not multicast, not broadcast.
    static func isUnicast(_ address: IPAddress) -> Bool { !address.isMulticast && !address.isBroadcast }

    /// A remote address: not unspecified, port not 0.
    static func isValidRemote(_ address: SocketAddress) -> Bool {
        !address.address.isUnspecified && address.port != 0
    }
}
