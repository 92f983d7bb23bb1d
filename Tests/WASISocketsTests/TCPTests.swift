import ComponentModel
import Testing
import WASIHost
import WASISockets

/// A guest-side TCP socket: its handle and, once connected, its streams.
struct GuestConnection {
    let socket: ComponentValue
    let input: ComponentValue
    let output: ComponentValue
}

extension SocketGuest {
    func createTCP(_ family: String = "ipv4") throws -> ComponentValue {
        try #require(try ok(try sockets("tcp-create-socket", "create-tcp-socket", [.enum(family)])))
    }

    func tcp(_ method: String, _ socket: ComponentValue, _ more: [ComponentValue] = []) throws -> ComponentValue? {
        try sockets("tcp", "[method]tcp-socket.\(method)", [borrow(socket)] + more)
    }

    /// start-connect, then finish-connect until it stops answering would-block (waiting on
    /// subscribe in between).
    func connect(_ socket: ComponentValue, to address: SocketAddress) throws -> GuestConnection {
        _ = try ok(try tcp("start-connect", socket, [try network(), wit(address)]))
        while true {
            let r = try tcp("finish-connect", socket)
            if errorCode(r) == "would-block" {
                try wait("tcp", "tcp-socket", socket)
                continue
            }
            guard case .tuple(let streams)? = try ok(r), streams.count == 2 else { throw GuestError(code: "bad streams") }
            return GuestConnection(socket: socket, input: streams[0], output: streams[1])
        }
    }

    func write(_ connection: GuestConnection, _ text: String) throws {
        _ = try ok(try call("io", "streams", "[method]output-stream.blocking-write-and-flush", [borrow(connection.output), .bytes(Array(text.utf8))]))
    }

    func read(_ connection: GuestConnection) throws -> ComponentValue? {
        try call("io", "streams", "[method]input-stream.blocking-read", [borrow(connection.input), .u64(100)])
    }
}

@Suite struct TCPTests {
    @Test func connectsAndEchoesThroughTheGroup() throws {
        let guest = try SocketGuest()
        let (listener, address) = try loopbackListener()
        let connection = try guest.connect(try guest.createTCP(), to: address)
        wait(listener.readable(), on: guest.dispatcher)
        let (peer, _) = try #require(try listener.accept())

        try guest.write(connection, "ping")
        let peerIn = peer.makeInputStream(), peerOut = peer.makeOutputStream()
        wait(peerIn.readiness(), on: guest.dispatcher)
        let got = try peerIn.read(100)
        #expect(got == Array("ping".utf8))
        try got.withUnsafeBytes { try peerOut.write($0) }
        #expect(try ok(try guest.read(connection)) == .bytes(Array("ping".utf8)))

        #expect(port(try ok(try guest.tcp("remote-address", connection.socket))) == address.port)
        #expect(try guest.tcp("is-listening", connection.socket) == .bool(false))
        // shutdown(send): the peer reads the end; closing the peer ends the guest's input.
        _ = try ok(try guest.tcp("shutdown", connection.socket, [.enum("send")]))
        wait(peerIn.readiness(), on: guest.dispatcher)
        #expect(throws: StreamError.self) { try peerIn.read(100) }
        _ = consume peer
        _ = consume peerOut
        _ = consume peerIn
        let end = try guest.read(connection)
        #expect(end == .err(.variant(case: "closed", payload: nil)))

        // The streams are children of the socket: it is dropped after them.
        #expect(throws: (any Error).self) { try guest.drop(connection.socket) }
        try guest.drop(connection.input)
        try guest.drop(connection.output)
        try guest.drop(connection.socket)
        #expect(guest.session.openSocketCount == 0)
    }

