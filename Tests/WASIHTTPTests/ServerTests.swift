import ComponentModel
import Foundation
import Testing
import WASIHost
import WASIIO
@testable import WASIHTTP

/// `IncomingHandlerServer` with the hello handler of testsuite/components, and a raw client on
/// the same dispatcher.
struct ServerHarness {
    let dispatcher: Dispatcher
    let server: IncomingHandlerServer

    init(headerTimeout: UInt64) throws {
        let root = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        let bytes = try #require(FileManager.default.contents(atPath: root + "/testsuite/components/http-hello.wasm"))
        let component = try LoadedComponent(bytes: [UInt8](bytes))
        let linker = ComponentLinker()
        try wasiIOGroup.register(into: linker)
        try wasiHTTPGroup.register(into: linker)
        let dispatcher = try Dispatcher()
        var configuration = IncomingHandlerServer.Configuration()
        configuration.headerTimeout = headerTimeout
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
        let socket = try NetSocket.make(.ipv4, .tcp)
        var connected = try socket.startConnect(SocketAddress(.loopback(.ipv4), port: server.port))
        while !connected {
            var ready = false
            _ = socket.writable().whenReady(on: dispatcher) { ready = true }
            dispatcher.run { ready }
            connected = try socket.finishConnect()
        }
        _ = try request.withUnsafeBytes { try socket.send($0) }
        var received: [UInt8] = []
        var ended = false
        func readMore() {
            while let got = (try? socket.receive(maxCount: 65536)) ?? nil {
                if got.bytes.isEmpty { ended = true; return }
                received += got.bytes
            }
            _ = socket.readable().whenReady(on: dispatcher) { readMore() }
        }
        readMore()
        dispatcher.run { ended }
        return received
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
