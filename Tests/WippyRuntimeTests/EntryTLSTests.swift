#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import NetTestSupport
import Testing
import WippyJSON
import WippyRuntime
import WippySHA256
import FileSupport

/// An entry's `tls.ca_file`: the CA its https requests trust beside the system's store.
@Suite("tls.ca_file in entries", .serialized)
struct EntryTLSTests {
    /// An entry calling testsuite/components/https-get.wasm's `get(authority)`, with `tls`
    /// lines (indented as entry fields) when given.
    func entry(_ folder: TemporaryFolder, tls: String = "") throws -> String {
        let bytes = try #require(Files.read(repositoryRoot + "/testsuite/components/https-get.wasm"))
        folder.makeFolder("mods")
        folder.write("mods/get.wasm", bytes: bytes)
        return folder.write("entry.yaml", """
            namespace: t
            entries:
              - name: files
                kind: fs.directory
                directory: mods
              - name: get
                kind: function.wasm
                fs: t:files
                path: get.wasm
                hash: sha256:\(SHA256.hexDigest(bytes))
                method: get
                imports: [wasi:io, wasi:http]
            \(tls)
            """)
    }

    /// `get` of `localhost:PORT`, retried while the server is still starting (1006:
    /// connection-refused).
    func get(_ file: EntryFile, port: UInt16) throws -> JSONValue? {
        for _ in 0..<100 {
            let answer = try file.call(id: "t:get", arguments: ["localhost:\(port)"])
            if answer != 1006 { return answer }
            usleep(50_000)
        }
        return nil
    }

    @Test func theEntrysCAVerifiesTheServer() throws {
        guard let peer = try TLSPeer() else { return }
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        folder.makeFolder("certs")
        folder.write("certs/ca.pem", bytes: try #require(Files.read(peer.caFile)))
        // Without the field the server's certificate is unknown: 1000 + TLS-certificate-error (13),
        // or internal-error (38) on a system without OpenSSL (nothing more to check then).
        // This runs first: s_server serves one connection at a time, and the verified
        // connection below stays open in its instance's pool.
        let without = try EntryFile.load(path: try entry(folder))
        let unverified = try get(without, port: peer.port)
        if unverified == 1038 { return }
        #expect(unverified == 1013)
        let withCA = try EntryFile.load(path: try entry(folder, tls: "    tls: {ca_file: certs/ca.pem}"))
        #expect(try get(withCA, port: peer.port) == 200)
    }

    func loadError(_ tls: String, prepare: (TemporaryFolder) -> Void = { _ in }) throws -> String {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        prepare(folder)
        let path = try entry(folder, tls: tls)
        do {
            _ = try EntryFile.load(path: path)
        } catch {
            return "\(error)"
        }
        Issue.record("the entry file loaded")
        return ""
    }

    @Test func aMissingFileIsALocatedError() throws {
        let text = try loadError("    tls: {ca_file: certs/none.pem}")
        #expect(text.contains("entry.yaml:13:"))
        #expect(text.contains("t:get: tls.ca_file: cannot read certs/none.pem: No such file or directory"))
    }

    @Test func aPathOutOfTheFolderIsRefused() throws {
        #expect(try loadError("    tls: {ca_file: ../ca.pem}").contains("t:get: tls.ca_file: ../ca.pem escapes the entry file's folder"))
        #expect(try loadError("    tls: {ca_file: /etc/ssl/certs/ca-certificates.crt}").contains("escapes the entry file's folder"))
        let text = try loadError("    tls: {ca_file: link.pem}") { folder in
            symlink("/etc/ssl/certs/ca-certificates.crt", folder.path + "/link.pem")
        }
        #expect(text.contains("t:get: tls.ca_file: link.pem escapes the entry file's folder"))
    }

    @Test func aFileWithoutACertificateIsRefused() throws {
        let text = try loadError("    tls: {ca_file: ca.pem}") { folder in folder.write("ca.pem", "not a certificate\n") }
        #expect(text.contains("t:get: tls.ca_file: ca.pem holds no PEM certificate"))
    }

    @Test func unknownKeysAreRefused() throws {
        #expect(try loadError("    tls: {ca: x.pem}").contains("t:get: tls.ca is not a known field (known: ca_file)"))
    }
}
