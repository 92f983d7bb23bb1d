#if canImport(Glibc)
import Glibc
#endif
import ComponentModel
import WasmInterpreter
import WASICLI
import WASIHost
import WippyRuntime

/// WASI 0.2 command components run as hostile guests: each input (a mutated WASI testsuite
/// program or fixture component) is run as `wippy-wasm run` would, with the local groups
/// linked (`wasi:cli`, `wasi:io`, `wasi:clocks`, `wasi:filesystem`, `wasi:random`) and the
/// network groups (`wasi:sockets`, `wasi:http`) with the network denied (their resources,
/// fields and requests are real, a socket or a request is refused, nothing leaves the machine),
/// a scratch directory mounted at `/` (as the WASI testsuite's runner does), stdin from a
/// buffer, output discarded, and limits on time, memory and fuel. A mutated constant becomes a
/// wild pointer, length, handle or path given to the host, which must answer with an error code
/// or a trap.
///
/// After every input the folder around the mount must hold what it held before (the scratch
/// directory and an untouched file beside it): a guest that wrote outside its mount fails the
/// run.
enum WASISurface {
    static let folder = ScratchFiles.folder("wasi")
    static let sandbox = folder + "/sandbox"
    static let outside = folder + "/outside.txt"
    static let outsideText = Array("outside the mount\n".utf8)

    /// The surface; nil when its folder, linker or dispatcher cannot be made.
    static func surface(shared: String) -> Surface? {
        let seeds = Corpus.files(under: shared + "/wasi-testsuite/derived-wasip2", suffix: ".wasm", limit: 512 << 10)
            + Corpus.files(under: shared + "/components", suffix: ".wasm", limit: 512 << 10)
        // The files the C tests of the WASI testsuite expect in their directory.
        let template = shared + "/wasi-testsuite/tests/c/testsuite/wasm32-wasip1/fs-tests.dir"
        guard ScratchFiles.write(outsideText, to: outside), resetSandbox(from: template),
              let linker = try? ImportLinking.linker(for: ["wasi:cli", "wasi:io", "wasi:clocks", "wasi:filesystem", "wasi:random",
                                                            "wasi:sockets", "wasi:http"]),
              let dispatcher = try? Dispatcher() else { return nil }
        let limits = CallLimits(maxExecutionMilliseconds: 200, maxMemoryBytes: 64 << 20, fuel: 20_000_000)
        return Surface(name: "wasi", seeds: seeds) { bytes throws(PropertyFailure) in
            guard let component = try? LoadedComponent(bytes: bytes) else { return false }
            guard resetSandbox(from: template) else { throw PropertyFailure(message: "wasi: cannot reset \(sandbox)") }
            let context = WASIContext(
                arguments: ["fuzz.wasm"], environment: [(name: "A", value: "b")],
                mounts: [WASIMount(hostPath: sandbox, guestPath: "/")],
                standardInput: .buffer(WASIByteBuffer(Array("input line\n".utf8))),
                standardOutput: .null, standardError: .null)
            _ = try? WASICommand.run(component, linker: linker, context: context, dispatcher: dispatcher, network: .denied, limits: limits)
            try checkOutside()
            return true
        }
    }

    /// The folder holds only the scratch directory and the untouched file beside it.
    static func checkOutside() throws(PropertyFailure) {
        let names = Set(ScratchFiles.names(in: folder))
        guard names == ["sandbox", "outside.txt"] else {
            throw PropertyFailure(message: "wasi: the folder around the mount changed: \(names.sorted())")
        }
        guard Corpus.read(outside, limit: 4096) == outsideText else {
            throw PropertyFailure(message: "wasi: \(outside) changed")
        }
    }

    /// Empties the scratch directory (never following a link the guest made) and fills it
    /// again: the files under `template`, and a file and a subdirectory of its own.
    static func resetSandbox(from template: String) -> Bool {
        mkdir(sandbox, 0o755)
        let root = open(sandbox, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else { return false }
        defer { close(root) }
        guard ScratchFiles.removeContents(of: root) else { return false }
        guard ScratchFiles.copyTree(from: template, into: root), mkdirat(root, "sub", 0o755) == 0 else { return false }
        return ScratchFiles.write(Array("hello from the host\n".utf8), to: "a.txt", in: root)
    }
}
