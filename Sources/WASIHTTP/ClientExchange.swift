import HTTP1
import WASIHost

/// The timeouts of one outgoing request, in nanoseconds (nil: none).
struct ClientTimeouts {
    var connect: UInt64?
    var firstByte: UInt64?
    var betweenBytes: UInt64?
    /// The longest wait for the server to take request bytes (nil: none).
    var write: UInt64?
}

/// One outgoing request on its way: name lookup, connection (or a pooled one), TLS, sending
/// the head and streaming the body, reading the response head. Every step waits on the
/// guest's dispatcher; the response (or the error-code) resolves the guest's
/// `future-incoming-response`.
final class ClientExchange {
    let future: FutureResponseObject
    let session: WASISession
    let target: RequestTarget
    let method: String
    let head: HTTPRequestHead
    let body: OutgoingBodyPipe?
    let timeouts: ClientTimeouts
    let pool: HTTPConnectionPool
    let tls: TLSClientConfiguration

    private var transport: HTTPTransport?
    private var reused = false
    private let wait: HostWait
    private var writer: MessageWriter?
    private let chunked: Bool
    private var parser = HTTPResponseHeadParser()
    private var headBytes = 0
    private var finished = false

    var poolKey: HTTPConnectionPool.Key { .init(isHTTPS: target.isHTTPS, host: target.host, port: target.port) }

    init(future: FutureResponseObject, session: WASISession, target: RequestTarget, method: String, headers: [HTTPField],
         body: OutgoingBodyPipe?, timeouts: ClientTimeouts, pool: HTTPConnectionPool, tls: TLSClientConfiguration) {
        self.future = future
        self.session = session
        self.target = target
        self.method = method
        self.body = body
        self.timeouts = timeouts
        self.pool = pool
        self.tls = tls
        wait = HostWait(session.dispatcher)
        (head, chunked) = Self.requestHead(target: target, method: method, headers: headers, hasBody: body != nil)
    }

    /// The head sent for a request: `host` from the target, the guest's fields, and the framing
    /// of the body (chunked when the guest declared no length).
    static func requestHead(target: RequestTarget, method: String, headers: [HTTPField], hasBody: Bool) -> (HTTPRequestHead, chunked: Bool) {
        var fields = [HTTPField("host", target.hostField)]
        fields += headers.filter { $0.name != "host" }
        let declaresLength = headers.contains { $0.name == "content-length" }
        var chunked = false
        if hasBody && !declaresLength {
            fields.append(HTTPField("transfer-encoding", "chunked"))
            chunked = true
        } else if !hasBody && !declaresLength && !["GET", "HEAD", "OPTIONS", "TRACE", "CONNECT"].contains(method) {
            fields.append(HTTPField("content-length", "0"))
        }
        return (HTTPRequestHead(method: method, target: target.pathWithQuery, fields: fields), chunked)
    }

    /// The error for a request without a body whose `content-length` is not 0, or cannot be
    /// read as one length: the peer would wait for bytes that never come. nil when the fields
    /// declare no length, or 0.
    static func lengthWithoutBody(_ headers: [HTTPField]) -> HTTPErrorCode? {
        do throws(HTTP1Error) {
            guard let length = try HTTPBodyFraming.contentLength(headers), length != 0 else { return nil }
        } catch {}
        return .httpRequestBodySize(0)
    }

    private func deadline(_ timeout: UInt64?) -> UInt64? {
        guard let timeout else { return nil }
        let (d, overflow) = Dispatcher.now().addingReportingOverflow(timeout)
        return overflow ? nil : d
    }

    /// Starts the exchange (on the dispatcher's thread).
    func start() {
        if let pooled = pool.take(poolKey) {
            reused = true
            begin(pooled)
            return
        }
        let lookup = NameResolver.shared.lookup(target.host, on: session.dispatcher)
        wait.arm(lookup, deadline: deadline(timeouts.connect), ready: { [self] in
            switch lookup.result {
            case .success(let addresses) where !addresses.isEmpty: connect(addresses, 0, deadline(timeouts.connect))
            case .success: fail(.dnsError(rcode: "address not available", infoCode: nil))
            case .failure(let error): fail(HTTPErrorCode(network: error, connecting: true))
            case nil: fail(.internalError("name lookup ended without an answer"))
            }
        }, timeout: { [self] in fail(.dnsTimeout) })
    }

