import ComponentModel
import Testing
import WASIHost
import WASISockets

@Suite struct PermissionTests {
    @Test func deniedNetworkAnswersAccessDenied() throws {
        let guest = try SocketGuest(network: .denied)
        let net = try guest.network()
        #expect(errorCode(try guest.sockets("tcp-create-socket", "create-tcp-socket", [.enum("ipv4")])) == "access-denied")
        #expect(errorCode(try guest.sockets("udp-create-socket", "create-udp-socket", [.enum("ipv6")])) == "access-denied")
        #expect(errorCode(try guest.sockets("ip-name-lookup", "resolve-addresses", [borrow(net), .string("localhost")])) == "access-denied")
    }

    @Test func oneSocketOverTheLimitIsRefused() throws {
        let limit = 3
        let guest = try SocketGuest(network: NetworkPermissions(allowed: true, maxOpenSockets: limit))
        var held: [ComponentValue] = []
        for _ in 0..<limit { held.append(try guest.createTCP()) }
        #expect(errorCode(try guest.sockets("tcp-create-socket", "create-tcp-socket", [.enum("ipv4")])) == "new-socket-limit")
        #expect(errorCode(try guest.sockets("udp-create-socket", "create-udp-socket", [.enum("ipv4")])) == "new-socket-limit")
        try guest.drop(held.removeLast())
        _ = try guest.createTCP()
    }

    @Test func acceptedConnectionsCountTowardTheLimit() throws {
        let guest = try SocketGuest(network: NetworkPermissions(allowed: true, maxOpenSockets: 1))
        let server = try guest.createTCP()
        _ = try ok(try guest.tcp("start-bind", server, [try guest.network(), wit(SocketAddress(.loopback(.ipv4), port: 0))]))
        _ = try ok(try guest.tcp("finish-bind", server))
        _ = try ok(try guest.tcp("start-listen", server))
        _ = try ok(try guest.tcp("finish-listen", server))
        let bound = try #require(port(try ok(try guest.tcp("local-address", server))))
        let client = try NetSocket.make(.ipv4, .tcp)
        _ = try client.startConnect(SocketAddress(.loopback(.ipv4), port: bound))
        try guest.wait("tcp", "tcp-socket", server)
        #expect(errorCode(try guest.tcp("accept", server)) == "new-socket-limit")
    }
}

@Suite struct NameLookupTests {
    func resolve(_ guest: SocketGuest, _ name: String) throws -> [ComponentValue] {
        let stream = try #require(try ok(try guest.sockets("ip-name-lookup", "resolve-addresses", [borrow(try guest.network()), .string(name)])))
        var found: [ComponentValue] = []
        while true {
            let r = try guest.sockets("ip-name-lookup", "[method]resolve-address-stream.resolve-next-address", [borrow(stream)])
            if errorCode(r) == "would-block" {
                try guest.wait("ip-name-lookup", "resolve-address-stream", stream)
                continue
            }
            guard case .option(let next)? = try ok(r) else { throw GuestError(code: "not an option") }
            guard let next else { return found }
            found.append(next)
        }
    }

    @Test func resolvesLocalhostAndLiterals() throws {
        let guest = try SocketGuest()
        let local = try resolve(guest, "localhost")
        let v4 = ComponentValue.variant(case: "ipv4", payload: .tuple([.u8(127), .u8(0), .u8(0), .u8(1)]))
        let v6 = ComponentValue.variant(case: "ipv6", payload: .tuple([0, 0, 0, 0, 0, 0, 0, 1].map { .u16($0) }))
        #expect(!local.isEmpty)
        #expect(local.contains(v4) || local.contains(v6))
        #expect(try resolve(guest, "127.0.0.1") == [v4])
        #expect(try resolve(guest, "::1") == [v6])
    }

    @Test func malformedNamesAreInvalidArguments() throws {
        let guest = try SocketGuest()
        for name in ["", "exa mple..invalid", "a..b", "http://x", "host:80", "127.0.0.1\u{0}x", "local\u{0}host", "ex\u{e4}mple.com", String(repeating: "a", count: 64) + ".com"] {
            let r = try guest.sockets("ip-name-lookup", "resolve-addresses", [borrow(try guest.network()), .string(name)])
            #expect(errorCode(r) == "invalid-argument", "\(name)")
        }
    }
}