    @Test func shutdownAfterAWriteSendsEverythingFirst() throws {
        let guest = try SocketGuest()
        let (listener, address) = try loopbackListener()
        try listener.setReceiveBufferSize(4096)  // the accepted socket inherits it
        let socket = try guest.createTCP()
        _ = try ok(try guest.tcp("set-send-buffer-size", socket, [.u64(4096)]))
        let connection = try guest.connect(socket, to: address)
        wait(listener.readable(), on: guest.dispatcher)
        let (peer, _) = try #require(try listener.accept())

        // One non-blocking write of 1 MiB: the kernel takes a little, the stream keeps the rest.
        let size = 1 << 20
        guard case .u64(let permit)? = try ok(try guest.call("io", "streams", "[method]output-stream.check-write", [borrow(connection.output)])) else {
            throw GuestError(code: "no permit")
        }
        #expect(permit >= UInt64(size))
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 % 251) }
        _ = try ok(try guest.call("io", "streams", "[method]output-stream.write", [borrow(connection.output), .bytes(bytes)]))
        _ = try ok(try guest.tcp("shutdown", connection.socket, [.enum("send")]))

        // Read to the end; a peer that hears nothing for 10 s ends the test instead of hanging it.
        var received: [UInt8] = []
        while true {
            let quiet = DeadlinePollable(deadline: Dispatcher.now() + 10_000_000_000)
            wait(EitherPollable(peer.readable(), quiet), on: guest.dispatcher)
            guard let got = try peer.receive(maxCount: 65536) else {
                if quiet.isReady() { break }
                continue
            }
            if got.bytes.isEmpty { break }
            received += got.bytes
        }
        #expect(received.count == size)
        #expect(received.elementsEqual(bytes))  // a Bool: a failure prints no 1 MiB diff
    }

    @Test func writingToAClosedPeerIsAnErrorNotASignal() throws {
        let guest = try SocketGuest()
        let (listener, address) = try loopbackListener()
        let connection = try guest.connect(try guest.createTCP(), to: address)
        wait(listener.readable(), on: guest.dispatcher)
        do {
            let (peer, _) = try #require(try listener.accept())
            _ = peer  // closed at the end of this scope
        }
        // The first writes may still be taken; once the peer's reset is back, writing fails with
        // EPIPE/ECONNRESET (and no SIGPIPE ends this process).
        var failure: ComponentValue?
        for _ in 0..<50 where failure == nil {
            let r = try guest.call("io", "streams", "[method]output-stream.blocking-write-and-flush", [borrow(connection.output), .bytes([1, 2, 3])])
            if case .result(false, let payload)? = r { failure = payload }
            var tick = false
            guest.dispatcher.addTimer(deadline: Dispatcher.now() + 1_000_000) { tick = true }
            guest.dispatcher.run { tick }
        }
        guard case .variant("last-operation-failed", let error?)? = failure else {
            Issue.record("writing to a closed peer did not fail: \(String(describing: failure))")
            return
        }
        let code = try guest.sockets("network", "network-error-code", [borrow(error)])
        #expect(code == .option(.enum("connection-reset")))
    }

    @Test func listensAndAccepts() throws {
        let guest = try SocketGuest()
        let server = try guest.createTCP()
        _ = try ok(try guest.tcp("start-bind", server, [try guest.network(), wit(SocketAddress(.loopback(.ipv4), port: 0))]))
        _ = try ok(try guest.tcp("finish-bind", server))
        _ = try ok(try guest.tcp("set-listen-backlog-size", server, [.u64(4)]))
        _ = try ok(try guest.tcp("start-listen", server))
        _ = try ok(try guest.tcp("finish-listen", server))
        #expect(try guest.tcp("is-listening", server) == .bool(true))
        let bound = try #require(port(try ok(try guest.tcp("local-address", server))))
        #expect(errorCode(try guest.tcp("accept", server)) == "would-block")

        let client = try NetSocket.make(.ipv4, .tcp)
        _ = try client.startConnect(SocketAddress(.loopback(.ipv4), port: bound))
        try guest.wait("tcp", "tcp-socket", server)
        guard case .tuple(let parts)? = try ok(try guest.tcp("accept", server)), parts.count == 3 else {
            Issue.record("accept gave no socket and streams")
            return
        }
        let accepted = GuestConnection(socket: parts[0], input: parts[1], output: parts[2])
        #expect(port(try ok(try guest.tcp("remote-address", accepted.socket))) == (try client.localAddress()).port)
        try guest.write(accepted, "hello")
        wait(client.readable(), on: guest.dispatcher)
        #expect(try client.receive(maxCount: 100)?.bytes == Array("hello".utf8))
        #expect(guest.session.openSocketCount == 2)
    }

    @Test func connectingToAClosedPortIsRefused() throws {
        let guest = try SocketGuest()
        let probe = try NetSocket.make(.ipv4, .tcp)
        try probe.bind(SocketAddress(.loopback(.ipv4), port: 0))
        let closed = try probe.localAddress()  // bound but not listening
        #expect(throws: GuestError(code: "connection-refused")) { try guest.connect(try guest.createTCP(), to: closed) }
    }

    @Test func ipv6Loopback() throws {
        guard let (listener, address) = try? loopbackListener(.ipv6) else { return }  // no IPv6 here
        let guest = try SocketGuest()
        let socket = try guest.createTCP("ipv6")
        #expect(try guest.tcp("address-family", socket) == .enum("ipv6"))
        let connection = try guest.connect(socket, to: address)
        wait(listener.readable(), on: guest.dispatcher)
        let (peer, remote) = try #require(try listener.accept())
        #expect(remote.address == .loopback(.ipv6))
        try guest.write(connection, "six")
        wait(peer.readable(), on: guest.dispatcher)
        #expect(try peer.receive(maxCount: 10)?.bytes == Array("six".utf8))
    }

    @Test func stateMachineErrors() throws {
        let guest = try SocketGuest()
        let net = try guest.network()
        let socket = try guest.createTCP()
        let any4 = wit(SocketAddress(.loopback(.ipv4), port: 0))
        #expect(errorCode(try guest.tcp("finish-bind", socket)) == "not-in-progress")
        #expect(errorCode(try guest.tcp("finish-connect", socket)) == "not-in-progress")
        #expect(errorCode(try guest.tcp("finish-listen", socket)) == "not-in-progress")
        #expect(errorCode(try guest.tcp("start-listen", socket)) == "invalid-state")
        #expect(errorCode(try guest.tcp("accept", socket)) == "invalid-state")
        #expect(errorCode(try guest.tcp("local-address", socket)) == "invalid-state")
        #expect(errorCode(try guest.tcp("remote-address", socket)) == "invalid-state")
        #expect(errorCode(try guest.tcp("shutdown", socket, [.enum("both")])) == "invalid-state")
        #expect(errorCode(try guest.tcp("set-listen-backlog-size", socket, [.u64(0)])) == "invalid-argument")
        #expect(errorCode(try guest.tcp("set-hop-limit", socket, [.u8(0)])) == "invalid-argument")
        #expect(errorCode(try guest.tcp("set-keep-alive-count", socket, [.u32(0)])) == "invalid-argument")
        // Wrong family, port 0 and the unspecified address are invalid remotes.
        let six = wit(SocketAddress(.loopback(.ipv6), port: 80))
        #expect(errorCode(try guest.tcp("start-connect", socket, [net, six])) == "invalid-argument")
        #expect(errorCode(try guest.tcp("start-connect", socket, [net, any4])) == "invalid-argument")
        #expect(errorCode(try guest.tcp("start-bind", socket, [net, six])) == "invalid-argument")

        _ = try ok(try guest.tcp("start-bind", socket, [net, any4]))
        #expect(errorCode(try guest.tcp("start-bind", socket, [net, any4])) == "concurrency-conflict")
        _ = try ok(try guest.tcp("finish-bind", socket))
        #expect(errorCode(try guest.tcp("start-bind", socket, [net, any4])) == "invalid-state")
        #expect(errorCode(try guest.tcp("finish-bind", socket)) == "not-in-progress")

        // An IPv6 socket takes no IPv4-mapped address.
        let v6 = try guest.createTCP("ipv6")
        let mapped = wit(SocketAddress(.v6(0, 0, 0, 0, 0, 0xFFFF, 0x7F00, 1), port: 80))
        #expect(errorCode(try guest.tcp("start-connect", v6, [net, mapped])) == "invalid-argument")
    }

    @Test func optionsRoundTrip() throws {
        let guest = try SocketGuest()
        let socket = try guest.createTCP()
        _ = try ok(try guest.tcp("set-keep-alive-enabled", socket, [.bool(true)]))
        #expect(try ok(try guest.tcp("keep-alive-enabled", socket)) == .bool(true))
        _ = try ok(try guest.tcp("set-keep-alive-idle-time", socket, [.u64(1_500_000_000)]))
        #expect(try ok(try guest.tcp("keep-alive-idle-time", socket)) == .u64(2_000_000_000))
        _ = try ok(try guest.tcp("set-keep-alive-interval", socket, [.u64(3_000_000_000)]))
        #expect(try ok(try guest.tcp("keep-alive-interval", socket)) == .u64(3_000_000_000))
        _ = try ok(try guest.tcp("set-keep-alive-count", socket, [.u32(5)]))
        #expect(try ok(try guest.tcp("keep-alive-count", socket)) == .u32(5))
        _ = try ok(try guest.tcp("set-hop-limit", socket, [.u8(42)]))
        #expect(try ok(try guest.tcp("hop-limit", socket)) == .u8(42))
        _ = try ok(try guest.tcp("set-receive-buffer-size", socket, [.u64(65536)]))
        guard case .u64(let size)? = try ok(try guest.tcp("receive-buffer-size", socket)) else {
            Issue.record("no buffer size")
            return
        }
        #expect(size >= 65536 / 2)
    }
}

