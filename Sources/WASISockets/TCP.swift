import ComponentModel
import WASIHost
import WASIIO

/// `wasi:sockets/tcp`: every method of `tcp-socket`. Connect and accept answer `would-block`
/// while they cannot finish; `subscribe` gives the pollable to wait on. A connected socket's
/// streams are children of its handle (the socket cannot be dropped before them).
enum TCPInterface {
    static let name = "wasi:sockets/tcp@\(wasiVersion)"

    static func register(_ linker: ComponentLinker, _ io: IOResources, _ types: SocketResources) throws(ComponentError) {
        let method = "\(name)#[method]tcp-socket."
        func tcp(_ call: ComponentHostCall) throws -> TCPSocketObject {
            try call.resource(0, types.tcpSocket, as: TCPSocketObject.self)
        }
        /// The connected socket's input and output streams, as children of `parent`; a guest
        /// waiting on one longer than the socket timeout without progress gets `timeout`.
        func streams(_ call: ComponentHostCall, _ t: TCPSocketObject, parent: ResourceHandle) throws -> [ComponentValue] {
            let idle = try call.session().network.socketTimeoutNanoseconds
            let output = t.socket.makeOutputStream(idleTimeout: idle)
            t.output = output
            return [try call.newInputStream(t.socket.makeInputStream(idleTimeout: idle), io, parent: parent),
                    try call.newOutputStream(output, io, parent: parent)]
        }
        func handle(_ call: ComponentHostCall) throws -> ResourceHandle {
            switch try call.argument(0) {
            case .own(let h), .borrow(let h): return h
            default: throw HostArgumentError("\(call.name): argument 0 is not a handle")
            }
        }

        try defineResult(linker, method + "start-bind") { call in
            try NetworkInterface.check(call, 1, types)
            try tcp(call).startBind(try SocketValues.socketAddress(try call.argument(2)))
            return nil
        }
        try defineResult(linker, method + "finish-bind") { call in
            try tcp(call).finishBind()
            return nil
        }
        try defineResult(linker, method + "start-connect") { call in
            try NetworkInterface.check(call, 1, types)
            let session = try call.session()
            guard session.network.allowed else { throw SocketErrorCode.accessDenied }
            try tcp(call).startConnect(try SocketValues.socketAddress(try call.argument(2)),
                                       timeout: session.network.socketTimeoutNanoseconds)
            return nil
        }
        try defineResult(linker, method + "finish-connect") { call in
            let t = try tcp(call)
            guard try t.finishConnect() else { throw SocketErrorCode.wouldBlock }
            return .tuple(try streams(call, t, parent: try handle(call)))
        }
        try defineResult(linker, method + "start-listen") { call in
            try tcp(call).startListen()
            return nil
        }
        try defineResult(linker, method + "finish-listen") { call in
            try tcp(call).finishListen()
            return nil
        }
        try defineResult(linker, method + "accept") { call in
            let t = try tcp(call)
            guard t.state == .listening else { throw SocketErrorCode.invalidState }
            guard try call.session().canOpenSocket else { throw NetworkError.newSocketLimit }
            guard let (client, _) = try t.socket.accept() else { throw SocketErrorCode.wouldBlock }
            let accepted = TCPSocketObject(client, state: .connected)
            let h = try call.resources.push(accepted, type: types.tcpSocket)
            return .tuple([.own(h)] + (try streams(call, accepted, parent: h)))
        }
        try defineResult(linker, method + "local-address") { call in
            let t = try tcp(call)
            switch t.state {
            case .unbound, .bindStarted, .closed: throw SocketErrorCode.invalidState
            default: return SocketValues.socketAddress(try t.socket.localAddress())
            }
        }
        try defineResult(linker, method + "remote-address") { call in
            let t = try tcp(call)
            guard t.state == .connected else { throw SocketErrorCode.invalidState }
            return SocketValues.socketAddress(try t.socket.remoteAddress())
        }
        try definePlain(linker, method + "is-listening") { call in .bool(try tcp(call).state == .listening) }
        try definePlain(linker, method + "address-family") { call in SocketValues.family(try tcp(call).socket.family) }
        try defineResult(linker, method + "set-listen-backlog-size") { call in
            try tcp(call).setBacklog(try call.u64(1))
            return nil
        }
        try definePlain(linker, method + "subscribe") { call in
            try call.newPollable(try tcp(call).readiness(), io, parent: try call.argument(0))
        }
        try defineResult(linker, method + "shutdown") { call in
            let t = try tcp(call)
            guard t.state == .connected else { throw SocketErrorCode.invalidState }
            let direction: ShutdownDirection
            switch try call.argument(1) {
            case .enum("receive"): direction = .receive
            case .enum("send"): direction = .send
            case .enum("both"): direction = .both
            default: throw HostArgumentError("\(call.name): argument 1 is not a shutdown-type")
            }
            let dispatcher = try call.session().dispatcher
            do throws(NetworkError) {
                try t.shutdown(direction, on: dispatcher)
            } catch .invalidArgument {
                throw SocketErrorCode.invalidState
            }
            return nil
        }
        try TCPOptions.register(linker, method, tcp)
    }
}
