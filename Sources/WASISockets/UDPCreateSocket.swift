import ComponentModel
import WASIHost
import WASIIO

/// `wasi:sockets/udp-create-socket`: `create-udp-socket`, with the same permission and limit
/// checks as TCP.
enum UDPCreateSocketInterface {
    static let name = "wasi:sockets/udp-create-socket@\(wasiVersion)"

    static func register(_ linker: ComponentLinker, _ types: SocketResources) throws(ComponentError) {
        try defineResult(linker, "\(name)#create-udp-socket") { call in
            let family = try SocketValues.family(try call.argument(0))
            let socket = try call.session().openSocket(family, .udp)
            try TCPCreateSocketInterface.prepare(socket)
            return .own(try call.resources.push(UDPSocketObject(socket), type: types.udpSocket))
        }
    }
}
