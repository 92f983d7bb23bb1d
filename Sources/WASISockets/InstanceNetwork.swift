import ComponentModel
import WASIHost
import WASIIO

/// `wasi:sockets/instance-network`: `instance-network` hands out the guest's `network` handle
/// (always; what it may do is decided when a socket or lookup uses it).
enum InstanceNetworkInterface {
    static let name = "wasi:sockets/instance-network@\(wasiVersion)"

    static func register(_ linker: ComponentLinker, _ types: SocketResources) throws(ComponentError) {
        try definePlain(linker, "\(name)#instance-network") { call in
            .own(try call.resources.push(NetworkObject(), type: types.network))
        }
    }
}
