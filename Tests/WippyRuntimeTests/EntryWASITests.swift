import Testing
import WippyRuntime

@Suite("The imports and wasi fields of function.wasm entries")
struct EntryWASITests {
    static let header = """
        namespace: myns
        entries:
          - name: files
            kind: fs.directory
            directory: .
          - name: home
            kind: env.variable
            variable: HOME
          - name: f
            kind: function.wasm
            fs: myns:files
            path: /f.wasm
            hash: sha256:\(String(repeating: "0", count: 64))
            method: wasi:cli/run#run

        """

    func load(_ extra: String) throws -> EntryFile {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        return try EntryFile.load(path: folder.write("entry.yaml", Self.header + extra))
    }

    func message(_ extra: String) -> String {
        do {
            _ = try load(extra)
            return "loaded"
        } catch {
            return (error as? EntryError)?.message ?? "\(error)"
        }
    }

    @Test func importsAreCanonicalAndWASIFieldsAreRead() throws {
        let file = try load("""
                imports: [WASI:CLI@0.2.0, wasi:io, wasi:cli, funcs]
                wasi:
                  args: [prog, "x y"]
                  cwd: /work
                  env: [{id: myns:home, name: GUEST_HOME, required: true}, {id: os:PATH}]
                  mounts: [{fs: myns:files, guest: /data, read_only: true}]
            """)
        guard case .wasmFunction(let f)? = file.entry(id: "myns:f")?.definition else {
            Issue.record("expected a function.wasm entry")
            return
        }
        #expect(f.imports == ["wasi:cli", "wasi:io", "funcs"])
        #expect(f.wasi.arguments == ["prog", "x y"])
        #expect(f.wasi.workingDirectory == "/work")
        #expect(f.wasi.environment == [.init(id: "myns:home", name: "GUEST_HOME", required: true),
                                       .init(id: "os:PATH", name: "PATH", required: false)])
        #expect(f.wasi.mounts == [.init(fs: "myns:files", guest: "/data", readOnly: true)])
        guard case .variable(let v)? = file.entry(id: "myns:home")?.definition else {
            Issue.record("expected an env.variable entry")
            return
        }
        #expect(v.variable == "HOME")
    }

    @Test func badFieldsAreLocatedErrors() {
        #expect(message("    imports: [wasi:nope]\n").contains("imports[0]: unknown host group 'wasi:nope'"))
        #expect(message("    wasi:\n      cwd: relative\n") == "wasi.cwd must be absolute")
        #expect(message("    wasi:\n      mounts: [{fs: myns:files, guest: data}]\n") == "wasi.mounts[0].guest must be absolute")
        #expect(message("    wasi:\n      mounts: [{guest: /data}]\n") == "wasi.mounts[0].fs is required")
        #expect(message("    wasi:\n      env: [{id: nocolon}]\n") == "wasi.env[0].id must be an entry ID ns:name")
        #expect(message("    wasi:\n      mounts: [{fs: myns:files, guest: /d, read_only: maybe}]\n") == "wasi.mounts[0].read_only must be true or false")
        #expect(message("    wasi:\n      argz: []\n").contains("wasi.argz is not a known field"))
        #expect(message("    wasi: [1]\n") == "field 'wasi' must be a mapping")
    }
}
