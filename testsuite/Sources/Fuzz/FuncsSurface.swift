import ComponentModel
import WippyJSON
import WippyRuntime
import WippySHA256

/// `funcs` callers as hostile guests: each input (a mutated testsuite/components/funcs-caller.wasm)
/// is an entry importing `funcs` in a registry beside the entries of funcs-callee.wasm
/// (testsuite/components), limited to 200 ms and 64 MiB per call. Its `forward` export is called
/// through a chain of itself (`fz:fwd|fz:fwd|fz:upper|…`), so wild targets, inputs, lengths and
/// pointers reach the `funcs` host from a guest that is itself inside a `funcs` call.
///
/// Whatever the caller did, the registry must still answer for the callee afterwards: `fz:upper`
/// of `abc` is `ABC` (a poisoned pool, a lost instance or a wedged worker fails the run).
enum FuncsSurface {
    static let callees = ["echo", "upper", "fail", "trap", "bad-utf8", "reverse", "echo-bytes"]

    /// The surface, with a scratch folder made under `.build/fuzz`; nil when it cannot be made.
    static func surface() -> Surface? {
        let folder = ScratchFiles.folder("funcs")
        guard let caller = Corpus.read("testsuite/components/funcs-caller.wasm", limit: 1 << 20),
              let callee = Corpus.read("testsuite/components/funcs-callee.wasm", limit: 1 << 20),
              ScratchFiles.write(callee, to: folder + "/callee.wasm") else { return nil }
        let calleeEntries = callees.map { name in
            """
              - name: \(name)
                kind: function.wasm
                fs: fz:mods
                path: /callee.wasm
                hash: sha256:\(SHA256.hexDigest(callee))
                method: \(name)
            """
        }.joined(separator: "\n")
        return Surface(name: "funcs", seeds: [caller]) { bytes throws(PropertyFailure) in
            guard (try? LoadedComponent(bytes: bytes)) != nil else { return false }
            let text = """
                namespace: fz
                entries:
                  - name: mods
                    kind: fs.directory
                    directory: .
                  - name: fwd
                    kind: function.wasm
                    fs: fz:mods
                    path: /caller.wasm
                    hash: sha256:\(SHA256.hexDigest(bytes))
                    method: forward
                    imports: [funcs]
                    pool: {type: lazy, max_size: 4}
                    limits: {max_execution_ms: 200, memory_bytes: 67108864}

                """ + calleeEntries + "\n"
            guard ScratchFiles.write(bytes, to: folder + "/caller.wasm"), ScratchFiles.write(Array(text.utf8), to: folder + "/entry.yaml"),
                  let file = try? EntryFile.load(path: folder + "/entry.yaml"),
                  let registry = try? EntryRegistry(files: [file], workerCount: 1) else {
                throw PropertyFailure(message: "funcs: the scratch entry file in \(folder) does not load")
            }
            defer { registry.shutdown() }
            for input in ["fz:upper|hello", "fz:fwd|fz:fwd|fz:reverse|abc", "fz:fwd|fz:trap|x", "fz:bad-utf8|"] {
                _ = try? registry.callBlocking("fz:fwd", arguments: [input])
            }
            let answer = try? registry.callBlocking("fz:upper", arguments: ["abc"])
            guard answer == .string("ABC") else {
                throw PropertyFailure(message: "funcs: after the caller, fz:upper(\"abc\") answered \(answer.map { "\($0)" } ?? "an error")")
            }
            return true
        }
    }
}
