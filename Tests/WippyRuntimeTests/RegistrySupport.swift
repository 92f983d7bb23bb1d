#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WippyRuntime
import WippySHA256
import FileSupport

/// An entry file in a temporary folder holding the test components `funcs-caller.wasm` and
/// `funcs-callee.wasm` (testsuite/components) and whatever entries a test adds.
struct RegistryFixture {
    let folder = TemporaryFolder()
    let callerHash: String
    let calleeHash: String

    init() {
        folder.makeFolder("mods")
        let caller = Files.read(repositoryRoot + "/testsuite/components/funcs-caller.wasm") ?? []
        let callee = Files.read(repositoryRoot + "/testsuite/components/funcs-callee.wasm") ?? []
        folder.write("mods/funcs-caller.wasm", bytes: caller)
        folder.write("mods/funcs-callee.wasm", bytes: callee)
        callerHash = SHA256.hexDigest(caller)
        calleeHash = SHA256.hexDigest(callee)
    }

    /// A `function.wasm` entry of the caller component (imports funcs).
    func caller(_ name: String, method: String, pool: String = "") -> String {
        """
          - name: \(name)
            kind: function.wasm
            fs: t:mods
            path: /funcs-caller.wasm
            hash: sha256:\(callerHash)
            method: \(method)
            imports: [funcs]
        \(pool.isEmpty ? "" : "    pool: \(pool)")
        """
    }

    /// A `function.wasm` entry of one export of the callee component.
    func callee(_ name: String, method: String? = nil, pool: String = "") -> String {
        """
          - name: \(name)
            kind: function.wasm
            fs: t:mods
            path: /funcs-callee.wasm
            hash: sha256:\(calleeHash)
            method: \(method ?? name)
        \(pool.isEmpty ? "" : "    pool: \(pool)")
        """
    }

    /// Writes `entry.yaml` (namespace `t`, the `t:mods` directory and `entries`) and loads it.
    func registry(_ entries: [String], workers: Int = 2) throws -> EntryRegistry {
        let text = "namespace: t\nentries:\n  - name: mods\n    kind: fs.directory\n    directory: mods\n" + entries.joined(separator: "\n") + "\n"
        let path = folder.write("entry.yaml", text)
        return try EntryRegistry(paths: [path], workerCount: workers)
    }
}
