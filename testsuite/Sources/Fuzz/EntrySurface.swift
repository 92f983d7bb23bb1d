#if canImport(Glibc)
import Glibc
#endif
import WippyRuntime

/// Entry files as a user writes them: each input is written as `entry.yaml` into a scratch
/// folder that holds the files the seeds name (`add.wasm`, `add.wat`), loaded with
/// ``EntryFile/load(path:limits:)`` (YAML, fields, `file://` and `${env:…}` values, module
/// reads and hashes) and, when that succeeds, put in a registry of one worker whose entries are
/// all preloaded (read, verified, decoded, validated, linked), then shut down.
enum EntrySurface {
    /// Shaped like the repository's examples, with the fields they leave out.
    static let extraSeeds = [
        """
        namespace: fz
        entries:
          - name: here
            kind: fs.directory
            directory: .
          - name: add
            kind: function.wasm
            fs: fz:here
            path: /add.wasm
            hash: sha256:f61fd62f57c41269c3c23f360eeaf1090b1db9c38651106674d48bc65dba88ba
            method: add
            wit: "add: func(a: s32, b: s32) -> s32;"
            imports: [wasi:cli, wasi:io, wasi:clocks, wasi:filesystem, wasi:random, funcs]
            pool: {type: inline, max_size: 2}
            limits: {max_execution_ms: 100, memory_bytes: 1048576, max_open_sockets: 2}
            wasi:
              args: [a, b]
              env:
                - {id: fz:v, name: V, required: false}
              mounts:
                - {fs: fz:here, guest: /data, read_only: true}
          - name: v
            kind: env.variable
            default: ${env:HOME|none}
          - name: w
            kind: function.wat
            source: file://add.wat
            method: add
            wit: "add: func(a: s32, b: s32) -> s32;"
        """,
    ].map { Array($0.utf8) }

    static let tokens = ["kind: ", "function.wasm", "function.wat", "fs.directory", "process.wasm", "path: ", "hash: sha256:",
                         "method: ", "imports: [", "pool: {type: lazy, max_size: ", "limits:", "max_execution_ms: ",
                         "file://", "${env:", "|", "}", "../", "/", "- ", ": ", "\n", "  ", "wit: ", "func(", "-> "]
        .map { Array($0.utf8) }

    /// The surface, with a scratch folder made under `.build/fuzz`; nil when it cannot be made.
    static func surface(seeds: [[UInt8]]) -> Surface? {
        let folder = ScratchFiles.folder("entry")
        guard let wasm = Corpus.read("examples/hello/add.wasm", limit: 1 << 20),
              let wat = Corpus.read("examples/hello/add.wat", limit: 1 << 20),
              ScratchFiles.write(wasm, to: folder + "/add.wasm"), ScratchFiles.write(wat, to: folder + "/add.wat") else { return nil }
        let path = folder + "/entry.yaml"
        return Surface(name: "entry", seeds: seeds + extraSeeds, tokens: tokens) { bytes in
            guard ScratchFiles.write(bytes, to: path), let file = try? EntryFile.load(path: path) else { return false }
            guard let registry = try? EntryRegistry(files: [file], workerCount: 1) else { return true }
            _ = try? registry.preload()
            registry.shutdown()
            return true
        }
    }
}
