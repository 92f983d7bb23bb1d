import Testing
import WippyYAML

/// Documents shaped like Wippy entry files (DESIGN.md §5 and the Wippy docs).
@Suite("Wippy entry files")
struct EntryFileTests {
    static let entryFile = """
    # Wippy entries for the demo
    version: "1.0"
    namespace: demo.wasm

    entries:
      - name: assets
        kind: fs.directory
        meta:
          comment: Filesystem with WASM binaries
        directory: ./wasm

      - name: compute
        kind: function.wasm
        fs: demo.wasm:assets
        path: /compute.wasm
        hash: sha256:292b796376f8b4cc360acf2ea6b82d1084871c3607a079f30b446da8e5c984a4
        method: compute   # exported function
        imports:
          - wasi:cli
          - wasi:io@0.2.0
        wasi:
          args: [--verbose, "two words"]
          cwd: /
          env:
            - id: demo.wasm:token
              name: API_TOKEN
              required: true
          mounts:
            - {fs: "demo.wasm:assets", guest: /data, read_only: true}
        pool:
          type: lazy
          max_size: 4
        limits:
          max_execution_ms: 5000
          memory_bytes: 67108864

      - name: answer
        kind: function.wat
        method: answer
        wit: |
          answer: func() -> s32;
        source: |
          (module
            (func (export "answer") (result i32)
              i32.const 42))
        pool: {type: inline}
    """

    @Test("reads the whole entry file")
    func wholeFile() throws {
        let root = try YAMLParser().parse(Self.entryFile)
        #expect(root["version"]?.value == "1.0")
        #expect(root["namespace"]?.string == "demo.wasm")
        let entries = try #require(root["entries"]?.list)
        #expect(entries.count == 3)

        let assets = entries[0]
        #expect(assets.map?.keys == ["name", "kind", "meta", "directory"])
        #expect(assets["meta"]?.value == ["comment": "Filesystem with WASM binaries"])
        #expect(assets["directory"]?.string == "./wasm")

        let compute = entries[1]
        #expect(compute["fs"]?.string == "demo.wasm:assets")
        #expect(compute["hash"]?.string == "sha256:292b796376f8b4cc360acf2ea6b82d1084871c3607a079f30b446da8e5c984a4")
        #expect(compute["method"]?.string == "compute")
        #expect(compute["imports"]?.value == ["wasi:cli", "wasi:io@0.2.0"])
        #expect(compute["wasi"]?["args"]?.value == ["--verbose", "two words"])
        #expect(compute["wasi"]?["cwd"]?.string == "/")
        #expect(compute["wasi"]?["env"]?.value == [["id": "demo.wasm:token", "name": "API_TOKEN", "required": true]])
        #expect(compute["wasi"]?["mounts"]?[0]?.value == ["fs": "demo.wasm:assets", "guest": "/data", "read_only": true])
        #expect(compute["pool"]?.value == ["type": "lazy", "max_size": 4])
        #expect(compute["limits"]?["memory_bytes"]?.int == 67_108_864)

        let answer = entries[2]
        #expect(answer["wit"]?.string == "answer: func() -> s32;\n")
        #expect(answer["source"]?.string == "(module\n  (func (export \"answer\") (result i32)\n    i32.const 42))\n")
        #expect(answer["pool"]?.style == .flowMap)
    }

    // Marks checked against libyaml's (PyYAML's compose) node marks.
    @Test("every field remembers where it was written")
    func marks() throws {
        let root = try YAMLParser().parse(Self.entryFile)
        let compute = try #require(root["entries"]?[1])
        #expect(compute.mark.description == "12:5")
        #expect(compute.map?.entry(forKey: "method")?.keyMark.description == "17:5")
        #expect(compute["method"]?.mark.description == "17:13")
        #expect(compute["imports"]?[1]?.mark.description == "20:9")
        #expect(compute["wasi"]?["mounts"]?[0]?["guest"]?.mark.description == "29:43")
        #expect(compute["pool"]?["max_size"]?.mark.description == "32:17")
        #expect(root["entries"]?[2]?["source"]?.mark.description == "42:13")
    }

    @Test("strings stay strings: versions, modes and words keep their text")
    func rawText() throws {
        let root = try YAMLParser().parse("""
        version: 1.10
        mode: 0755
        quoted_mode: "0755"
        flag: yes
        enabled: true
        empty:
        nothing: ~
        hex: 0x1F
        """)
        #expect(root["version"]?.value == .float(1.1))
        #expect(root["version"]?.string == "1.10")
        #expect(root["mode"]?.value == .int(0o755))
        #expect(root["mode"]?.string == "0755")
        #expect(root["quoted_mode"]?.value == "0755")
        #expect(root["quoted_mode"]?.style == .doubleQuoted)
        #expect(root["flag"]?.value == "yes")
        #expect(root["enabled"]?.value == true)
        #expect(root["enabled"]?.string == "true")
        #expect(root["empty"]?.isNull == true)
        #expect(root["empty"]?.style == .empty)
        #expect(root["empty"]?.string == nil)
        #expect(root["nothing"]?.string == nil)
        #expect(root["nothing"]?.text == "~")
        #expect(root["hex"]?.int == 31)
        #expect(root["hex"]?.string == "0x1F")
    }

    @Test("entries at the key's indentation and a document start marker")
    func compactSequence() throws {
        let root = try YAMLParser().parse("""
        ---
        namespace: app
        entries:
        - name: a
          kind: env.variable
        - name: b
          kind: fs.directory
          directory: ./files
        version: 2
        """)
        #expect(root.value == [
            "namespace": "app",
            "entries": [
                ["name": "a", "kind": "env.variable"],
                ["name": "b", "kind": "fs.directory", "directory": "./files"],
            ],
            "version": 2,
        ])
    }

    @Test("file:// references and ${env:...} placeholders are plain strings")
    func references() throws {
        let root = try YAMLParser().parse("""
        entries:
          - name: sum
            kind: function.wat
            source: file://sum.wat
            method: ${env:METHOD|sum}
            wasi:
              env: [{id: "app:home", name: HOME}]
        """)
        #expect(root["entries"]?[0]?["source"]?.string == "file://sum.wat")
        #expect(root["entries"]?[0]?["method"]?.string == "${env:METHOD|sum}")
    }

    @Test("CRLF line breaks and a byte order mark")
    func windowsText() throws {
        let text = "\u{FEFF}namespace: app\r\nentries:\r\n  - name: x\r\n    wit: |\r\n      a: func();\r\n"
        let root = try YAMLParser().parse(text)
        #expect(root["namespace"]?.string == "app")
        #expect(root["entries"]?[0]?["wit"]?.string == "a: func();\n")
        #expect(root["entries"]?[0]?["name"]?.mark.description == "3:11")
    }
}
