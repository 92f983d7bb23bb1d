import Testing
import WippyJSON
import WippyRuntime
import WippySHA256
import FileSupport

/// A component entry's result as JSON: the text is written without a tree, and the tree is held
/// to the lift's bound (`StoreConfiguration.maxLiftedBytes`, 1 GiB by default), which a list of
/// bytes, one byte a node, would otherwise pass many times over.
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

    @Test func aTreePastTheLiftBoundIsRefused() async throws {
        let folder = TemporaryFolder()
        let registry = try Self.registry(folder)
        defer { registry.shutdown() }
        // 48 MiB of bytes are lifted (within 1 GiB); as a tree they would take 48 Mi nodes.
        let treeError = await #expect(throws: EntryError.self) {
            _ = try await registry.call("j:bytes", json: [48, .number(JSONNumber(Int64(1 << 20)))])
        }
        #expect(treeError?.kind == .trap)
        #expect(treeError?.message.hasPrefix("result: $[") == true, "\(String(describing: treeError))")
        #expect(treeError?.message.hasSuffix(
            ": the JSON form would take more than 1073741824 bytes of host memory (StoreConfiguration.maxLiftedBytes)") == true)
        // The instance is not broken: the next call is answered.
        #expect(try await registry.callJSONText("j:bytes", arguments: "[1, 2]") == "[[0,0]]")
    }
}
