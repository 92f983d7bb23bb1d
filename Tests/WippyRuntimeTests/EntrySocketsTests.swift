import Testing
import WASIHost
import WippyJSON
import WippyRuntime
import WippySHA256
import FileSupport

/// An entry gets the network only by listing `wasi:sockets` in `imports`.
@Suite("wasi:sockets in entries")
struct EntrySocketsTests {
    /// An entry calling testsuite/components/tcp-waiter.wasm's `wait(port)` with `imports`.
    func entry(_ imports: String, limits: String = "") throws -> (TemporaryFolder, EntryFile) {
        let bytes = try #require(Files.read(repositoryRoot + "/testsuite/components/tcp-waiter.wasm"))
        let folder = TemporaryFolder()
        folder.makeFolder("mods")
        folder.write("mods/waiter.wasm", bytes: bytes)
        let path = folder.write("entry.yaml", """
            namespace: t
            entries:
              - name: files
                kind: fs.directory
                directory: mods
              - name: wait
                kind: function.wasm
                fs: t:files
                path: waiter.wasm
                hash: sha256:\(SHA256.hexDigest(bytes))
                method: wait
                imports: [\(imports)]
            \(limits)
            """)
        return (folder, try EntryFile.load(path: path))
    }

    /// A loopback port that refuses connections (bound, not listening), with its socket.
    func refusingPort() throws -> (NetSocket, UInt16) {
        let s = try NetSocket.make(.ipv4, .tcp)
        try s.bind(SocketAddress(.loopback(.ipv4), port: 0))
        return (s, try s.localAddress().port)
    }

    @Test func listingSocketsGrantsTheNetwork() throws {
        let (folder, file) = try entry("wasi:io, wasi:sockets")
        defer { withExtendedLifetime(folder) {} }
        let (socket, port) = try refusingPort()
        defer { withExtendedLifetime(socket) {} }
        // 1000 + connection-refused (14): the connect was really made.
        #expect(try file.call(id: "t:wait", arguments: ["\(port)"]) == 1014)
    }

    @Test func withoutSocketsTheImportsAreStubs() throws {
        let (folder, file) = try entry("wasi:io")
        defer { withExtendedLifetime(folder) {} }
        do {
            _ = try file.call(id: "t:wait", arguments: ["9"])
            Issue.record("the call succeeded")
        } catch {
            #expect(error.description.contains("host function not available: wasi:sockets/instance-network"))
        }
    }

    /// `limits.socket_timeout_ms` bounds the guest's read: tcp-waiter connects to a listener
    /// that never accepts nor sends (the kernel completes the connection), and its
    /// blocking-read fails after 200 ms (2000: the read failed).
    @Test func theEntrysSocketTimeoutEndsAReadFromASilentPeer() throws {
        let listener = try NetSocket.make(.ipv4, .tcp)
        try listener.bind(SocketAddress(.loopback(.ipv4), port: 0))
        try listener.listen(backlog: 4)
        let port = try listener.localAddress().port
        defer { withExtendedLifetime(listener) {} }
        let (folder, file) = try entry("wasi:io, wasi:sockets", limits: "    limits: {socket_timeout_ms: 200}")
        defer { withExtendedLifetime(folder) {} }
        #expect(try file.call(id: "t:wait", arguments: ["\(port)"]) == 2000)
    }

    /// `limits.max_open_sockets` reaches the guest: tcp-waiter never drops its socket, so the
    /// second call on the same warm instance is refused a new one at a limit of 1
    /// (1000 + new-socket-limit (10)), and not at the default of 16.
    @Test func theEntrysSocketLimitApplies() throws {
        let (socket, port) = try refusingPort()
        defer { withExtendedLifetime(socket) {} }
        for (limits, second) in [("    limits: {max_open_sockets: 1}", 1010), ("", 1014)] {
            let (folder, file) = try entry("wasi:io, wasi:sockets", limits: limits)
            defer { withExtendedLifetime(folder) {} }
            let registry = try EntryRegistry(files: [file], workerCount: 1)
            defer { registry.shutdown() }
            #expect(try registry.callBlocking("t:wait", arguments: ["\(port)"]) == 1014)
            #expect(try registry.callBlocking("t:wait", arguments: ["\(port)"]) == JSONValue(integerLiteral: Int64(second)))
        }
    }
}
