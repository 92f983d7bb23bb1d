import ComponentModel
import Foundation
import Testing
import WASIClocks
import WASIHost
import WASIIO
@testable import WASIHTTP

/// `IncomingHandlerServer` with the hello handler of testsuite/components, and a raw client on
/// the same dispatcher.
struct ServerHarness {
    let dispatcher: Dispatcher
    let server: IncomingHandlerServer

    init(headerTimeout: UInt64, handler: String = "http-hello.wasm", configure: (inout IncomingHandlerServer.Configuration) -> Void = { _ in }) throws {
        let root = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        let bytes = try #require(FileManager.default.contents(atPath: root + "/testsuite/components/" + handler))
        let component = try LoadedComponent(bytes: [UInt8](bytes))
        let linker = ComponentLinker()
        try wasiIOGroup.register(into: linker)
        try wasiClocksGroup.register(into: linker)
        try wasiHTTPGroup.register(into: linker)
        let dispatcher = try Dispatcher()
        var configuration = IncomingHandlerServer.Configuration()
        configuration.headerTimeout = headerTimeout
        configure(&configuration)
        server = try IncomingHandlerServer(dispatcher: dispatcher, linker: linker, configuration: configuration) {
            let runtime = ComponentRuntime()
            runtime.hostState[WASISession.self] = WASISession(context: WASIContext(), dispatcher: dispatcher)
            return try HandlerInstance(runtime: runtime, instance: try runtime.instantiate(component, linker: linker))
        }
        try server.listen(on: SocketAddress(.loopback(.ipv4), port: 0))
        self.dispatcher = dispatcher
    }

    /// Connects, sends `request`, and collects what the server sends until it closes.
    func exchange(_ request: [UInt8]) throws -> [UInt8] {
        try RawHTTPClient(dispatcher: dispatcher, port: server.port).exchange(request)
    }

    /// The same for several connections at once; the answers in order.
    func exchangeAll(_ requests: [[UInt8]]) throws -> [[UInt8]] {
        try RawHTTPClient(dispatcher: dispatcher, port: server.port).exchangeAll(requests)
    }
}

/// A raw client on the server's dispatcher: sends bytes as they are, collects the answer until
/// the server closes.
struct RawHTTPClient {
    let dispatcher: Dispatcher
    let port: UInt16

    /// Connects, sends `request`, and collects what the server sends until it closes.
    func exchange(_ request: [UInt8]) throws -> [UInt8] {
        try exchangeAll([request])[0]
    }

    /// The same for several connections at once; the answers in order.
    func exchangeAll(_ requests: [[UInt8]]) throws -> [[UInt8]] {
        var answers = [[UInt8]](repeating: [], count: requests.count)
        var open = requests.count
        for (i, request) in requests.enumerated() {
            try start(request) { answer in
                answers[i] = answer
                open -= 1
            }
        }
        dispatcher.run { open == 0 }
        return answers
    }

    /// One connection, in turns: sends each step's bytes, then collects what the server sends
    /// until what came in this turn ends with the step's `until` (nil: until the server closes).
    /// What each turn received, in order.
    func converse(_ steps: [(send: [UInt8], until: [UInt8]?)]) throws -> [[UInt8]] {
        let socket = try connect()
        var turns: [[UInt8]] = []
        for step in steps {
            _ = try step.send.withUnsafeBytes { try socket.send($0) }
            var received: [UInt8] = []
            var done = false
            func readMore() {
                while true {
                    let got: (bytes: [UInt8], from: SocketAddress?)
                    do {
                        guard let piece = try socket.receive(maxCount: 65536) else { break }
                        got = piece
                    } catch {
                        // A reset (the server closed with bytes unread) ends the turn like a close.
                        done = true
                        return
                    }
                    if got.bytes.isEmpty {
                        done = true
                        return
                    }
                    received += got.bytes
                    if let until = step.until, received.count >= until.count, Array(received.suffix(until.count)) == until {
                        done = true
                        return
                    }
                }
                _ = socket.readable().whenReady(on: dispatcher) { readMore() }
            }
            readMore()
            dispatcher.run { done }
            turns.append(received)
        }
        return turns
    }

