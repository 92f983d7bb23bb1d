import ComponentModel
import WASIHost
import WASIIO

/// What a `udp-socket` handle holds: the socket, its bind state, the remote address
/// `stream` connected it to, and its current datagram streams (at most one pair lives).
final class UDPSocketObject {
    enum BindState { case unbound, bindStarted, bound }

    let socket: NetSocket
    var bindState = BindState.unbound
    var remote: SocketAddress?
    weak var incoming: IncomingDatagramStreamObject?
    weak var outgoing: OutgoingDatagramStreamObject?

    init(_ socket: NetSocket) { self.socket = socket }

    func startBind(_ address: SocketAddress) throws {
        if bindState == .bindStarted { throw SocketErrorCode.concurrencyConflict }
        guard bindState == .unbound else { throw SocketErrorCode.invalidState }
        guard AddressRules.fits(address.address, socket.family) else { throw SocketErrorCode.invalidArgument }
        do {
            try socket.bind(address)
        } catch .notSupported {
            throw SocketErrorCode.invalidArgument
        }
        bindState = .bindStarted
    }

    func finishBind() throws {
        guard bindState == .bindStarted else { throw SocketErrorCode.notInProgress }
        bindState = .bound
    }

    /// Connects to `remote` (or disconnects for nil) for a new pair of streams.
    func connect(_ remote: SocketAddress?) throws {
        guard bindState != .unbound else { throw SocketErrorCode.invalidState }
        if let remote {
            guard AddressRules.fits(remote.address, socket.family), AddressRules.isValidRemote(remote) else {
                throw SocketErrorCode.invalidArgument
            }
            try socket.setPeer(remote)
            self.remote = remote
        } else if self.remote != nil {
            try socket.setPeer(nil)
            self.remote = nil
        }
    }
}

/// What an `incoming-datagram-stream` handle holds.
final class IncomingDatagramStreamObject {
    let owner: UDPSocketObject
    init(_ owner: UDPSocketObject) { self.owner = owner }

    /// The largest datagram received whole.
    static let maxDatagram = 65_535
    /// The most datagrams one `receive` or `check-send` deals with.
    static let maxBatch = 16

    /// Up to `max` datagrams that are waiting now (none when nothing is).
    func receive(_ max: UInt64) throws -> [ComponentValue] {
        let limit = Int(min(max, UInt64(Self.maxBatch)))
        var out: [ComponentValue] = []
        while out.count < limit {
            do {
                guard let got = try owner.socket.receive(maxCount: Self.maxDatagram) else { break }
                guard let from = got.from else { continue }
                out.append(.record([("data", .bytes(got.bytes)), ("remote-address", SocketValues.socketAddress(from))]))
            } catch {
                if out.isEmpty { throw error }
                break
            }
        }
        return out
    }
}

/// What an `outgoing-datagram-stream` handle holds, with the permit `check-send` gave.
final class OutgoingDatagramStreamObject {
    let owner: UDPSocketObject
    var permit = 0
    init(_ owner: UDPSocketObject) { self.owner = owner }

    /// `check-send`: how many datagrams `send` may take now.
    func checkSend() -> Int {
        permit = owner.socket.writable().isReady() ? IncomingDatagramStreamObject.maxBatch : 0
        return permit
    }

    /// Sends datagrams until one would block; returns how many went out.
    func send(_ datagrams: [(data: [UInt8], remote: SocketAddress?)]) throws -> Int {
        let socket = owner.socket
        var sent = 0
        for d in datagrams {
            do {
                guard d.data.count <= IncomingDatagramStreamObject.maxDatagram else { throw SocketErrorCode.datagramTooLarge }
                var destination: SocketAddress?
                if let to = d.remote {
                    guard AddressRules.fits(to.address, socket.family), AddressRules.isValidRemote(to) else {
                        throw SocketErrorCode.invalidArgument
                    }
                    if let connected = owner.remote {
                        guard connected == to else { throw SocketErrorCode.invalidArgument }
                    } else {
                        destination = to
                    }
                } else if owner.remote == nil {
                    throw SocketErrorCode.invalidArgument
                }
                let n = try d.data.withUnsafeBytes { try socket.send($0, to: destination) }
                guard n != nil else { break }
                sent += 1
            } catch {
                if sent == 0 { throw error }
                break
            }
        }
        return sent
    }
}
