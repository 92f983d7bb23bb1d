import Testing
import HTTP1

@Suite("Body framing and decoding")
struct BodyTests {
    func response(_ text: String, method: String = "GET") throws -> HTTPBodyFraming {
        let parsed = try parseResponse(text)
        let head = try #require(parsed).0
        return try HTTPBodyFraming.response(head, requestMethod: method)
    }

    @Test func framingOfResponses() throws {
        #expect(try response("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n") == .contentLength(12))
        #expect(try response("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") == .empty)
        #expect(try response("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\nContent-Length: 5\r\n\r\n") == .chunked)
        #expect(try response("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") == .untilClose)
        #expect(try response("HTTP/1.1 200 OK\r\n\r\n") == .untilClose)
        #expect(try response("HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n") == .empty)
        #expect(try response("HTTP/1.1 304 Not Modified\r\n\r\n") == .empty)
        #expect(try response("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n", method: "HEAD") == .empty)
        #expect(try response("HTTP/1.1 200 OK\r\nContent-Length: 7, 7\r\nContent-Length: 7\r\n\r\n") == .contentLength(7))
    }

    @Test(arguments: ["7, 8", "-1", "1e3", "", "18446744073709551616", "0x10"])
    func invalidContentLength(value: String) throws {
        let error = thrownError { () throws(HTTP1Error) in
            try HTTPBodyFraming.contentLength([HTTPField("Content-Length", value)])
        }
        #expect(error == .invalidContentLength)
    }

    @Test func framingOfRequests() throws {
        func request(_ text: String) throws -> HTTPBodyFraming {
            let parsed = try parseRequest(text)
            return try HTTPBodyFraming.request(try #require(parsed).0)
        }
        #expect(try request("GET / HTTP/1.1\r\n\r\n") == .empty)
        #expect(try request("PUT / HTTP/1.1\r\nContent-Length: 3\r\n\r\n") == .contentLength(3))
        #expect(try request("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") == .chunked)
        #expect(throws: HTTP1Error.unsupportedTransferEncoding) { try request("PUT / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") }
    }

    @Test(arguments: [1, 2, 5, 1000])
    func contentLengthBody(step: Int) throws {
        let result = try decodeBody(.contentLength(5), Array("helloHTTP/1.1".utf8), step: step)
        #expect(result.body == Array("hello".utf8))
        #expect(result.complete)
        #expect(result.rest == Array("HTTP/1.1".utf8))
    }

    @Test func shorterThanContentLengthIsTruncated() throws {
        var decoder = HTTPBodyDecoder(framing: .contentLength(10))
        let step = try decoder.decode(Array("abc".utf8)[...])
        #expect(step.data == Array("abc".utf8)[...])
        #expect(!step.isComplete)
        #expect(decoder.remainingLength == 7)
        #expect(throws: HTTP1Error.truncatedBody) { try decoder.finishAtEndOfInput() }
    }

    @Test func untilCloseEndsAtEndOfInput() throws {
        var decoder = HTTPBodyDecoder(framing: .untilClose)
        let step = try decoder.decode(Array("anything".utf8)[...])
        #expect(step.consumed == 8)
        #expect(!decoder.isComplete)
        try decoder.finishAtEndOfInput()
        #expect(decoder.isComplete)
    }

    static let chunked = "5\r\nhello\r\n1A;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Sum: 42\r\nX-Other: y\r\n\r\nNEXT"

    @Test(arguments: [1, 2, 3, 4, 9, 1000])
    func chunkedBodyWithTrailers(step: Int) throws {
        let result = try decodeBody(.chunked, Array(Self.chunked.utf8), step: step)
        #expect(result.body == Array("helloabcdefghijklmnopqrstuvwxyz".utf8))
        #expect(result.complete)
        #expect(result.trailers == [HTTPField("X-Sum", "42"), HTTPField("X-Other", "y")])
        #expect(result.rest == Array("NEXT".utf8))
    }

    @Test(arguments: [1, 1000])
    func chunkedBodyWithoutTrailers(step: Int) throws {
        let result = try decodeBody(.chunked, Array("3\r\nabc\r\n0\r\n\r\nX".utf8), step: step)
        #expect(result.body == Array("abc".utf8))
        #expect(result.complete)
        #expect(result.trailers.isEmpty)
        #expect(result.rest == Array("X".utf8))
    }

    @Test func chunkSizeOverflow() {
        let wire = Array("10000000000000000\r\n".utf8)
        #expect(thrownError { () throws(HTTP1Error) in try decodeBody(.chunked, wire) } == .chunkSizeOverflow)
        // The largest 64-bit size is accepted (and then awaits its data).
        let largest = Array("FFFFFFFFFFFFFFFF\r\nab".utf8)
        #expect(thrownError { () throws(HTTP1Error) in try decodeBody(.chunked, largest) } == nil)
    }

    @Test(arguments: ["x\r\n", "\r\n", " 5\r\n", "5 x\r\n"])
    func invalidChunkSize(line: String) {
        #expect(thrownError { () throws(HTTP1Error) in try decodeBody(.chunked, Array(line.utf8)) } == .invalidChunkSize)
    }

    @Test func overlongChunkSizeLine() {
        let wire = Array(("1;" + String(repeating: "e", count: 5000)).utf8)
        #expect(thrownError { () throws(HTTP1Error) in try decodeBody(.chunked, wire, step: 100) } == .invalidChunkSize)
    }

    @Test func chunkWithoutTerminator() {
        #expect(thrownError { () throws(HTTP1Error) in try decodeBody(.chunked, Array("3\r\nabcd\r\n".utf8)) } == .missingChunkTerminator)
    }

    @Test func trailerLimits() {
        let wire = Array(("0\r\nX: " + String(repeating: "v", count: 200) + "\r\n\r\n").utf8)
        let error = thrownError { () throws(HTTP1Error) in try decodeBody(.chunked, wire, limits: HTTPHeadLimits(maxHeaderBytes: 64)) }
        #expect(error == .trailerSectionTooLarge(limit: 64))
        let folded = Array("0\r\nX: a\r\n b\r\n\r\n".utf8)
        #expect(thrownError { () throws(HTTP1Error) in try decodeBody(.chunked, folded) } == .obsoleteLineFolding)
    }

    @Test func truncatedChunkedBody() throws {
        var decoder = HTTPBodyDecoder(framing: .chunked)
        _ = try decoder.decodeAll(Array("5\r\nhel".utf8)[...]) { _ in }
        #expect(throws: HTTP1Error.truncatedBody) { try decoder.finishAtEndOfInput() }
    }
}
