import Glibc
import HTTP1
import Testing
import WASIHost
@testable import WASIHTTP

@Suite("HTTP client against a loopback peer")
struct ClientTests {
    @Test func contentLengthBody() throws {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in
            .bytes(bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Fixture: loop\r\n\r\nhello"), close: false)
        }
        let response = try #require(try run.send(local(peer.port, "/a?b=c")).value)
        #expect(response.status == 200)
        #expect(response.headers.contains(HTTPField("x-fixture", "loop")))
        let body = try #require(response.body)
        #expect(run.readAll(body).value == bytes("hello"))
        let request = try #require(peer.requests.first)
        #expect(request.head.method == "GET")
        #expect(request.head.target == "/a?b=c")
        #expect(HTTPFieldSyntax.values("host", in: request.head.fields) == [bytes("127.0.0.1:\(peer.port)")])
    }

    /// A userinfo in the authority is not sent: the `host` field is `host[:port]` only.
    @Test func userInfoStaysOutOfTheHostField() throws {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in
            .bytes(bytes("HTTP/1.1 204 No Content\r\n\r\n"), close: false)
        }
        let response = try #require(try run.send(("http", "user:pa%41ss@127.0.0.1:\(peer.port)", "/")).value)
        #expect(response.status == 204)
        let request = try #require(peer.requests.first)
        #expect(HTTPFieldSyntax.values("host", in: request.head.fields) == [bytes("127.0.0.1:\(peer.port)")])
    }

    @Test func chunkedBodyWithTrailers() throws {
        let run = try ClientRun()
        let wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;x=y\r\n, world\r\n0\r\nX-Checksum: 42\r\n\r\n"
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in .bytes(bytes(wire), close: false) }
        let response = try #require(try run.send(local(peer.port)).value)
        // Hop-by-hop fields are not shown to the guest.
        #expect(!response.headers.contains { $0.name == "transfer-encoding" })
        let body = try #require(response.body)
        #expect(run.readAll(body).value == bytes("hello, world"))
        let trailers = FutureTrailersObject(body.reader)
        let result = try #require(trailers.result())
        #expect(result.value == .some([HTTPField("x-checksum", "42")]))
    }

    @Test func bodyUntilClose() throws {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in .bytes(bytes("HTTP/1.0 200 OK\r\n\r\nall of it"), close: true) }
        let response = try #require(try run.send(local(peer.port)).value)
        #expect(run.readAll(try #require(response.body)).value == bytes("all of it"))
    }

    @Test func interimResponsesAreSkipped() throws {
        let run = try ClientRun()
        let wire = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in .bytes(bytes(wire), close: false) }
        let response = try #require(try run.send(local(peer.port)).value)
        #expect(response.status == 201)
        #expect(run.readAll(try #require(response.body)).value == bytes("ok"))
    }

    @Test func keepAliveConnectionIsReused() throws {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { head, _ in
            .bytes(bytes("HTTP/1.1 200 OK\r\nContent-Length: \(head.target.utf8.count)\r\n\r\n\(head.target)"), close: false)
        }
        for path in ["/one", "/two", "/three"] {
            let response = try #require(try run.send(local(peer.port, path)).value)
            #expect(run.readAll(try #require(response.body)).value == bytes(path))
        }
        #expect(peer.requests.count == 3)
        #expect(peer.accepted == 1)
    }

    @Test func closedConnectionIsNotReused() throws {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in
            .bytes(bytes("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"), close: true)
        }
        for _ in 0..<2 {
            let response = try #require(try run.send(local(peer.port)).value)
            #expect(run.readAll(try #require(response.body)).value == bytes("ok"))
        }
        #expect(peer.accepted == 2)
    }

    @Test func chunkedUpload() throws {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, body in
            .bytes(bytes("HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\n\r\n") + body, close: false)
        }
        let pipe = OutgoingBodyPipe(expectedLength: nil)
        let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        // The guest writes while the request is under way, a pipe's worth at a time.
        var offset = 0
        func writeSome() {
            while offset < payload.count {
                let n = min(OutgoingBodyPipe.capacity - pipe.buffer.count, payload.count - offset)
                if n == 0 {
                    _ = OutgoingBodyStream(pipe).readiness().whenReady(on: run.dispatcher) { writeSome() }
                    return
                }
                payload[offset..<(offset + n)].withUnsafeBytes { try? pipe.append($0) }
                offset += n
            }
            try? pipe.finish(trailers: [HTTPField("x-sent", "all")])
        }
        let response = try #require(try run.send(local(peer.port), method: "POST", body: pipe, whileWaiting: writeSome).value)
        #expect(run.readAll(try #require(response.body)).value == payload)
        let request = try #require(peer.requests.first)
        #expect(request.head.method == "POST")
        #expect(HTTPFieldSyntax.values("transfer-encoding", in: request.head.fields) == [bytes("chunked")])
        #expect(request.trailers == [HTTPField("x-sent", "all")])
    }

    @Test func contentLengthUpload() throws {
        let run = try ClientRun()
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, body in
            .bytes(bytes("HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\n\r\n") + body, close: false)
        }
        let pipe = OutgoingBodyPipe(expectedLength: 6)
        try bytes("abcdef").withUnsafeBytes { try pipe.append($0) }
        try pipe.finish(trailers: [])
        let response = try #require(try run.send(local(peer.port), method: "PUT", headers: [HTTPField("content-length", "6")], body: pipe).value)
        #expect(run.readAll(try #require(response.body)).value == bytes("abcdef"))
        #expect(HTTPFieldSyntax.values("transfer-encoding", in: peer.requests.first.map { $0.head.fields } ?? []).isEmpty)
    }

    @Test func uploadLongerOrShorterThanItsContentLength() throws {
        let longer = OutgoingBodyPipe(expectedLength: 3)
        let error = bytes("abcd").withUnsafeBytes { raw -> StreamError? in
            do throws(StreamError) { try longer.append(raw); return nil } catch { return error }
        }
        #expect(httpError(error) == .httpRequestBodySize(4))
        let shorter = OutgoingBodyPipe(expectedLength: 3)
        try bytes("ab").withUnsafeBytes { try shorter.append($0) }
        #expect(throws: HTTPErrorCode.httpRequestBodySize(2)) { try shorter.finish(trailers: []) }
    }

    @Test func hundredMebibyteDownloadStreamsInBoundedMemory() throws {
        let run = try ClientRun()
        let total = 100 * 1024 * 1024
        let peer = try LoopbackPeer(dispatcher: run.dispatcher) { _, _ in
            .generated(head: bytes("HTTP/1.1 200 OK\r\nContent-Length: \(total)\r\n\r\n"), count: total)
        }
        let response = try #require(try run.send(local(peer.port)).value)
        let before = residentBytes()
        var count = 0
        var mismatches = 0
        var peak = before
        let error = run.read(try #require(response.body)) { piece in
            // Spot-check the pattern: byte i is i % 251.
            if let first = piece.first, Int(first) != count % 251 { mismatches += 1 }
            count += piece.count
            if count % (8 << 20) < piece.count { peak = max(peak, residentBytes()) }
        }
        #expect(error == nil)
        #expect(count == total)
        #expect(mismatches == 0)
        // Neither side holds the body: memory grows by far less than its 100 MiB.
        #expect(peak - before < 32 << 20, "RSS grew by \(peak - before) bytes")
        print("100 MiB download: RSS grew by \((peak - before) >> 10) KiB")
    }
}

/// This process's resident set size in bytes (from /proc/self/statm).
func residentBytes() -> Int {
    guard let f = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(f) }
    var size = 0, resident = 0
    guard withUnsafeMutablePointer(to: &size, { s in withUnsafeMutablePointer(to: &resident) { r in
        withVaList([s, r]) { vfscanf(f, "%ld %ld", $0) }
    } }) == 2 else { return 0 }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}
