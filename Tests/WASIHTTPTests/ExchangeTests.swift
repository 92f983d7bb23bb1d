import Foundation
import HTTP1
import Testing
import WASIHost
@testable import WASIHTTP

/// Echoes the request body read whole (at most 16 bytes; `empty` for none); answers the body
/// errors with their statuses.
final class EchoHandler: HTTPRequestHandler {
    static let limit = 16

    func handle(_ exchange: HTTPExchange) {
        exchange.readBody(limit: Self.limit) { result in
            switch result {
            case .success(let body):
                exchange.respond(status: 200, fields: [HTTPField("x-method", exchange.method)], body: body.isEmpty ? Array("empty".utf8) : body)
            case .failure(.tooLarge): exchange.respond(status: 413, fields: [], body: Array("too large".utf8))
            case .failure(.timedOut): exchange.respond(status: 408, fields: [], body: [])
            case .failure(.failed): exchange.respond(status: 400, fields: [], body: [])
            }
        }
    }
}

@Suite("HTTPServer: exchanges of a handler of our own")
struct ExchangeTests {
    func answers(_ requests: [String], configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws -> [String] {
        let dispatcher = try Dispatcher()
        var configuration = HTTPServer.Configuration()
        configuration.headerTimeout = 5_000_000_000
        configure(&configuration)
        let server = HTTPServer(dispatcher: dispatcher, configuration: configuration, handler: EchoHandler())
        try server.listen(on: SocketAddress(.loopback(.ipv4), port: 0))
        let client = RawHTTPClient(dispatcher: dispatcher, port: server.port)
        return try client.exchangeAll(requests.map { Array($0.utf8) }).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func bodyReadWholeAndAnsweredWithItsLength() throws {
        let got = try answers(["POST / HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"])[0]
        #expect(got.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(got.contains("content-length: 5\r\n"))
        #expect(got.contains("connection: close\r\n"))
        #expect(got.hasSuffix("\r\n\r\nhello"))
    }

    @Test func chunkedBodyAndKeepAliveWithPipelinedRequests() throws {
        let one = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
        let got = try answers([one + one + "POST / HTTP/1.1\r\nContent-Length: 1\r\nConnection: close\r\n\r\nz"])[0]
        #expect(got.components(separatedBy: "HTTP/1.1 200 OK").count == 4)
        #expect(got.hasSuffix("\r\n\r\nz"))
        #expect(got.contains("\r\n\r\nabcdeHTTP/1.1"))
    }

    @Test func announcedLengthOverTheLimitIs413AtOnceAndCloses() throws {
        // No body byte is sent: the answer must not wait for it.
        let got = try answers(["POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n"])[0]
        #expect(got.hasPrefix("HTTP/1.1 413 "))
        #expect(got.contains("connection: close\r\n"))
    }

    @Test func chunkedBodyPassingTheLimitIs413() throws {
        let got = try answers(["POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nx\r\n0\r\n\r\n"])[0]
        #expect(got.hasPrefix("HTTP/1.1 413 "))
    }

    @Test func slowBodyIs408() throws {
        let got = try answers(["POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"]) { $0.bodyTimeout = 100_000_000 }[0]
        #expect(got.hasPrefix("HTTP/1.1 408 "))
    }

    @Test func clientExpectingContinueIsToldToGoOn() throws {
        // The client holds the body back; the server says 100, then (no body coming) 408.
        let got = try answers(["POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"]) { $0.bodyTimeout = 100_000_000 }[0]
        #expect(got.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 408 "))
        let sent = try answers(["POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\nhello"])[0]
        #expect(sent.contains("HTTP/1.1 200 OK\r\n"))
        #expect(sent.hasSuffix("\r\n\r\nhello"))
    }

    @Test func malformedChunkIs400() throws {
        let got = try answers(["POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"])[0]
        #expect(got.hasPrefix("HTTP/1.1 400 "))
    }

    @Test func headAnswersCarryNoBody() throws {
        let got = try answers(["HEAD / HTTP/1.1\r\nConnection: close\r\n\r\n"])[0]
        #expect(got.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(got.contains("x-method: HEAD\r\n"))
        #expect(got.contains("content-length: 5\r\n"))
        #expect(got.hasSuffix("\r\n\r\n"))
    }
}

/// Answers at once, without reading the request body.
final class IgnoringHandler: HTTPRequestHandler {
    func handle(_ exchange: HTTPExchange) {
        exchange.respond(status: 200, fields: [], body: Array("ignored".utf8))
    }
}

@Suite("HTTPServer: request bodies the handler does not read")
struct UnreadBodyTests {
    func answer(_ request: String) throws -> String {
        let dispatcher = try Dispatcher()
        var configuration = HTTPServer.Configuration()
        configuration.headerTimeout = 5_000_000_000
        let server = HTTPServer(dispatcher: dispatcher, configuration: configuration, handler: IgnoringHandler())
        try server.listen(on: SocketAddress(.loopback(.ipv4), port: 0))
        let client = RawHTTPClient(dispatcher: dispatcher, port: server.port)
        return String(decoding: try client.exchange(Array(request.utf8)), as: UTF8.self)
    }

    @Test func announcedRestPastTheDrainLimitSaysClose() throws {
        let got = try answer("POST / HTTP/1.1\r\nContent-Length: \(ServerConnection.drainLimit + 1)\r\n\r\n")
        #expect(got.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(got.contains("connection: close\r\n"))
    }

    @Test func shortUnreadBodyIsDroppedAndTheNextRequestAnswered() throws {
        let got = try answer("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nConnection: close\r\n\r\n")
        #expect(got.components(separatedBy: "HTTP/1.1 200 OK\r\n").count == 3)
        #expect(got.components(separatedBy: "connection: close").count == 2)
    }
}
