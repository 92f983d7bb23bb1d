import Testing
import WippyJSON
import WippyRuntime
import WippySHA256

/// The registry over several files, process entries, and IDs.
@Suite("The entry registry")
struct RegistryTests {
    @Test func entriesOfSeveralFilesCallEachOther() async throws {
        let fixture = RegistryFixture()
        let first = fixture.folder.write("first.yaml", "namespace: t\nentries:\n  - name: mods\n    kind: fs.directory\n    directory: mods\n"
            + fixture.caller("call", method: "call") + "\n")
        // The second file's entry finds its directory in the first file.
        let second = fixture.folder.write("second.yaml", "namespace: u\nentries:\n"
            + fixture.callee("upper") + "\n")
        let registry = try EntryRegistry(paths: [first, second], workerCount: 2)
        defer { registry.shutdown() }
        #expect(registry.entryIDs == ["t:mods", "t:call", "u:upper"])
        #expect(try await registry.call("t:call", json: ["u:upper", "abc"]) == .object(["ok": .string("ABC")]))
        #expect(throws: EntryError.self) { try EntryRegistry(paths: [first, first]) }
    }

    @Test func aProcessRunsOnceOnAFreshInstance() async throws {
        let folder = TemporaryFolder()
        folder.makeFolder("mods")
        folder.write("mods/add.wasm", bytes: addModule)
        let path = folder.write("entry.yaml", """
        namespace: t
        entries:
          - {name: mods, kind: fs.directory, directory: mods}
          - name: proc
            kind: process.wasm
            fs: t:mods
            path: /add.wasm
            hash: sha256:\(SHA256.hexDigest(addModule))
            method: add
        """)
        let registry = try EntryRegistry(paths: [path], workerCount: 1)
        defer { registry.shutdown() }
        #expect(try await registry.call("t:proc", arguments: ["6", "7"]) == .number(JSONNumber(Int64(13))))
        #expect(try await registry.call("t:proc", arguments: ["1", "2"]) == .number(JSONNumber(Int64(3))))
        #expect(registry.statistics("t:proc") == nil)
        #expect(registry.functionIDs == ["t:proc"])
        registry.shutdown()
        await #expect(throws: EntryError.self) { try await registry.call("t:proc", arguments: ["1", "2"]) }
    }
}