    /// Tries `addresses[index]`, then the next one when it refuses.
    private func connect(_ addresses: [IPAddress], _ index: Int, _ deadline: UInt64?) {
        let address = SocketAddress(addresses[index], port: target.port)
        let socket: NetSocket
        do throws(NetworkError) {
            socket = try session.openSocket(address.family, .tcp)
            if try socket.startConnect(address) {
                connected(socket)
                return
            }
        } catch {
            nextAddress(addresses, index, deadline, HTTPErrorCode(network: error, connecting: true))
            return
        }
        awaitConnection(socket, addresses, index, deadline)
    }

    private func awaitConnection(_ socket: NetSocket, _ addresses: [IPAddress], _ index: Int, _ deadline: UInt64?) {
        wait.arm(socket.writable(), deadline: deadline, ready: { [self] in
            do throws(NetworkError) {
                if try socket.finishConnect() { connected(socket) } else { awaitConnection(socket, addresses, index, deadline) }
            } catch {
                nextAddress(addresses, index, deadline, HTTPErrorCode(network: error, connecting: true))
            }
        }, timeout: { [self] in fail(.connectionTimeout) })
    }

    private func nextAddress(_ addresses: [IPAddress], _ index: Int, _ deadline: UInt64?, _ error: HTTPErrorCode) {
        if error != .httpRequestDenied && error != .connectionLimitReached && index + 1 < addresses.count {
            connect(addresses, index + 1, deadline)
        } else {
            fail(error)
        }
    }

    private func connected(_ socket: NetSocket) {
        try? socket.setNoDelay(true)
        guard target.isHTTPS else {
            begin(PlainTransport(socket))
            return
        }
        let session: TLSClientSession
        do throws(HTTPErrorCode) {
            session = try TLSClientSession(socket: socket, host: target.host, configuration: tls)
        } catch {
            fail(error)
            return
        }
        handshake(session, deadline(timeouts.connect))
    }

    private func handshake(_ tls: TLSClientSession, _ deadline: UInt64?) {
        let wants: TLSClientSession.Want
        do throws(HTTPErrorCode) {
            guard let w = try tls.handshake() else {
                begin(tls)
                return
            }
            wants = w
        } catch {
            fail(error)
            return
        }
        let pollable = wants == .read ? tls.socket.readable() : tls.socket.writable()
        wait.arm(pollable, deadline: deadline, ready: { [self] in handshake(tls, deadline) },
                 timeout: { [self] in fail(.connectionTimeout) })
    }

    /// Connected (and through TLS): send and receive at once.
    private func begin(_ transport: HTTPTransport) {
        self.transport = transport
        startSending(transport)
        guard !finished else { return }
        awaitHead(deadline(timeouts.firstByte))
    }

    // MARK: sending

    private func startSending(_ transport: HTTPTransport) {
        let writer = MessageWriter(transport: transport, head: HTTPSerializer.requestHead(head), body: body, chunked: chunked,
                                   idleTimeout: timeouts.write, dispatcher: session.dispatcher)
        writer.onFailure = { [weak self] error in
            guard let self, self.future.outcome == nil else { return }
            self.fail(error)
        }
        self.writer = writer
        writer.pump()
    }

    // MARK: receiving

    private func awaitHead(_ deadline: UInt64?) {
        guard let transport else { return }
        wait.arm(transport.readable(), deadline: deadline, ready: { [self] in receiveHead(deadline) },
                 timeout: { [self] in fail(.connectionReadTimeout) })
    }

    private func receiveHead(_ deadline: UInt64?) {
        guard let transport, !finished else { return }
        while true {
            let bytes: [UInt8]?
            do throws(HTTPErrorCode) {
                bytes = try transport.receive(maxCount: 16 * 1024)
            } catch {
                fail(error)
                return
            }
            guard let bytes else {
                awaitHead(deadline)
                return
            }
            if bytes.isEmpty {
                if reused && headBytes == 0 && body == nil {
                    // The pooled connection had been closed by the server: start over on a new one.
                    restartOnNewConnection()
                } else {
                    fail(headBytes == 0 ? .connectionTerminated : .httpResponseIncomplete)
                }
                return
            }
            headBytes += bytes.count
            if feed(bytes) { return }
        }
    }

