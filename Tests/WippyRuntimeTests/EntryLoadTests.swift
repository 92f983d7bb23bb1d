import Testing
import WippyRuntime

@Suite("Loading entry files")
struct EntryLoadTests {
    @Test func missingRequiredFieldNamesEntryAndField() {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.write("entry.yaml", """
            namespace: myns
            entries:
              - name: f
                kind: function.wasm
                fs: myns:files
                path: f.wasm
                method: run
            """)
        #expect(throws: EntryError(file: path, entryID: "myns:f", "field 'hash' is required")) {
            try EntryFile.load(path: path)
        }
        do {
            _ = try EntryFile.load(path: path)
        } catch {
            #expect(error.description == "\(path): myns:f: field 'hash' is required")
        }
    }

    @Test func badHashFormatHasPosition() {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.write("entry.yaml", """
            namespace: myns
            entries:
              - name: f
                kind: function.wasm
                fs: myns:files
                path: f.wasm
                hash: sha256:ABC
                method: run
            """)
        do {
            _ = try EntryFile.load(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(path):7:11: myns:f: field 'hash' must be sha256:<64 lowercase hex>")
        }
    }

    @Test func fileEscapeIsRefused() {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        for source in ["file://../x.wat", "file:///etc/passwd", "file://a/../../x.wat"] {
            let path = folder.write("entry.yaml", """
                namespace: n
                entries:
                  - name: w
                    kind: function.wat
                    source: \(source)
                    method: m
                """)
            do {
                _ = try EntryFile.load(path: path)
                Issue.record("\(source) was accepted")
            } catch {
                #expect(error.entryID == "n:w")
                #expect(error.description.contains("field 'source'") && error.description.contains("escapes the entry file's folder"))
            }
        }
    }

    @Test func environmentSubstitution() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.write("entry.yaml", """
            namespace: ${env:WIPPY_TEST_SURELY_UNSET_NS|fallback}
            entries:
              - name: d
                kind: fs.directory
                directory: ${env:WIPPY_TEST_SURELY_UNSET_DIR|data}
            """)
        let file = try EntryFile.load(path: path)
        #expect(file.namespace == "fallback")
        guard case .directory(let directory)? = file.entry(id: "fallback:d")?.definition else {
            Issue.record("no directory entry")
            return
        }
        #expect(directory == folder.path + "/data")
    }

    @Test func unknownKindIsListedButNotRun() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.write("entry.yaml", """
            namespace: n
            entries:
              - name: p
                kind: process.lua
            """)
        let file = try EntryFile.load(path: path)
        #expect(file.entries.map(\.id) == ["n:p"])
        do {
            _ = try file.call(id: "n:p", arguments: [])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("n:p: kind 'process.lua' is not supported"))
        }
    }

    @Test func witParsing() throws {
        let parsed = try WITSignatures.parse("answer: func() -> s32;\nadd: func(a: s32, b: u64) -> f64;\nlog: func(c: char);").get()
        #expect(parsed.functions["answer"]?.description == "func() -> s32")
        #expect(parsed.functions["add"]?.coreType == .init(parameters: [.i32, .i64], results: [.f64]))
        #expect(parsed.functions["log"]?.result == nil)
        #expect(throws: WITSignatures.ParseFailure.self) { try WITSignatures.parse("f: func(s: string);").get() }
    }
}