    private func connect() throws -> NetSocket {
        let socket = try NetSocket.make(.ipv4, .tcp)
        var connected = try socket.startConnect(SocketAddress(.loopback(.ipv4), port: port))
        while !connected {
            var ready = false
            _ = socket.writable().whenReady(on: dispatcher) { ready = true }
            dispatcher.run { ready }
            connected = try socket.finishConnect()
        }
        return socket
    }

    private func start(_ request: [UInt8], _ done: @escaping ([UInt8]) -> Void) throws {
        let socket = try connect()
        _ = try request.withUnsafeBytes { try socket.send($0) }
        var received: [UInt8] = []
        func readMore() {
            while let got = (try? socket.receive(maxCount: 65536)) ?? nil {
                if got.bytes.isEmpty {
                    done(received)
                    return
                }
                received += got.bytes
            }
            _ = socket.readable().whenReady(on: dispatcher) { readMore() }
        }
        readMore()
    }
}

@Suite("serve: the server side")
struct ServerTests {
    @Test func slowClientGets408() throws {
        let h = try ServerHarness(headerTimeout: 200_000_000)
        let answer = try h.exchange(Array("GET / HTTP/1.1\r\nHost: slow".utf8))
        #expect(answer.starts(with: Array("HTTP/1.1 408 ".utf8)))
    }

    @Test func idleConnectionIsClosed() throws {
        let h = try ServerHarness(headerTimeout: 200_000_000)
        #expect(try h.exchange([]).isEmpty)
    }

