import ComponentModel
import WASIHost
import WASIIO

/// `wasi:sockets/tcp-create-socket`: `create-tcp-socket` opens a non-blocking socket, subject
/// to the session's network permission (`access-denied`) and socket limit (`new-socket-limit`).
enum TCPCreateSocketInterface {
    static let name = "wasi:sockets/tcp-create-socket@\(wasiVersion)"

    static func register(_ linker: ComponentLinker, _ types: SocketResources) throws(ComponentError) {
        try defineResult(linker, "\(name)#create-tcp-socket") { call in
            let family = try SocketValues.family(try call.argument(0))
            let socket = try call.session().openSocket(family, .tcp)
            try prepare(socket)
            return .own(try call.resources.push(TCPSocketObject(socket, state: .unbound), type: types.tcpSocket))
        }
    }

    /// What every guest socket gets: IPv6 sockets are IPv6-only (`wasi:sockets` has no
    /// IPv4-mapped addresses).
    static func prepare(_ socket: NetSocket) throws {
        if socket.family == .ipv6 { try socket.setIPv6Only(true) }
    }
}
