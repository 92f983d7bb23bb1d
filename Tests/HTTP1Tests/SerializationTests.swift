import Testing
import HTTP1

@Suite("Serializing heads and chunks")
struct SerializationTests {
    @Test func requestHeadRoundTrips() throws {
        let head = HTTPRequestHead(method: "PUT", target: "/x?y=1", fields: [HTTPField("Host", "a.example"), HTTPField("Transfer-Encoding", "chunked")])
        let wire = HTTPSerializer.requestHead(head)
        #expect(String(decoding: wire, as: UTF8.self) == "PUT /x?y=1 HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n")
        var parser = HTTPRequestHeadParser()
        guard case .complete(let parsed, let rest) = try parser.feed(wire) else { Issue.record("incomplete"); return }
        #expect(parsed == head)
        #expect(rest.isEmpty)
    }

    @Test func responseHeadRoundTrips() throws {
        let head = HTTPResponseHead(status: 431, fields: [HTTPField("Content-Length", "0")])
        let wire = HTTPSerializer.responseHead(head)
        var parser = HTTPResponseHeadParser()
        guard case .complete(let parsed, _) = try parser.feed(wire) else { Issue.record("incomplete"); return }
        #expect(parsed.status == 431)
        #expect(parsed.reason == "Request Header Fields Too Large")
        #expect(parsed.fields == head.fields)
    }

    @Test func chunksRoundTrip() throws {
        let pieces: [[UInt8]] = [Array("hello".utf8), [], Array(repeating: 0x41, count: 300), [0x0D, 0x0A]]
        var wire: [UInt8] = []
        for piece in pieces { wire += HTTPSerializer.chunk(piece) }
        wire += HTTPSerializer.lastChunk(trailers: [HTTPField("X-Digest", "abc")])
        #expect(HTTPSerializer.chunk(Array(repeating: 0, count: 300)).prefix(5) == Array("12c\r\n".utf8)[...])
        let result = try decodeBody(.chunked, wire, step: 7)
        #expect(result.body == pieces.flatMap { $0 })
        #expect(result.trailers == [HTTPField("X-Digest", "abc")])
        #expect(result.rest.isEmpty)
    }

    @Test func fieldSyntax() {
        #expect(HTTPFieldSyntax.isValidName("X-Custom_Header.1"))
        #expect(!HTTPFieldSyntax.isValidName(""))
        #expect(!HTTPFieldSyntax.isValidName("a b"))
        #expect(!HTTPFieldSyntax.isValidName("a:b"))
        #expect(!HTTPFieldSyntax.isValidName("ä"))
        #expect(HTTPFieldSyntax.isValidValue(Array("text/plain; q=1".utf8)))
        #expect(HTTPFieldSyntax.isValidValue([UInt8]()))
        #expect(!HTTPFieldSyntax.isValidValue(Array("a\nb".utf8)))
        #expect(!HTTPFieldSyntax.isValidValue(Array(" padded".utf8)))
        #expect(HTTPFieldSyntax.lowercased("Content-TYPE") == "content-type")
    }
}