    /// Parses received bytes; answers true when the exchange moved on (response or failure).
    private func feed(_ bytes: [UInt8]) -> Bool {
        var input = bytes
        while true {
            let result: HTTPHeadParseResult<HTTPResponseHead>
            do throws(HTTP1Error) {
                result = try parser.feed(input)
            } catch {
                fail(HTTPErrorCode(response: error))
                return true
            }
            guard case .complete(let head, let rest) = result else { return false }
            if head.status == 101 {
                fail(.httpUpgradeFailed)
                return true
            }
            if head.status < 200 {
                // An interim response (100 Continue, 103 Early Hints): the final one follows.
                parser = HTTPResponseHeadParser()
                input = rest
                if rest.isEmpty { return false }
                continue
            }
            respond(head, rest)
            return true
        }
    }

    private func respond(_ head: HTTPResponseHead, _ rest: [UInt8]) {
        guard let transport else { return }
        let framing: HTTPBodyFraming
        do throws(HTTP1Error) {
            framing = try HTTPBodyFraming.response(head, requestMethod: method)
        } catch {
            fail(HTTPErrorCode(response: error))
            return
        }
        wait.cancel()
        let reader = IncomingBodyReader(transport: transport, framing: framing, initial: rest, dispatcher: session.dispatcher,
                                        betweenBytesTimeout: timeouts.betweenBytes, malformed: HTTPErrorCode.init(response:))
        let keepAlive = head.keepsAlive && framing != .untilClose
        reader.onEnd = { [weak self, weak reader] leftover in
            guard let self else { return }
            // Reusable only after a clean end: the whole request sent, nothing extra received.
            if keepAlive && leftover.isEmpty && self.writer?.isDone == true, let t = self.transport {
                self.pool.put(self.poolKey, t)
            }
            self.transport = nil
            reader?.owner = nil
        }
        reader.owner = self
        future.exchange = nil
        let response = IncomingResponseObject(status: head.status, headers: FieldRules.visible(head.fields), body: IncomingBodyObject(reader))
        future.resolve(.success(response))
    }

    private func restartOnNewConnection() {
        transport = nil
        reused = false
        parser = HTTPResponseHeadParser()
        headBytes = 0
        writer?.stop()
        writer = nil
        let lookup = NameResolver.shared.lookup(target.host, on: session.dispatcher)
        wait.arm(lookup, deadline: deadline(timeouts.connect), ready: { [self] in
            guard case .success(let addresses) = lookup.result, !addresses.isEmpty else {
                fail(.dnsError(rcode: "address not available", infoCode: nil))
                return
            }
            connect(addresses, 0, deadline(timeouts.connect))
        }, timeout: { [self] in fail(.dnsTimeout) })
    }

    private func fail(_ error: HTTPErrorCode) {
        guard !finished else { return }
        finished = true
        wait.cancel()
        writer?.stop()
        body?.fail(error)
        transport = nil
        future.resolve(.failure(error))
        future.exchange = nil
    }
}

/// What the client writes for a guest's request.
package enum OutgoingWire {
    /// The bytes of the head sent for a guest's request with this method (an `other` method's
    /// text), authority and path-with-query, when `set-method`, `set-authority` and
    /// `set-path-with-query` accept them and they make a target; nil otherwise. For the fuzzer,
    /// which checks that such a head reads back as exactly that request.
    package static func head(otherMethod: String, authority: String, pathWithQuery: String) -> [UInt8]? {
        guard let method = HTTPValues.methodToken((otherMethod, isOther: true)),
              RequestTarget.isValidAuthority(authority), RequestTarget.isValidPath(pathWithQuery) else { return nil }
        var parts = RequestParts()
        parts.method = method
        parts.authority = authority
        parts.pathWithQuery = pathWithQuery
        guard let target = try? RequestTarget(parts) else { return nil }
        return HTTPSerializer.requestHead(ClientExchange.requestHead(target: target, method: method, headers: [], hasBody: false).0)
    }
}
