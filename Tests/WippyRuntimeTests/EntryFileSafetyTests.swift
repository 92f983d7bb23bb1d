#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing
import WippyRuntime
import WippySHA256

/// Entry files read only regular files inside their folders, and never without a bound.
@Suite("Entry files stay in their folders")
struct EntryFileSafetyTests {
    /// An entry file with a `function.wasm` entry at `path` and a `function.wat` entry whose
    /// `method` is `method`.
    private func entryFile(_ folder: TemporaryFolder, path: String, method: String = "m", hash: String? = nil) -> String {
        folder.write("entry.yaml", """
            namespace: n
            entries:
              - name: files
                kind: fs.directory
                directory: mods
              - name: f
                kind: function.wasm
                fs: n:files
                path: \(path)
                hash: sha256:\(hash ?? String(repeating: "0", count: 64))
                method: add
                wit: "add: func(a: s32, b: s32) -> s32;"
              - name: w
                kind: function.wat
                source: "(module)"
                method: \(method)
            """)
    }

    @Test func aLinkOutOfTheFolderIsRefusedForFileValues() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        folder.makeFolder("mods")
        symlink("/etc/passwd", folder.path + "/link")
        let path = entryFile(folder, path: "add.wasm", method: "file://link")
        #expect {
            try EntryFile.load(path: path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("file://link escapes the entry file's folder") && !text.contains("root:")
        }
    }

    @Test func aLinkOutOfTheDirectoryIsRefusedForModulePaths() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        folder.makeFolder("mods")
        symlink("/etc/passwd", folder.path + "/mods/link")
        let file = try EntryFile.load(path: entryFile(folder, path: "link"))
        #expect {
            _ = try file.call(id: "n:f", arguments: ["1", "2"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("field 'path': link escapes the directory of 'n:files'") && !text.contains("got ")
        }
    }

    @Test func aLinkInsideTheDirectoryAndTheRootFormWork() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        folder.makeFolder("mods")
        folder.write("mods/add.wasm", bytes: addModule)
        symlink("add.wasm", folder.path + "/mods/link")
        for path in ["link", "/add.wasm"] {
            let file = try EntryFile.load(path: entryFile(folder, path: path, hash: SHA256.hexDigest(addModule)))
            #expect(try file.call(id: "n:f", arguments: ["40", "2"])?.serialized() == "42")
        }
    }

    @Test func aVariableHoldingAFileValueStaysText() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        folder.makeFolder("mods")
        folder.write("secret.txt", "secret")
        setenv("WIPPY_TEST_FILE_VALUE", "file://secret.txt", 1)
        defer { unsetenv("WIPPY_TEST_FILE_VALUE") }
        let file = try EntryFile.load(path: entryFile(folder, path: "add.wasm", method: "${env:WIPPY_TEST_FILE_VALUE}"))
        guard case .watFunction(let function)? = file.entry(id: "n:w")?.definition else {
            Issue.record("no function.wat entry")
            return
        }
        #expect(function.method == "file://secret.txt")
    }

    @Test func devicesPipesAndLinksToThemAreRefused() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        folder.makeFolder("mods")
        mkfifo(folder.path + "/mods/pipe", 0o600)
        symlink("/dev/zero", folder.path + "/zero.yaml")
        #expect {
            try EntryFile.load(path: folder.path + "/zero.yaml")
        } throws: { error in "\(error)".contains("cannot read: not a regular file") }
        // A pipe would block the read forever; a link to /dev/zero leaves the folder.
        let file = try EntryFile.load(path: entryFile(folder, path: "pipe"))
        #expect {
            _ = try file.call(id: "n:f", arguments: ["1", "2"])
        } throws: { error in "\(error)".contains("not a regular file") }
        #expect(throws: InputFileError(path: "/dev/zero", reason: .notRegularFile)) {
            try InputFile.read("/dev/zero", limit: 100)
        }
    }

    @Test func filesPastTheLimitAreRefused() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.write("big.bin", bytes: [UInt8](repeating: 7, count: 1000))
        #expect(try InputFile.read(path, limit: 1000).count == 1000)
        #expect(throws: InputFileError(path: path, reason: .tooLarge(limit: 999))) {
            try InputFile.read(path, limit: 999)
        }
        var limits = InputLimits()
        limits.textBytes = 10
        #expect {
            try EntryFile.load(path: entryFile(folder, path: "add.wasm"), limits: limits)
        } throws: { error in "\(error)".contains("cannot read: larger than the limit of 10 bytes") }
    }

    @Test func manyEntriesLoad() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        var text = "namespace: n\nentries:\n"
        for i in 0..<20_000 { text += "  - name: d\(i)\n    kind: fs.directory\n    directory: d\n" }
        let file = try EntryFile.load(path: folder.write("entry.yaml", text))
        #expect(file.entries.count == 20_000)
        text += "  - name: d7\n    kind: fs.directory\n    directory: d\n"
        #expect {
            try EntryFile.load(path: folder.write("entry.yaml", text))
        } throws: { error in "\(error)".contains("n:d7: duplicate entry ID") }
    }
}
