import ComponentModel
import Foundation
import HTTP1
import Testing
import WASIClocks
import WASIHost
import WASIIO
@testable import WASIHTTP

/// testsuite/components/http-declared-length.wasm: a guest's GET with a `content-length` field
/// and no body, through `outgoing-handler.handle`, against a loopback peer.
@Suite("A declared length without a body")
struct DeclaredLengthTests {
    /// `get(127.0.0.1:PORT, length)`: the status, or 1000 + the error-code's case; and the
    /// requests the peer received.
    func get(length: String) throws -> (answer: UInt32?, requests: [HTTPRequestHead]) {
        let root = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        let bytes = try #require(FileManager.default.contents(atPath: root + "/testsuite/components/http-declared-length.wasm"))
        let linker = ComponentLinker()
        for group in [wasiIOGroup, wasiClocksGroup, wasiHTTPGroup] { try group.register(into: linker) }
        let dispatcher = try Dispatcher()
        let peer = try LoopbackPeer(dispatcher: dispatcher) { _, _ in .bytes(Array("HTTP/1.1 204 No Content\r\n\r\n".utf8), close: true) }
        let runtime = ComponentRuntime()
        let session = WASISession(context: WASIContext(), dispatcher: dispatcher)
        session.network = .granted
        runtime.hostState[WASISession.self] = session
        let instance = try runtime.instantiate(try LoadedComponent(bytes: [UInt8](bytes)), linker: linker)
        var outcome: Result<ComponentValue?, ComponentError>?
        ComponentDriver.drive(on: dispatcher, try instance.start("get", [.string("127.0.0.1:\(peer.port)"), .string(length)])) {
            outcome = $0
        }
        dispatcher.run { outcome != nil }
        guard case .u32(let answer)?? = try outcome?.get() else { return (nil, peer.requests.map(\.head)) }
        return (answer, peer.requests.map(\.head))
    }

    /// A nonzero or unreadable length is refused by `handle` with HTTP-request-body-size (case
    /// 17): nothing is sent, where the peer would wait for the body.
    @Test(arguments: ["5", "abc", "5, 6"])
    func lengthIsRefused(length: String) throws {
        let (answer, requests) = try get(length: length)
        #expect(answer == 1017)
        #expect(requests.isEmpty)
    }

    /// `content-length: 0`, or none, is a request without a body: it is sent.
    @Test(arguments: ["0", ""])
    func noLengthOrZeroIsSent(length: String) throws {
        let (answer, requests) = try get(length: length)
        #expect(answer == 204)
        let request = try #require(requests.first)
        #expect(HTTPFieldSyntax.values("content-length", in: request.fields) == (length.isEmpty ? [] : [Array(length.utf8)]))
    }

    @Test func lengthWithoutBody() {
        #expect(ClientExchange.lengthWithoutBody([]) == nil)
        #expect(ClientExchange.lengthWithoutBody([HTTPField("content-length", "0")]) == nil)
        #expect(ClientExchange.lengthWithoutBody([HTTPField("content-length", "1")]) == .httpRequestBodySize(0))
        #expect(ClientExchange.lengthWithoutBody([HTTPField("content-length", "")]) == .httpRequestBodySize(0))
    }
}
