import Testing
import WippyJSON
import WippyRuntime
import WippySHA256

@Suite("Running entry files")
struct EntryRunTests {
    static func wasmEntry(hash: String, wit: String = "add: func(a: s32, b: s32) -> s32;", extra: String = "") -> String {
        """
        namespace: t
        entries:
          - name: files
            kind: fs.directory
            directory: mods
          - name: add
            kind: function.wasm
            fs: t:files
            path: add.wasm
            hash: sha256:\(hash)
            method: add
            wit: "\(wit)"
        \(extra)
        """
    }

    /// A folder with `module` as `mods/add.wasm` and the entry file of `wasmEntry` for it (its
    /// own SHA-256 unless `hash` is given).
    static func wasmFolder(wit: String = "add: func(a: s32, b: s32) -> s32;", hash: String? = nil,
                           module: [UInt8] = addModule) -> (TemporaryFolder, String) {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        folder.makeFolder("mods")
        folder.write("mods/add.wasm", bytes: module)
        let path = folder.write("entry.yaml", wasmEntry(hash: hash ?? SHA256.hexDigest(module), wit: wit))
        return (folder, path)
    }

    @Test func watEntryFromSharedAnswer() throws {
        guard let text = readText(repositoryRoot + "/../shared/wippy/answer.wat") else {
            print("skipped: ../shared/wippy/answer.wat is missing")
            return
        }
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        folder.write("answer.wat", text)
        let path = folder.write("entry.yaml", """
            namespace: demo
            entries:
              - name: answer
                kind: function.wat
                source: file://answer.wat
                method: answer
                wit: "answer: func() -> s32;"
            """)
        let file = try EntryFile.load(path: path)
        #expect(try file.call(id: "demo:answer", arguments: []) == .number(42))
    }

    @Test func wasmEntryWithWIT() throws {
        let (folder, path) = Self.wasmFolder()
        defer { withExtendedLifetime(folder) {} }
        let file = try EntryFile.load(path: path)
        #expect(try file.call(id: "t:add", arguments: ["40", "2"]) == .number(42))
        #expect(try file.call(id: "t:add", arguments: ["-5", "2"]) == .number(-3))
        let (entry, rest) = try file.selectEntry(["1", "2"])
        #expect(entry.id == "t:add" && rest == ["1", "2"])
    }

    @Test func wasmEntryWithoutWITUsesCoreTypes() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        folder.makeFolder("mods")
        folder.write("mods/add.wasm", bytes: addModule)
        let text = Self.wasmEntry(hash: SHA256.hexDigest(addModule)).split(separator: "\n").filter { !$0.contains("wit:") }.joined(separator: "\n")
        let file = try EntryFile.load(path: folder.write("entry.yaml", text))
        #expect(try file.call(id: "t:add", arguments: ["2147483647", "1"]) == .number(-2147483648))
    }

    @Test func tamperedHashIsRefused() throws {
        let wrong = String(repeating: "0", count: 64)
        let (folder, path) = Self.wasmFolder(hash: wrong)
        defer { withExtendedLifetime(folder) {} }
        let file = try EntryFile.load(path: path)
        let actual = SHA256.hexDigest(addModule)
        #expect(throws: EntryError(file: path, entryID: "t:add", "hash verification failed: expected \(wrong), got \(actual)")) {
            try file.call(id: "t:add", arguments: ["1", "2"])
        }
    }

    @Test func unknownIDListsKnownOnes() throws {
        let (folder, path) = Self.wasmFolder()
        defer { withExtendedLifetime(folder) {} }
        let file = try EntryFile.load(path: path)
        do {
            _ = try file.selectEntry(["t:nope", "1"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("unknown entry ID 't:nope'; known: t:files, t:add"))
        }
    }

    @Test func witMismatchIsRefused() throws {
        let (folder, path) = Self.wasmFolder(wit: "add: func(a: s64, b: s32) -> s32;")
        defer { withExtendedLifetime(folder) {} }
        let file = try EntryFile.load(path: path)
        do {
            _ = try file.call(id: "t:add", arguments: ["1", "2"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("t:add: field 'wit'"))
        }
    }

    @Test func argumentsAreRangeChecked() throws {
        let (folder, path) = Self.wasmFolder(wit: "add: func(a: u8, b: s32) -> u32;")
        defer { withExtendedLifetime(folder) {} }
        let file = try EntryFile.load(path: path)
        #expect(try file.call(id: "t:add", arguments: ["255", "1"]) == .number(256))
        for bad in ["256", "-1", "1.5", "\"x\"", "word"] {
            do {
                _ = try file.call(id: "t:add", arguments: [bad, "1"])
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.description.contains("argument 1 'a'"))
            }
        }
        do {
            _ = try file.call(id: "t:add", arguments: ["1", "2147483648"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("2147483648 is out of range for s32"))
        }
    }

    @Test func aComponentWithoutTheMethodIsRefused() throws {
        let component: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        folder.makeFolder("mods")
        folder.write("mods/add.wasm", bytes: component)
        let file = try EntryFile.load(path: folder.write("entry.yaml", Self.wasmEntry(hash: SHA256.hexDigest(component))))
        do {
            _ = try file.call(id: "t:add", arguments: [])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("t:add: field 'method': the component exports no function named 'add' (exports: none)"))
        }
    }

    @Test func trapsAreReportedAsTraps() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.write("entry.yaml", """
            namespace: t
            entries:
              - name: boom
                kind: function.wat
                source: "(module (func (export \\"boom\\") unreachable))"
                method: boom
            """)
        let file = try EntryFile.load(path: path)
        do {
            _ = try file.call(id: "t:boom", arguments: [])
            Issue.record("expected a trap")
        } catch {
            #expect(error.kind == .trap)
        }
    }
}
