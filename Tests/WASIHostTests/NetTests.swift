import Testing
@testable import WASIHost

/// Waits on `dispatcher` until `pollable` is ready.
private func wait(_ pollable: HostPollable, on dispatcher: Dispatcher) {
    var done = false
    _ = pollable.whenReady(on: dispatcher) { done = true }
    dispatcher.run { done }
}

@Suite struct NetLayerTests {
    @Test func addressesParseAndPrint() {
        #expect(IPAddress(parsing: "127.0.0.1") == .v4(127, 0, 0, 1))
        #expect(IPAddress(parsing: "::1") == .v6(0, 0, 0, 0, 0, 0, 0, 1))
        #expect(IPAddress(parsing: "[::ffff:1.2.3.4]")?.isIPv4Mapped == true)
        #expect(IPAddress(parsing: "localhost") == nil)
        #expect(IPAddress(parsing: "1.2.3") == nil)
        #expect(SocketAddress(.v4(10, 0, 0, 1), port: 80).description == "10.0.0.1:80")
    }

    @Test func tcpConnectAcceptEcho() throws {
        let dispatcher = try Dispatcher()
        let listener = try NetSocket.make(.ipv4, .tcp)
        try listener.bind(SocketAddress(.loopback(.ipv4), port: 0))
        try listener.listen(backlog: 4)
        let address = try listener.localAddress()
        #expect(address.port != 0)

        let client = try NetSocket.make(.ipv4, .tcp)
        if try !client.startConnect(address) {
            wait(client.writable(), on: dispatcher)
            #expect(try client.finishConnect())
        }
        wait(listener.readable(), on: dispatcher)
        let accepted = try #require(try listener.accept())
        #expect(accepted.remote == (try client.localAddress()))

        let out = client.makeOutputStream()
        try [UInt8]("ping".utf8).withUnsafeBytes { try out.write($0) }
        try out.flush()
        let input = accepted.socket.makeInputStream()
        wait(input.readiness(), on: dispatcher)
        #expect(try input.read(100) == Array("ping".utf8))

        try client.shutdown(.send)
        wait(input.readiness(), on: dispatcher)
        #expect(throws: StreamError.self) { try input.read(100) }
    }

    @Test func connectToClosedPortIsRefused() throws {
        let dispatcher = try Dispatcher()
        let probe = try NetSocket.make(.ipv4, .tcp)
        try probe.bind(SocketAddress(.loopback(.ipv4), port: 0))
        let address = try probe.localAddress()  // bound, not listening: connections are refused
        let client = try NetSocket.make(.ipv4, .tcp)
        do {
            if try !client.startConnect(address) {
                wait(client.writable(), on: dispatcher)
                _ = try client.finishConnect()
            }
            Issue.record("connect succeeded")
        } catch {
            #expect(error == .connectionRefused)
        }
    }

    @Test func udpRoundTrip() throws {
        let dispatcher = try Dispatcher()
        let a = try NetSocket.make(.ipv4, .udp)
        try a.bind(SocketAddress(.loopback(.ipv4), port: 0))
        let b = try NetSocket.make(.ipv4, .udp)
        try b.bind(SocketAddress(.loopback(.ipv4), port: 0))
        let sent = try [UInt8]("hello".utf8).withUnsafeBytes { try b.send($0, to: try a.localAddress()) }
        #expect(sent == 5)
        wait(a.readable(), on: dispatcher)
        let got = try #require(try a.receive(maxCount: 64))
        #expect(got.bytes == Array("hello".utf8))
        #expect(got.from == (try b.localAddress()))
        #expect(try a.receive(maxCount: 64) == nil)
    }

    @Test func resolverAnswersOnTheDispatcher() throws {
        let dispatcher = try Dispatcher()
        let lookup = NameResolver.shared.lookup("localhost", on: dispatcher)
        wait(lookup, on: dispatcher)
        let addresses = try #require(try lookup.result?.get())
        #expect(addresses.contains { $0 == .loopback(.ipv4) || $0 == .loopback(.ipv6) })
        let literal = NameResolver.shared.lookup("::1", on: dispatcher)
        #expect(try literal.result?.get() == [.loopback(.ipv6)])
    }

    @Test func sessionDeniesAndLimits() throws {
        let session = WASISession(context: WASIContext(), dispatcher: try Dispatcher())
        #expect(throws: NetworkError.accessDenied) { try session.openSocket(.ipv4, .tcp) }
        session.network = NetworkPermissions(allowed: true, maxOpenSockets: 2)
        var held = [try session.openSocket(.ipv4, .tcp), try session.openSocket(.ipv4, .udp)]
        #expect(session.openSocketCount == 2)
        #expect(throws: NetworkError.newSocketLimit) { try session.openSocket(.ipv4, .tcp) }
        held.removeAll()
        #expect(session.openSocketCount == 0)
        _ = try session.openSocket(.ipv6, .tcp)
    }
}
