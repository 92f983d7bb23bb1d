import Foundation
import WASIHost

/// Why a ``TLSPeer`` could not be set up.
public struct TLSPeerError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
}

/// A test CA, a server certificate it signed (for `localhost` only), and `openssl s_server`
/// answering https on a free loopback port (its status page for every request). Shared by
/// the tests of the https client and of entries' `tls.ca_file`.
public final class TLSPeer {
    /// The folder holding the certificates and keys (removed with the peer).
    public let directory: String
    /// The server's port on 127.0.0.1.
    public let port: UInt16
    let server: Process

    /// Starts one; nil (the test is skipped) when the `openssl` tool is missing.
    public init?() throws {
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

    /// The test CA's certificate (PEM).
    public var caFile: String { directory + "/ca.pem" }

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
        guard p.terminationStatus == 0 else { throw TLSPeerError(description: "openssl \(arguments.first ?? "") failed") }
    }
}