    @Test func answersAndClosesOnRequest() throws {
        let h = try ServerHarness(headerTimeout: 5_000_000_000)
        let answer = String(decoding: try h.exchange(Array("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(answer.contains("connection: close\r\n"))
        #expect(answer.hasSuffix("hello from wippy\n\r\n0\r\n\r\n"))
        #expect(h.server.requestCount == 1)
    }

    @Test func slowHandlerGets500AndTheServerGoesOn() throws {
        // The sleeper sleeps 200 ms; the server allows 50.
        let h = try ServerHarness(headerTimeout: 5_000_000_000, handler: "http-sleeper.wasm") { $0.handlerTimeout = 50_000_000 }
        let request = Array("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)
        let answers = try h.exchangeAll([request, request])
        #expect(answers.allSatisfy { $0.starts(with: Array("HTTP/1.1 500 ".utf8)) })
        // The timed-out instances were dropped, so the pool makes new ones.
        #expect(h.server.pool.live == 0)
    }

    @Test func requestsWaitForAFreeInstance() throws {
        let h = try ServerHarness(headerTimeout: 5_000_000_000, handler: "http-sleeper.wasm") { $0.maxInstances = 1 }
        let request = Array("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)
        let answers = try h.exchangeAll([request, request, request])
        #expect(answers.allSatisfy { String(decoding: $0, as: UTF8.self).hasSuffix("slept 200 ms\n\r\n0\r\n\r\n") })
        #expect(h.server.pool.live == 1)
    }

    @Test func trappingHandlerGets500() throws {
        let h = try ServerHarness(headerTimeout: 5_000_000_000, handler: "http-trapper.wasm")
        let request = Array("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)
        let answers = try h.exchangeAll([request, request])
        #expect(answers.allSatisfy { $0.starts(with: Array("HTTP/1.1 500 ".utf8)) })
        #expect(h.server.pool.live == 0)
    }

    /// A 500 answering `HEAD` has no body: the next answer on the connection follows its head.
    @Test func errorAnswerToHeadHasNoBody() throws {
        let h = try ServerHarness(headerTimeout: 5_000_000_000, handler: "http-trapper.wasm")
        let requests = "HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        let answers = String(decoding: try h.exchange(Array(requests.utf8)), as: UTF8.self)
        let head = "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\ncontent-length: 26\r\n"
        #expect(answers == head + "\r\n" + head + "connection: close\r\n\r\n500 Internal Server Error\n")
        // The same for a request the server refuses itself.
        let refused = try h.exchange(Array("HEAD / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n".utf8))
        #expect(String(decoding: refused, as: UTF8.self) ==
                "HTTP/1.1 501 Not Implemented\r\ncontent-type: text/plain\r\ncontent-length: 20\r\nconnection: close\r\n\r\n")
    }

    /// http-informational sends `103 Early Hints` with a field, then its final response; its
    /// attempt to send 200 as an informational response fails with HTTP-protocol-error (the
    /// body says whether both calls answered as expected).
    @Test func informationalResponseComesBeforeTheFinalOne() throws {
        let h = try ServerHarness(headerTimeout: 5_000_000_000, handler: "http-informational.wasm")
        let answer = String(decoding: try h.exchange(Array("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\n"))
        #expect(answer.hasSuffix("informational sent\n\r\n0\r\n\r\n"))
    }

    /// An HTTP/1.0 client is sent no informational response (RFC 9110 §15.2) and no chunked
    /// body (RFC 9112 §6.1): the body ends with the connection. The guest's calls still succeed.
    @Test func http10ClientGetsNoInformationalResponseAndNoChunks() throws {
        let h = try ServerHarness(headerTimeout: 5_000_000_000, handler: "http-informational.wasm")
        let answer = String(decoding: try h.exchange(Array("GET / HTTP/1.0\r\nHost: a\r\n\r\n".utf8)), as: UTF8.self)
        #expect(answer == "HTTP/1.1 200 OK\r\nconnection: close\r\n\r\ninformational sent\n")
    }

    /// hello answers without reading the request body; the body comes only after the answer.
    /// The server drops it and the connection carries the next request.
    @Test func unreadPostBodyKeepsTheConnection() throws {
        let h = try ServerHarness(headerTimeout: 5_000_000_000)
        let client = RawHTTPClient(dispatcher: h.dispatcher, port: h.server.port)
        let turns = try client.converse([
            (Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n".utf8), Array("\r\n0\r\n\r\n".utf8)),
            (Array("hello worldGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8), nil),
        ])
        let first = String(decoding: turns[0], as: UTF8.self), second = String(decoding: turns[1], as: UTF8.self)
        #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(!first.contains("connection: close"))
        #expect(second.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(second.hasSuffix("hello from wippy\n\r\n0\r\n\r\n"))
        #expect(h.server.requestCount == 2)
    }

    /// The same with a chunked body longer than what the server drops: the connection closes
    /// after the answer instead of carrying the next request.
    @Test func unreadBodyPastTheDrainLimitCloses() throws {
        let h = try ServerHarness(headerTimeout: 5_000_000_000)
        let client = RawHTTPClient(dispatcher: h.dispatcher, port: h.server.port)
        let chunk = "10000\r\n" + String(repeating: "x", count: 0x10000) + "\r\n"
        let turns = try client.converse([
            (Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".utf8), Array("\r\n0\r\n\r\n".utf8)),
            (Array((chunk + chunk + "0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").utf8), nil),
        ])
        #expect(String(decoding: turns[0], as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(turns[1].isEmpty)
        #expect(h.server.requestCount == 1)
    }

    /// http-length-without-body answers with `content-length: 5` and no body. The length is
    /// dropped (else the next answer would be read as this one's body) and the connection
    /// carries the next request; a HEAD answer keeps it.
    @Test func declaredLengthWithoutABodyIsNotSent() throws {
        let h = try ServerHarness(headerTimeout: 5_000_000_000, handler: "http-length-without-body.wasm")
        let get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n", last = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        let answers = String(decoding: try h.exchange(Array((get + last).utf8)), as: UTF8.self)
        let answer = "HTTP/1.1 200 OK\r\nx-declared: yes\r\ncontent-length: 0\r\n"
        #expect(answers == answer + "\r\n" + answer + "connection: close\r\n\r\n")
        #expect(h.server.requestCount == 2)
        let head = String(decoding: try h.exchange(Array("HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)), as: UTF8.self)
        #expect(head == "HTTP/1.1 200 OK\r\ncontent-length: 5\r\nx-declared: yes\r\nconnection: close\r\n\r\n")
    }

    @Test(arguments: [
        ("BAD\r\n\r\n", "400"), ("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", "400"), ("GET / HTTP/2.0\r\n\r\n", "505"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "501"),
        ("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 70_000) + "\r\n\r\n", "431"),
    ])
    func badRequests(request: String, status: String) throws {
        let h = try ServerHarness(headerTimeout: 5_000_000_000)
        let answer = try h.exchange(Array(request.utf8))
        #expect(answer.starts(with: Array("HTTP/1.1 \(status) ".utf8)))
    }
}
