import ComponentModel
import WASIHost
import WASIIO

/// What a `network` handle holds: the capability to use the guest's network (whether the
/// network is granted is the session's ``NetworkPermissions``).
final class NetworkObject {}

/// `wasi:sockets/network`: the `network` resource and `network-error-code`, which reads the
/// socket error behind a stream's `wasi:io/error`.
enum NetworkInterface {
    static let name = "wasi:sockets/network@\(wasiVersion)"

    static func register(_ linker: ComponentLinker, _ io: IOResources, _ types: SocketResources) throws(ComponentError) {
        try definePlain(linker, "\(name)#network-error-code") { call in
            let e = try call.resource(0, io.error, as: IOErrorObject.self)
            guard case .posix = e.error else { return .option(nil) }
            return .option(SocketErrorCode(NetworkError(e.error)).value)
        }
    }

    /// Checks that argument `i` is a live `network` handle.
    static func check(_ call: ComponentHostCall, _ i: Int, _ types: SocketResources) throws {
        _ = try call.resource(i, types.network, as: NetworkObject.self)
    }
}
