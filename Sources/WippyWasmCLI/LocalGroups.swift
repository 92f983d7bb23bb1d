import ComponentModel
import WASICLI
import WASIClocks
import WASIFilesystem
import WASIIO
import WASIRandom
import WASISockets

/// The WASI 0.2 groups `wippy-wasm run` links for a component (as `wasmtime run` does):
/// every local group (`wasi:sockets` too; the network itself needs `--allow-network`).
/// Imports nothing provides still instantiate and trap when called.
enum LocalGroups {
    static let all: [HostGroup] = [wasiIOGroup, wasiCLIGroup, wasiClocksGroup, wasiFilesystemGroup, wasiRandomGroup, wasiSocketsGroup]

    /// A linker with `groups` registered.
    static func linker(_ groups: [HostGroup] = all) throws(ComponentError) -> ComponentLinker {
        let linker = ComponentLinker()
        for g in groups { try g.register(into: linker) }
        return linker
    }
}
