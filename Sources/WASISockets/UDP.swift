import ComponentModel
import WASIHost
import WASIIO

/// `wasi:sockets/udp`: every method of `udp-socket`, `incoming-datagram-stream` and
/// `outgoing-datagram-stream`. `receive` returns what is waiting (possibly nothing) and
/// `check-send` 0 when the socket cannot take a datagram; their `subscribe` pollables wait.
enum UDPInterface {
    static let name = "wasi:sockets/udp@\(wasiVersion)"

    static func register(_ linker: ComponentLinker, _ io: IOResources, _ types: SocketResources) throws(ComponentError) {
        let method = "\(name)#[method]udp-socket."
        func udp(_ call: ComponentHostCall) throws -> UDPSocketObject {
            try call.resource(0, types.udpSocket, as: UDPSocketObject.self)
        }
        func socket(_ call: ComponentHostCall) throws -> NetSocket {
            let u = try udp(call)
            return u.socket
        }
        typealias V = SocketOptionValues

        try defineResult(linker, method + "start-bind") { call in
            try NetworkInterface.check(call, 1, types)
            try udp(call).startBind(try SocketValues.socketAddress(try call.argument(2)))
            return nil
        }
        try defineResult(linker, method + "finish-bind") { call in
            try udp(call).finishBind()
            return nil
        }
        try defineResult(linker, method + "stream") { call in
            let u = try udp(call)
            guard u.incoming == nil && u.outgoing == nil else {
                throw HostArgumentError("\(call.name): the socket's previous datagram streams are not dropped yet")
            }
            var remote: SocketAddress?
            if case .option(let value?) = try call.argument(1) { remote = try SocketValues.socketAddress(value) }
            try u.connect(remote)
            let parent: ResourceHandle
            switch try call.argument(0) {
            case .own(let h), .borrow(let h): parent = h
            default: throw HostArgumentError("\(call.name): argument 0 is not a handle")
            }
            let incoming = IncomingDatagramStreamObject(u), outgoing = OutgoingDatagramStreamObject(u)
            let hi = try call.resources.push(incoming, type: types.incomingDatagramStream, parent: parent)
            let ho = try call.resources.push(outgoing, type: types.outgoingDatagramStream, parent: parent)
            u.incoming = incoming
            u.outgoing = outgoing
            return .tuple([.own(hi), .own(ho)])
        }
        try defineResult(linker, method + "local-address") { call in
            let u = try udp(call)
            guard u.bindState != .unbound else { throw SocketErrorCode.invalidState }
            return SocketValues.socketAddress(try u.socket.localAddress())
        }
        try defineResult(linker, method + "remote-address") { call in
            guard let remote = try udp(call).remote else { throw SocketErrorCode.invalidState }
            return SocketValues.socketAddress(remote)
        }
        try definePlain(linker, method + "address-family") { call in SocketValues.family(try socket(call).family) }
        try V.registerShared(linker, method, hopLimitName: "unicast-hop-limit", socket)
        try definePlain(linker, method + "subscribe") { call in
            _ = try udp(call)
            return try call.newPollable(ReadyPollable(), io, parent: try call.argument(0))
        }
        try registerStreams(linker, io, types)
    }

    static func registerStreams(_ linker: ComponentLinker, _ io: IOResources, _ types: SocketResources) throws(ComponentError) {
        let incoming = "\(name)#[method]incoming-datagram-stream."
        let outgoing = "\(name)#[method]outgoing-datagram-stream."
        func input(_ call: ComponentHostCall) throws -> IncomingDatagramStreamObject {
            try call.resource(0, types.incomingDatagramStream, as: IncomingDatagramStreamObject.self)
        }
        func output(_ call: ComponentHostCall) throws -> OutgoingDatagramStreamObject {
            try call.resource(0, types.outgoingDatagramStream, as: OutgoingDatagramStreamObject.self)
        }
        try defineResult(linker, incoming + "receive") { call in .list(try input(call).receive(try call.u64(1))) }
        try definePlain(linker, incoming + "subscribe") { call in
            try call.newPollable(try input(call).owner.socket.readable(), io, parent: try call.argument(0))
        }
        try defineResult(linker, outgoing + "check-send") { call in .u64(UInt64(try output(call).checkSend())) }
        try defineResult(linker, outgoing + "send") { call in
            let stream = try output(call)
            let datagrams = try outgoingDatagrams(call, 1)
            guard !datagrams.isEmpty else { return .u64(0) }
            guard datagrams.count <= stream.permit else {
                throw HostArgumentError("\(call.name): \(datagrams.count) datagrams exceed what check-send permitted (\(stream.permit))")
            }
            stream.permit = 0
            return .u64(UInt64(try stream.send(datagrams)))
        }
        try definePlain(linker, outgoing + "subscribe") { call in
            try call.newPollable(try output(call).owner.socket.writable(), io, parent: try call.argument(0))
        }
    }

    /// Argument `i` as a `list<outgoing-datagram>`.
    static func outgoingDatagrams(_ call: ComponentHostCall, _ i: Int) throws -> [(data: [UInt8], remote: SocketAddress?)] {
        guard case .list(let items) = try call.argument(i) else { throw HostArgumentError("\(call.name): argument \(i) is not a list") }
        var out: [(data: [UInt8], remote: SocketAddress?)] = []
        for item in items {
            guard case .record(let fields) = item, fields.count == 2 else { throw HostArgumentError("\(call.name): malformed outgoing-datagram") }
            var data: [UInt8] = []
            switch fields[0].value {
            case .bytes(let b): data = b
            case .list(let xs):
                for x in xs {
                    guard case .u8(let b) = x else { throw HostArgumentError("\(call.name): malformed datagram data") }
                    data.append(b)
                }
            default: throw HostArgumentError("\(call.name): malformed datagram data")
            }
            var remote: SocketAddress?
            if case .option(let value?) = fields[1].value { remote = try SocketValues.socketAddress(value) }
            out.append((data, remote))
        }
        return out
    }
}
