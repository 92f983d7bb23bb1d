import Foundation
import NetTestSupport
import Testing
import WASIHost
@testable import WASIHTTP

extension TLSPeer {
    /// The response to GET / at `host`, retried while the server is still starting.
    func get(_ host: String, tls: TLSClientConfiguration) throws -> (ClientRun, Result<IncomingResponseObject, HTTPErrorCode>) {
        for _ in 0..<100 {
            let run = try ClientRun()
            let result = try run.send(("https", "\(host):\(port)", "/"), tls: tls)
            if result.failureValue != .connectionRefused { return (run, result) }
            usleep(50_000)
        }
        throw HTTPErrorCode.internalError("the TLS server did not start")
    }
}

@Suite("https through the system's OpenSSL", .serialized)
struct TLSClientTests {
    @Test func verifiedWithTheTestCA() throws {
        guard OpenSSLLibrary.shared != nil, let peer = try TLSPeer() else { return }
        let (run, result) = try peer.get("localhost", tls: TLSClientConfiguration(caFile: peer.caFile))
        let response = try #require(result.value)
        #expect(response.status == 200)
        let incoming = try #require(response.body)
        let body = try #require(run.readAll(incoming).value)
        // s_server -www answers with a status page naming the protocol.
        #expect(String(decoding: body, as: UTF8.self).contains("TLS"))
    }

    /// The CA given as PEM text (an entry's `tls.ca_file`, read by the runtime) instead of a path.
    @Test func verifiedWithTheTestCAAsText() throws {
        guard OpenSSLLibrary.shared != nil, let peer = try TLSPeer() else { return }
        let pem = try #require(FileManager.default.contents(atPath: peer.caFile))
        let (_, result) = try peer.get("localhost", tls: TLSClientConfiguration(caCertificates: [UInt8](pem), source: "ca.pem"))
        #expect(result.value?.status == 200)
    }

    @Test func textWithoutCertificatesIsAnError() throws {
        guard let peer = try TLSPeer() else { return }
        let (_, result) = try peer.get("localhost", tls: TLSClientConfiguration(caCertificates: Array("no PEM here".utf8), source: "ca.pem"))
        guard case .internalError(let text?)? = result.failureValue else {
            Issue.record("unexpected \(String(describing: result))")
            return
        }
        #expect(text.contains("ca.pem") || text.contains("libssl"))
    }

    @Test func unknownCAIsACertificateError() throws {
        guard OpenSSLLibrary.shared != nil, let peer = try TLSPeer() else { return }
        let (_, result) = try peer.get("localhost", tls: TLSClientConfiguration())
        #expect(result.failureValue == .tlsCertificateError)
    }

    @Test func wrongHostNameIsACertificateError() throws {
        guard OpenSSLLibrary.shared != nil, let peer = try TLSPeer() else { return }
        // The certificate names localhost only, not the address.
        let (_, result) = try peer.get("127.0.0.1", tls: TLSClientConfiguration(caFile: peer.caFile))
        #expect(result.failureValue == .tlsCertificateError)
    }

    @Test func missingCAFileIsAnError() throws {
        let run = try ClientRun()
        let result = try run.send(("https", "localhost:9", "/"), tls: TLSClientConfiguration(caFile: "/nonexistent/ca.pem"))
        // Either the connection is refused first, or the context cannot be made.
        switch result.failureValue {
        case .connectionRefused?, .internalError?: break
        default: Issue.record("unexpected \(String(describing: result))")
        }
    }
}
