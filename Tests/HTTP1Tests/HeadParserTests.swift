import Testing
import HTTP1

@Suite("Response and request heads")
struct HeadParserTests {
    static let response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Multi: a\r\nx-multi:  b \r\n\r\nbody"

    @Test(arguments: [1, 2, 3, 7, 1000])
    func responseInAnyPieces(step: Int) throws {
        let parsed = try parseResponse(Self.response, step: step)
        let (head, rest) = try #require(parsed)
        #expect(head.version == .http11)
        #expect(head.status == 200)
        #expect(head.reason == "OK")
        #expect(head.fields == [HTTPField("Content-Type", "text/plain"), HTTPField("X-Multi", "a"), HTTPField("x-multi", "b")])
        #expect(rest == Array("body".utf8))
        #expect(HTTPFieldSyntax.values("X-MULTI", in: head.fields) == [Array("a".utf8), Array("b".utf8)])
    }

    @Test func incompleteHeadNeedsMore() throws {
        #expect(try parseResponse("HTTP/1.1 200 OK\r\nA: b\r\n") == nil)
    }

    @Test func bareLineFeedsAreAccepted() throws {
        let parsed = try parseResponse("HTTP/1.0 404 Not Found\nA: b\n\n")
        let (head, rest) = try #require(parsed)
        #expect(head.version == .http10)
        #expect(head.status == 404)
        #expect(head.reason == "Not Found")
        #expect(head.fields == [HTTPField("A", "b")])
        #expect(rest.isEmpty)
    }

    @Test func statusLineWithoutReason() throws {
        let parsed = try parseResponse("HTTP/1.1 204\r\n\r\n")
        #expect(parsed?.0.status == 204)
        #expect(parsed?.0.reason == "")
    }

    @Test(arguments: [
        "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n", "HTTX/1.1 200 OK\r\n\r\n",
        "HTTP/1.1\r\n\r\n", "200 OK\r\n\r\n", "HTTP/1.1 099 Low\r\n\r\n", "HTTP/1.1 200\tOK\r\n\r\n", "garbage\r\n\r\n",
        "HTTP/1.1 200 O\u{1}K\r\n\r\n",
    ])
    func badStatusLines(text: String) {
        #expect(thrownError { () throws(HTTP1Error) in try parseResponse(text) } == .badStatusLine)
    }

    @Test func otherVersionsAreUnsupported() {
        #expect(thrownError { () throws(HTTP1Error) in try parseResponse("HTTP/2.0 200 OK\r\n\r\n") } == .unsupportedVersion)
        #expect(thrownError { () throws(HTTP1Error) in try parseRequest("GET / HTTP/3.0\r\n\r\n") } == .unsupportedVersion)
    }

    @Test func obsoleteLineFoldingIsRejected() {
        let text = "HTTP/1.1 200 OK\r\nX-Long: first\r\n  continued\r\n\r\n"
        #expect(thrownError { () throws(HTTP1Error) in try parseResponse(text) } == .obsoleteLineFolding)
        let tab = "GET / HTTP/1.1\r\nHost: a\r\n\tmore\r\n\r\n"
        #expect(thrownError { () throws(HTTP1Error) in try parseRequest(tab) } == .obsoleteLineFolding)
    }

    @Test(arguments: [1, 100])
    func headerSectionLimit(step: Int) {
        let limits = HTTPHeadLimits(maxHeaderBytes: 256)
        let big = "HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 300) + "\r\n\r\n"
        #expect(thrownError { () throws(HTTP1Error) in try parseResponse(big, step: step, limits: limits) } == .headerSectionTooLarge(limit: 256))
        // A head that never ends is refused once it passes the limit, not buffered forever.
        var parser = HTTPRequestHeadParser(limits: limits)
        var error: HTTP1Error?
        for _ in 0..<100 where error == nil {
            error = thrownError { () throws(HTTP1Error) in try parser.feed(Array("X-Slow: aaaaaaaaaaaa\r\n".utf8)) }
        }
        #expect(error == .headerSectionTooLarge(limit: 256))
        #expect(parser.bufferedCount <= 256 + 24)
    }

    @Test func headJustUnderTheLimitIsAccepted() throws {
        let text = "HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 100) + "\r\n\r\n"
        let limits = HTTPHeadLimits(maxHeaderBytes: text.utf8.count)
        #expect(try parseResponse(text, limits: limits)?.0.status == 200)
        let smaller = HTTPHeadLimits(maxHeaderBytes: text.utf8.count - 1)
        #expect(thrownError { () throws(HTTP1Error) in try parseResponse(text, limits: smaller) } == .headerSectionTooLarge(limit: text.utf8.count - 1))
    }

    @Test func fieldCountLimit() {
        let text = "GET / HTTP/1.1\r\n" + String(repeating: "A: b\r\n", count: 5) + "\r\n"
        #expect(thrownError { () throws(HTTP1Error) in try parseRequest(text, limits: HTTPHeadLimits(maxFields: 4)) } == .tooManyFields(limit: 4))
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", HTTP1Error.invalidFieldName),
        ("HTTP/1.1 200 OK\r\nName : x\r\n\r\n", .invalidFieldName),
        ("HTTP/1.1 200 OK\r\n: x\r\n\r\n", .invalidFieldName),
        ("HTTP/1.1 200 OK\r\nNo-Colon\r\n\r\n", .missingColon),
        ("HTTP/1.1 200 OK\r\nA: b\u{0}c\r\n\r\n", .invalidFieldValue),
        ("HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n", .invalidFieldValue),
        ("HTTP/1.1 200 OK\r\nA: b\u{7F}\r\n\r\n", .invalidFieldValue),
    ])
    func invalidFields(text: String, error: HTTP1Error) {
        #expect(thrownError { () throws(HTTP1Error) in try parseResponse(text) } == error)
    }

    @Test func obsTextValuesAreKeptAsBytes() throws {
        var parser = HTTPResponseHeadParser()
        let wire: [UInt8] = Array("HTTP/1.1 200 OK\r\nX: caf".utf8) + [0xE9] + Array("\r\n\r\n".utf8)
        guard case .complete(let head, _) = try parser.feed(wire) else { Issue.record("incomplete"); return }
        #expect(head.fields.first?.value == Array("caf".utf8) + [0xE9])
    }

    @Test func request() throws {
        let parsed = try parseRequest("\r\nPOST /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\n\r\nabcGET", step: 5)
        let (head, rest) = try #require(parsed)
        #expect(head.method == "POST")
        #expect(head.target == "/a/b?c=d")
        #expect(head.version == .http11)
        #expect(head.fields.count == 2)
        #expect(rest == Array("abcGET".utf8))
        #expect(head.keepsAlive)
    }

    @Test(arguments: ["GET  / HTTP/1.1\r\n\r\n", "GET /\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1 x\r\n\r\n", "GET /a b HTTP/1.1\r\n\r\n", "GET / http/1.1\r\n\r\n"])
    func badRequestLines(text: String) {
        #expect(thrownError { () throws(HTTP1Error) in try parseRequest(text) } == .badRequestLine)
    }

    @Test func connectionOptions() throws {
        let close = try #require(try parseResponse("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, close\r\n\r\n"))
        #expect(!close.0.keepsAlive)
        let old = try #require(try parseResponse("HTTP/1.0 200 OK\r\n\r\n"))
        #expect(!old.0.keepsAlive)
        let oldKept = try #require(try parseResponse("HTTP/1.0 200 OK\r\nconnection: keep-alive\r\n\r\n"))
        #expect(oldKept.0.keepsAlive)
    }
}
