import ComponentModel
import WASIHost
import WASIIO

/// The `wasi:http` host group: `wasi:http/types` and `wasi:http/outgoing-handler` (0.2.x).
/// Outgoing requests need the session's network permission (else `HTTP-request-denied`);
/// https verifies servers against the system's trust store.
public let wasiHTTPGroup = makeWASIHTTPGroup(tls: TLSClientConfiguration())

/// The `wasi:http` group with its https connections verified by `tls` (an extra CA file).
public func makeWASIHTTPGroup(tls: TLSClientConfiguration) -> HostGroup {
    HostGroup(name: "wasi:http") { (linker: ComponentLinker) throws(ComponentError) in
        let resources = try HTTPResources(linker)
        try TypesFields.register(linker, resources)
        try TypesOutgoing.register(linker, resources)
        try TypesIncoming.register(linker, resources)
        try TypesServer.register(linker, resources)
        try OutgoingHandlerInterface.register(linker, resources, tls: tls)
    }
}