@Suite struct ConnectTimeoutTests {
    /// A listener whose accept queue is full drops further SYNs, so a connect to it never
    /// finishes: with a 100 ms socket timeout, finish-connect answers `timeout`.
    @Test func aConnectThatNeverFinishesTimesOut() throws {
        let guest = try SocketGuest(network: NetworkPermissions(allowed: true, socketTimeoutMilliseconds: 100))
        let listener = try NetSocket.make(.ipv4, .tcp)
        try listener.bind(SocketAddress(.loopback(.ipv4), port: 0))
        try listener.listen(backlog: 1)
        let address = try listener.localAddress()
        // Fill the queue with connections nobody accepts.
        var fillers: [NetSocket] = []
        for _ in 0..<8 {
            let s = try NetSocket.make(.ipv4, .tcp)
            _ = try s.startConnect(address)
            fillers.append(s)
        }
        var waited = false
        guest.dispatcher.addTimer(deadline: Dispatcher.now() + 50_000_000) { waited = true }
        guest.dispatcher.run { waited }
        do {
            _ = try guest.connect(try guest.createTCP(), to: address)
            // Some kernels still complete it (SYN cookies); then there is nothing to check.
        } catch let error as GuestError {
            #expect(error.code == "timeout")
        }
        _ = fillers
    }
}

