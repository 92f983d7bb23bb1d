import Testing
import WippyJSON
import WippyRuntime
import WippySHA256
import FileSupport

/// A component entry's result as JSON: the text is written without a tree and says what the tree
/// says. (The bound on both, the lift's 1 GiB, is checked by `ComponentValueJSONLimitTests` and,
/// through `run entry.yaml`, by cli_tests.py's `test_json_result_size`: passing it here would
/// take more memory than the tests that measure the process's RSS allow the others.)
@Suite("JSON results of component entries")
struct EntryResultJSONTests {
    static let component: [UInt8] = Files.read(repositoryRoot + "/testsuite/components/lift-budget.wasm") ?? []

    /// `bytes(n, len)` of testsuite/components/lift-budget.wat: n lists of `len` zero bytes that
    /// all alias the same guest memory.
    static func registry(_ folder: TemporaryFolder) throws -> EntryRegistry {
        folder.makeFolder("mods")
        folder.write("mods/lift-budget.wasm", bytes: component)
        let path = folder.write("entry.yaml", """
            namespace: j
            entries:
              - {name: mods, kind: fs.directory, directory: mods}
              - name: bytes
                kind: function.wasm
                fs: j:mods
                path: /lift-budget.wasm
                hash: sha256:\(SHA256.hexDigest(component))
                method: bytes
            """)
        return try EntryRegistry(paths: [path], workerCount: 1)
    }

    @Test func theTextAndTheTreeAgree() async throws {
        let folder = TemporaryFolder()
        let registry = try Self.registry(folder)
        defer { registry.shutdown() }
        let expected = "[[0,0,0,0],[0,0,0,0],[0,0,0,0]]"
        #expect(try await registry.callJSONText("j:bytes", arguments: "[3, 4]") == expected)
        #expect(try registry.callBlockingText("j:bytes", arguments: ["3", "4"]) == Array(expected.utf8))
        #expect(try await registry.call("j:bytes", json: [3, 4])?.serialized() == expected)
    }

    /// The body is parsed when the call runs; what is not a JSON array is still an error of kind
    /// `.arguments`, naming the entry.
    @Test func aBodyThatIsNotAnArrayIsAnArgumentsError() async throws {
        let folder = TemporaryFolder()
        let registry = try Self.registry(folder)
        defer { registry.shutdown() }
        for (body, message) in [("[1,", "the arguments are not JSON: "), (#"{"n": 1}"#, "the arguments must be a JSON array")] {
            let error = await #expect(throws: EntryError.self) { _ = try await registry.callJSONText("j:bytes", arguments: body) }
            #expect(error?.kind == .arguments)
            #expect(error?.entryID == "j:bytes")
            #expect(error?.message.hasPrefix(message) == true, "\(String(describing: error))")
        }
    }
}
