import Foundation
import Testing
import WASICLI
import WASIClocks
import WASIHost
import WASIIO
import ComponentModel
@testable import WASIHTTP

/// The shared suite's http-get-c fixture (a C guest: GET /hello and /status/404, printing the
/// status, a header and the body, or the error-code's case number) against a loopback peer on
/// the guest's own dispatcher: the error-code variant as the guest sees it.
@Suite("wasi:http through a guest")
struct GuestTests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func runFixture(network: Bool = true, reply: @escaping (String) -> String) throws -> Outcome? {
        let root = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        guard let data = FileManager.default.contents(atPath: root + "/../shared/components/http-get-c.wasm") else {
            print("skipped: ../shared/components/http-get-c.wasm is missing")
            return nil
        }
        let component = try LoadedComponent(bytes: [UInt8](data))
        let linker = ComponentLinker()
        for group in [wasiIOGroup, wasiCLIGroup, wasiClocksGroup, wasiHTTPGroup] { try group.register(into: linker) }
        let dispatcher = try Dispatcher()
        let peer = try LoopbackPeer(dispatcher: dispatcher) { head, _ in .bytes(Array(reply(head.target).utf8), close: true) }
        let out = WASIByteBuffer(), err = WASIByteBuffer()
        let context = WASIContext(arguments: ["http-get-c"], environment: [("HTTP_PORT", "\(peer.port)")],
                                  standardOutput: .buffer(out), standardError: .buffer(err))
        let outcome = try WASICommand.run(component, linker: linker, context: context, dispatcher: dispatcher,
                                          network: network ? .granted : .denied)
        guard case .exited(let status) = outcome else { throw HTTPErrorCode.internalError("\(outcome)") }
        return Outcome(status: status, stdout: out.text, stderr: err.text)
    }

    @Test func getsAndReadsBodies() throws {
        guard let r = try runFixture(reply: { path in
            let body = path == "/hello" ? "hello from the peer" : "not here"
            return "HTTP/1.1 \(path == "/hello" ? 200 : 404) X\r\nX-Fixture: peer\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        }) else { return }
        #expect(r.status == 0)
        #expect(r.stdout == "GET /hello -> status 200\nx-fixture: peer\nbody (19 bytes): hello from the peer" +
                "GET /status/404 -> status 404\nx-fixture: peer\nbody (8 bytes): not here")
    }

    @Test func malformedResponseIsHTTPProtocolError() throws {
        guard let r = try runFixture(reply: { _ in "HTTP/1.1 2OO OK\r\n\r\n" }) else { return }
        #expect(r.status == 1)
        // Case 35 of error-code is HTTP-protocol-error.
        #expect(r.stderr == "request failed: error-code case 35\n")
    }

    @Test func oversizedHeadIsHeaderSectionSize() throws {
        guard let r = try runFixture(reply: { _ in "HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 70_000) + "\r\n\r\n" }) else { return }
        // Case 26: HTTP-response-header-section-size (with its option<u32> payload).
        #expect(r.stderr == "request failed: error-code case 26\n")
    }

    @Test func withoutTheNetworkTheRequestIsDenied() throws {
        guard let r = try runFixture(network: false, reply: { _ in "" }) else { return }
        // Case 15: HTTP-request-denied, from handle itself.
        #expect(r.stderr == "handle failed: error-code case 15\n")
    }
}