/// `socket_timeout_ms` bounds a guest's wait on a connected socket's streams: a peer that
/// accepts and then neither sends nor reads does not hold the guest.
@Suite struct StreamTimeoutTests {
    /// The guest connected to a peer that will stay silent, and the peer.
    func silentPeer(timeoutMilliseconds: Int = 100) throws -> (SocketGuest, GuestConnection, NetSocket) {
        let guest = try SocketGuest(network: NetworkPermissions(allowed: true, socketTimeoutMilliseconds: timeoutMilliseconds))
        let (listener, address) = try loopbackListener()
        let connection = try guest.connect(try guest.createTCP(), to: address)
        wait(listener.readable(), on: guest.dispatcher)
        let (peer, _) = try #require(try listener.accept())
        return (guest, connection, peer)
    }

    /// The `network-error-code` of a `last-operation-failed` stream error.
    func networkErrorCode(_ guest: SocketGuest, _ result: ComponentValue?) throws -> ComponentValue? {
        guard case .result(isOK: false, payload: .variant(case: "last-operation-failed", payload: let error?)?)? = result else {
            Issue.record("expected last-operation-failed, got \(String(describing: result))")
            return nil
        }
        return try guest.sockets("network", "network-error-code", [borrow(error)])
    }

    @Test func aReadFromASilentPeerTimesOut() throws {
        let (guest, connection, peer) = try silentPeer()
        defer { withExtendedLifetime(peer) {} }
        #expect(try networkErrorCode(guest, try guest.read(connection)) == .option(.enum("timeout")))
        // The stream stays failed.
        let again = try guest.call("io", "streams", "[method]input-stream.read", [borrow(connection.input), .u64(10)])
        #expect(try networkErrorCode(guest, again) == .option(.enum("timeout")))
    }

    @Test func bytesFromThePeerKeepTheStreamAlive() throws {
        let (guest, connection, peer) = try silentPeer(timeoutMilliseconds: 1_000)
        let peerOut = peer.makeOutputStream()
        // Each byte comes well before the timeout (a stall of 750 ms would be needed to miss
        // it), the whole run takes longer than it.
        for round in 0..<6 {
            var sent = false
            guest.dispatcher.addTimer(deadline: Dispatcher.now() + 250_000_000) {
                try? [UInt8(round)].withUnsafeBytes { try peerOut.write($0) }
                sent = true
            }
            #expect(try ok(try guest.read(connection)) == .bytes([UInt8(round)]))
            guest.dispatcher.run { sent }
        }
    }

    @Test func aWriteToAPeerThatNeverReadsTimesOut() throws {
        let (guest, connection, peer) = try silentPeer()
        defer { withExtendedLifetime(peer) {} }
        let megabyte = ComponentValue.bytes([UInt8](repeating: 0x61, count: 1 << 20))
        var result: ComponentValue?
        // The kernel's buffers take a few MiB; then the flush waits for a peer that never reads.
        for _ in 0..<64 {
            result = try guest.call("io", "streams", "[method]output-stream.write", [borrow(connection.output), megabyte])
            if case .result(isOK: false, _)? = result { break }
            result = try guest.call("io", "streams", "[method]output-stream.blocking-flush", [borrow(connection.output)])
            if case .result(isOK: false, _)? = result { break }
        }
        #expect(try networkErrorCode(guest, result) == .option(.enum("timeout")))
    }
}
