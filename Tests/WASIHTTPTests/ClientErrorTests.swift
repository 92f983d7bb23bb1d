import HTTP1
import Testing
import WASIHost
@testable import WASIHTTP

@Suite("HTTP client error codes")
struct ClientErrorTests {
    /// The error-code of a request answered with `wire` (then closed).
    func responseError(_ wire: String, close: Bool = true) throws -> HTTPErrorCode? {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in .bytes(bytes(wire), close: close) }
        return try run.send(local(peer.port)).failureValue
    }

    /// The error that ended the body of a response answered with `wire`.
    func bodyError(_ wire: String, close: Bool = true, timeouts: ClientTimeouts? = nil) throws -> HTTPErrorCode? {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in .bytes(bytes(wire), close: close) }
        let result = try run.send(local(peer.port), timeouts: timeouts ?? ClientTimeouts(connect: 5_000_000_000, firstByte: 5_000_000_000, betweenBytes: 5_000_000_000))
        let response = try #require(result.value)
        return httpError(run.readAll(try #require(response.body)).failureValue)
    }

    @Test(arguments: ["HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1200 OK\r\n\r\n", "SMTP ready\r\n\r\n", "HTTP/1.1 200 OK\r\nBad Name: v\r\n\r\n"])
    func badStatusLineOrField(wire: String) throws {
        #expect(try responseError(wire) == .httpProtocolError)
    }

    @Test func obsoleteHeaderFolding() throws {
        #expect(try responseError("HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n") == .httpProtocolError)
    }

    @Test func overlongHeaderSection() throws {
        let wire = "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n"
        #expect(try responseError(wire) == .httpResponseHeaderSectionSize(64 * 1024))
    }

    @Test func invalidContentLength() throws {
        #expect(try responseError("HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n") == .httpProtocolError)
    }

    @Test func chunkSizeOverflow() throws {
        let wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1FFFFFFFFFFFFFFFF\r\nabc"
        #expect(try bodyError(wire) == .httpProtocolError)
    }

    @Test func bodyShorterThanContentLength() throws {
        #expect(try bodyError("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this") == .httpResponseIncomplete)
    }

    @Test func chunkedBodyCutMidway() throws {
        #expect(try bodyError("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc") == .httpResponseIncomplete)
    }

    @Test func bodyLongerThanContentLength() throws {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in
            .bytes(bytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA"), close: false)
        }
        let first = try #require(try run.send(local(peer.port)).value)
        // Exactly the declared length reaches the guest ...
        #expect(run.readAll(try #require(first.body)).value == bytes("abc"))
        // ... and the connection, with bytes no request asked for, is not used again.
        _ = try run.send(local(peer.port))
        #expect(peer.accepted == 2)
    }

    @Test func peerClosesBeforeAnswering() throws {
        #expect(try responseError("") == .connectionTerminated)
    }

    @Test func peerClosesInTheHead() throws {
        #expect(try responseError("HTTP/1.1 200 OK\r\nContent-") == .httpResponseIncomplete)
    }

    @Test func peerNeverAnswers() throws {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in .silence }
        let timeouts = ClientTimeouts(connect: 5_000_000_000, firstByte: 200_000_000, betweenBytes: nil)
        #expect(try run.send(local(peer.port), timeouts: timeouts).failureValue == .connectionReadTimeout)
    }

    @Test func peerStallsInTheBody() throws {
        let timeouts = ClientTimeouts(connect: 5_000_000_000, firstByte: 5_000_000_000, betweenBytes: 200_000_000)
        #expect(try bodyError("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", close: false, timeouts: timeouts) == .connectionReadTimeout)
    }

    /// A peer that accepts (the kernel's backlog) and never reads: once the socket buffers are
    /// full the request body waits for room, and after the write timeout the exchange fails.
    @Test func peerNeverReadsTheBody() throws {
        let run = try ClientRun()
        let listener = try NetSocket.make(.ipv4, .tcp)
        try listener.bind(SocketAddress(.loopback(.ipv4), port: 0))
        try listener.listen(backlog: 4)
        let port = try listener.localAddress().port
        defer { withExtendedLifetime(listener) {} }
        let pipe = OutgoingBodyPipe(expectedLength: nil)
        let chunk = [UInt8](repeating: 0x61, count: 16 * 1024)
        var written = 0
        // The guest writes as long as there is room (at most 256 MiB) or until the body fails.
        func writeSome() {
            while written < 256 << 20 {
                guard OutgoingBodyPipe.capacity - pipe.buffer.count >= chunk.count else {
                    _ = OutgoingBodyStream(pipe).readiness().whenReady(on: run.dispatcher) { writeSome() }
                    return
                }
                let failed = chunk.withUnsafeBytes { raw -> Bool in
                    do throws(StreamError) { try pipe.append(raw); return false } catch { return true }
                }
                if failed { return }
                written += chunk.count
            }
        }
        let timeouts = ClientTimeouts(connect: 5_000_000_000, firstByte: nil, betweenBytes: nil, write: 200_000_000)
        let result = try run.send(local(port), method: "POST", body: pipe, timeouts: timeouts, whileWaiting: writeSome)
        #expect(result.failureValue == .connectionWriteTimeout)
    }

    @Test func connectionRefused() throws {
        let run = try ClientRun()
        // A port nobody listens on: bound, then closed.
        let port: UInt16
        do {
            let s = try NetSocket.make(.ipv4, .tcp)
            try s.bind(SocketAddress(.loopback(.ipv4), port: 0))
            port = try s.localAddress().port
        }
        #expect(try run.send(local(port)).failureValue == .connectionRefused)
    }

    @Test func unresolvableHost() throws {
        let run = try ClientRun()
        let timeouts = ClientTimeouts(connect: 3_000_000_000, firstByte: nil, betweenBytes: nil)
        let error = try run.send(("http", "no-such-host.invalid", "/"), timeouts: timeouts).failureValue
        switch error {
        case .dnsError?, .dnsTimeout?: break
        default: Issue.record("expected a DNS error, got \(String(describing: error))")
        }
    }

    @Test func networkNotGranted() throws {
        let run = try ClientRun()
        run.session.network = .denied
        #expect(try run.send(local(9)).failureValue == .httpRequestDenied)
    }

    /// A body is made only for a length it can keep: `outgoing-request.body` and
    /// `outgoing-response.body` answer `err` for a malformed or disagreeing `content-length`
    /// (unchecked, the bytes written after it could be read as another message).
    @Test func bodyNeedsAKeepableLength() throws {
        #expect(try OutgoingBodyObject(declaredIn: [HTTPField("content-length", "5")]).pipe.expectedLength == 5)
        #expect(try OutgoingBodyObject(declaredIn: [HTTPField("content-length", "5, 5")]).pipe.expectedLength == 5)
        #expect(try OutgoingBodyObject(declaredIn: []).pipe.expectedLength == nil)
        for fields in [[HTTPField("content-length", "abc")], [HTTPField("content-length", "5"), HTTPField("content-length", "6")],
                       [HTTPField("content-length", "-1")], [HTTPField("content-length", "")]] {
            #expect(throws: HTTP1Error.invalidContentLength) { try OutgoingBodyObject(declaredIn: fields) }
        }
    }

    @Test func targetErrors() {
        func target(_ scheme: String?, _ authority: String?) -> HTTPErrorCode? {
            var parts = RequestParts()
            parts.scheme = scheme
            parts.authority = authority
            do throws(HTTPErrorCode) { _ = try RequestTarget(parts); return nil } catch { return error }
        }
        #expect(target("ftp", "a") == .httpProtocolError)
        #expect(target("http", nil) == .httpRequestURIInvalid)
        #expect(target("http", "host:99999") == .httpRequestURIInvalid)
        #expect(target("http", "[::1]:8080") == nil)
        #expect(target(nil, "example.com") == nil)
        #expect(target("http", "user:pa%41ss;x=1@example.com:8080") == nil)
        // What a guest puts before `@` must be a userinfo: nothing else reaches the wire.
        #expect(target("http", "a\r\nX-Evil: 1\r\nb@example.com") == .httpRequestURIInvalid)
        #expect(target("http", "us er@example.com") == .httpRequestURIInvalid)
        #expect(target("http", "u%zz@example.com") == .httpRequestURIInvalid)
        #expect(target("http", "u%4@example.com") == .httpRequestURIInvalid)
        #expect(target("http", "a@b@example.com") == .httpRequestURIInvalid)
        #expect(target("http", "example.com:+80") == .httpRequestURIInvalid)
        #expect(target("http", "example.com:") == .httpRequestURIInvalid)
        #expect(!RequestTarget.isValidAuthority("x\ny@example.com"))
        #expect(RequestTarget.isValidAuthority("x@example.com"))
    }
}
