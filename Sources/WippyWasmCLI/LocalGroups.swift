import ComponentModel
import WASIHost
import WASICLI
import WASIClocks
import WASIFilesystem
import WASIHTTP
import WASIIO
import WASIRandom
import WASISockets

/// The WASI 0.2 groups `wippy-wasm run` links for a component (as `wasmtime run` does):
/// every local group (`wasi:sockets` too; the network itself needs `--allow-network`).
/// Imports nothing provides still instantiate and trap when called.
enum LocalGroups {
    static let all: [HostGroup] = [wasiIOGroup, wasiCLIGroup, wasiClocksGroup, wasiFilesystemGroup, wasiRandomGroup, wasiSocketsGroup, wasiHTTPGroup]

    /// Every local group, https in `wasi:http` also trusting the CA certificates in `tlsCAFile`.
    static func all(tlsCAFile: String?) -> [HostGroup] {
        guard let tlsCAFile else { return all }
        return all.filter { $0.name != "wasi:http" } + [makeWASIHTTPGroup(tls: TLSClientConfiguration(caFile: tlsCAFile))]
    }

    /// A linker with `groups` registered.
    static func linker(_ groups: [HostGroup] = all) throws(ComponentError) -> ComponentLinker {
        let linker = ComponentLinker()
        for g in groups { try g.register(into: linker) }
        return linker
    }
}

/// What `run` and `serve` give a component: every local group, a dispatcher, and the network
/// grant and WASI context (arguments, environment, mounts) of the command line.
struct ComponentHost {
    let linker: ComponentLinker
    let dispatcher: Dispatcher
    let network: NetworkPermissions
    let context: WASIContext

    /// The host for `options`; nil, with the reason printed, when it cannot be set up.
    init?(_ options: RunOptions) {
        do {
            linker = try LocalGroups.linker(LocalGroups.all(tlsCAFile: options.tlsCAFile))
            dispatcher = try Dispatcher()
        } catch {
            printError("wippy-wasm: cannot set up the WASI host: \(error)")
            return nil
        }
        network = options.allowNetwork ? .granted : .denied
        context = WASIContext(arguments: options.guestArguments, environment: options.environment, mounts: options.mounts)
    }
}
