import Foundation
import Testing
import WASIHost
@testable import WASIHTTP

/// A test CA, a server certificate it signed (for `localhost` only), and `openssl s_server`
/// answering https on a free port; nil (tests skipped) when the `openssl` tool is missing.
final class TLSPeer {
    let directory: String
    let port: UInt16
    let server: Process

    init?() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
            print("skipped: /usr/bin/openssl is missing")
            return nil
        }
        directory = NSTemporaryDirectory() + "wippy-tls-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Self.openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=wippy test CA"], in: directory)
        try Self.openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"], in: directory)
        try "subjectAltName=DNS:localhost\n".write(toFile: directory + "/ext.cnf", atomically: true, encoding: .utf8)
        try Self.openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                          "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf"], in: directory)
        // A free port: bound by us, released, then given to the server.
        let probe = try NetSocket.make(.ipv4, .tcp)
        try probe.bind(SocketAddress(.loopback(.ipv4), port: 0))
        port = try probe.localAddress().port
        server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", "server.pem", "-key", "server.key", "-www", "-quiet"]
        server.currentDirectoryURL = URL(fileURLWithPath: directory)
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
    }

    var caFile: String { directory + "/ca.pem" }

    deinit {
        // SIGKILL: the test runner's children may inherit a blocked SIGTERM.
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func openssl(_ arguments: [String], in directory: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw HTTPErrorCode.internalError("openssl \(arguments.first ?? "") failed") }
    }

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
