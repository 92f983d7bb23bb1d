import HTTP1
import WASIHost

/// What a ``LoopbackPeer`` answers to one request.
enum PeerReply {
    /// These bytes, then keep the connection open for the next request, or close it.
    case bytes([UInt8], close: Bool)
    /// A response head, then `count` body bytes generated on the fly (`i % 251`), then close.
    case generated(head: [UInt8], count: Int)
    /// Nothing at all (the connection stays open and silent).
    case silence
}

/// A scripted HTTP peer on 127.0.0.1 driven by the test's own dispatcher: accepts connections,
/// reads each request (head and declared body) with the HTTP1 parsers, and answers with what
/// `reply` says for it.
final class LoopbackPeer {
    let dispatcher: Dispatcher
    let listener: NetSocket
    let port: UInt16
    let reply: (HTTPRequestHead, [UInt8]) -> PeerReply
    private(set) var accepted = 0
    private(set) var requests: [(head: HTTPRequestHead, body: [UInt8], trailers: [HTTPField])] = []
    private var connections: [PeerConnection] = []

    init(dispatcher: Dispatcher, reply: @escaping (HTTPRequestHead, [UInt8]) -> PeerReply) throws {
        self.dispatcher = dispatcher
        self.reply = reply
        listener = try NetSocket.make(.ipv4, .tcp)
        try listener.bind(SocketAddress(.loopback(.ipv4), port: 0))
        try listener.listen(backlog: 16)
        port = try listener.localAddress().port
        acceptNext()
    }

    /// Closes the listener and every connection.
    func stop() { connections.forEach { $0.stop() } }

    private func acceptNext() {
        _ = listener.readable().whenReady(on: dispatcher) { [weak self] in
            guard let self else { return }
            while let (socket, _) = (try? self.listener.accept()) ?? nil {
                self.accepted += 1
                let connection = PeerConnection(socket: socket, peer: self)
                self.connections.append(connection)
                connection.readMore()
            }
            self.acceptNext()
        }
    }

    func received(_ head: HTTPRequestHead, _ body: [UInt8], trailers: [HTTPField]) -> PeerReply {
        requests.append((head, body, trailers))
        return reply(head, body)
    }
}

final class PeerConnection {
    let socket: NetSocket
    unowned let peer: LoopbackPeer
    private var parser = HTTPRequestHeadParser()
    private var head: HTTPRequestHead?
    private var decoder: HTTPBodyDecoder?
    private var body: [UInt8] = []
    private var outbox: [UInt8] = []
    private var generatedLeft = 0
    /// 256 periods of the generated body's pattern (`i % 251`).
    static let pattern: [UInt8] = (0..<(251 * 256)).map { UInt8($0 % 251) }
    private var closeAfter = false
    private var stopped = false
    private var tokens: [DispatcherToken] = []

    init(socket: NetSocket, peer: LoopbackPeer) {
        self.socket = socket
        self.peer = peer
    }

    func stop() {
        stopped = true
        tokens.forEach { peer.dispatcher.cancel($0) }
        try? socket.shutdown(.both)
    }

    func readMore() {
        guard !stopped else { return }
        while true {
            let received: (bytes: [UInt8], from: SocketAddress?)?
            do throws(NetworkError) {
                received = try socket.receive(maxCount: 65536)
            } catch {
                return
            }
            guard let bytes = received?.bytes else {
                tokens.append(socket.readable().whenReady(on: peer.dispatcher) { [weak self] in self?.readMore() })
                return
            }
            if bytes.isEmpty { return }
            consume(bytes)
        }
    }

    private func consume(_ bytes: [UInt8]) {
        var input = bytes
        while !input.isEmpty {
            if head == nil {
                guard case .complete(let h, let rest)? = try? parser.feed(input) else { return }
                head = h
                decoder = HTTPBodyDecoder(framing: (try? HTTPBodyFraming.request(h)) ?? .empty)
                body = []
                input = rest
            }
            if var d = decoder, !d.isComplete {
                let used = (try? d.decodeAll(input[...]) { body.append(contentsOf: $0) }) ?? input.count
                decoder = d
                input.removeFirst(used)
            }
            guard let h = head, decoder?.isComplete ?? true else { return }
            head = nil
            parser = HTTPRequestHeadParser()
            answer(peer.received(h, body, trailers: decoder?.trailers ?? []))
        }
    }

    private func answer(_ reply: PeerReply) {
        switch reply {
        case .bytes(let bytes, let close):
            outbox += bytes
            closeAfter = close
        case .generated(let head, let count):
            outbox += head
            generatedLeft = count
            closeAfter = true
        case .silence:
            return
        }
        pump()
    }

    private func pump() {
        guard !stopped else { return }
        while true {
            if outbox.isEmpty && generatedLeft > 0 {
                // The pattern repeats every 251 bytes and the block is a multiple of that.
                let n = min(generatedLeft, Self.pattern.count)
                outbox = Array(Self.pattern[..<n])
                generatedLeft -= n
            }
            if outbox.isEmpty {
                if closeAfter { stop() }
                return
            }
            let sent = outbox.withUnsafeBytes { try? socket.send($0) } ?? nil
            guard let sent, sent > 0 else {
                tokens.append(socket.writable().whenReady(on: peer.dispatcher) { [weak self] in self?.pump() })
                return
            }
            outbox.removeFirst(sent)
        }
    }
}
