import ComponentModel
import Testing
import WASIHost
import WASISockets

extension SocketGuest {
    func udp(_ method: String, _ socket: ComponentValue, _ more: [ComponentValue] = []) throws -> ComponentValue? {
        try sockets("udp", "[method]udp-socket.\(method)", [borrow(socket)] + more)
    }
}

@Suite struct UDPTests {
    @Test func datagramRoundTrip() throws {
        let guest = try SocketGuest()
        let peer = try NetSocket.make(.ipv4, .udp)
        try peer.bind(SocketAddress(.loopback(.ipv4), port: 0))
        let peerAddress = try peer.localAddress()

        let socket = try #require(try ok(try guest.sockets("udp-create-socket", "create-udp-socket", [.enum("ipv4")])))
        #expect(errorCode(try guest.udp("stream", socket, [.option(nil)])) == "invalid-state")  // not bound
        _ = try ok(try guest.udp("start-bind", socket, [try guest.network(), wit(SocketAddress(.loopback(.ipv4), port: 0))]))
        _ = try ok(try guest.udp("finish-bind", socket))
        let local = try #require(port(try ok(try guest.udp("local-address", socket))))
        guard case .tuple(let streams)? = try ok(try guest.udp("stream", socket, [.option(wit(peerAddress))])), streams.count == 2 else {
            Issue.record("no datagram streams")
            return
        }
        #expect(port(try ok(try guest.udp("remote-address", socket))) == peerAddress.port)
        let (incoming, outgoing) = (streams[0], streams[1])

        // check-send, then send one datagram to the connected peer.
        let permit = try guest.sockets("udp", "[method]outgoing-datagram-stream.check-send", [borrow(outgoing)])
        guard case .u64(let n)? = try ok(permit) else { throw GuestError(code: "no permit") }
        #expect(n > 0)
        let datagram = ComponentValue.record([("data", .bytes(Array("ping".utf8))), ("remote-address", .option(nil))])
        #expect(try ok(try guest.sockets("udp", "[method]outgoing-datagram-stream.send", [borrow(outgoing), .list([datagram])])) == .u64(1))

        wait(peer.readable(), on: guest.dispatcher)
        let got = try #require(try peer.receive(maxCount: 100))
        #expect(got.bytes == Array("ping".utf8))
        #expect(got.from?.port == local)
        _ = try Array("pong".utf8).withUnsafeBytes { try peer.send($0, to: got.from) }

        try guest.wait("udp", "incoming-datagram-stream", incoming)
        let received = try ok(try guest.sockets("udp", "[method]incoming-datagram-stream.receive", [borrow(incoming), .u64(8)]))
        guard case .list(let items)? = received, case .record(let fields)? = items.first else {
            Issue.record("no datagram received")
            return
        }
        #expect(fields.first?.value == .bytes(Array("pong".utf8)))
        #expect(port(fields.last?.value) == peerAddress.port)
        #expect(try ok(try guest.sockets("udp", "[method]incoming-datagram-stream.receive", [borrow(incoming), .u64(8)])) == .list([]))

        // A second pair of streams needs the first one dropped; then it may disconnect.
        try guest.drop(incoming)
        try guest.drop(outgoing)
        guard case .tuple(let again)? = try ok(try guest.udp("stream", socket, [.option(nil)])) else {
            Issue.record("no second pair of streams")
            return
        }
        #expect(errorCode(try guest.udp("remote-address", socket)) == "invalid-state")
        // Unconnected: a datagram without an address is invalid.
        _ = try guest.sockets("udp", "[method]outgoing-datagram-stream.check-send", [borrow(again[1])])
        #expect(errorCode(try guest.sockets("udp", "[method]outgoing-datagram-stream.send", [borrow(again[1]), .list([datagram])])) == "invalid-argument")
    }
}
