import ComponentModel
import HTTP1
import WASIHost
import WASIIO

/// One client connection of ``HTTPServer``: reads a request head (with a deadline: a slow
/// client is dropped), hands the request to the server's handler as an ``HTTPExchange``, writes
/// its answer (a streamed body as it is produced), and repeats while both sides keep the
/// connection alive.
final class ServerConnection {
    unowned let server: HTTPServer
    let transport: PlainTransport
    private let wait: HostWait
    private var parser: HTTPRequestHeadParser
    private var writer: MessageWriter?
    private var reader: IncomingBodyReader?
    /// The request being answered (or the last one answered).
    private(set) var exchange: HTTPExchange?
    private var keepAlive = false
    private var responseStarted = false
    private var responseDone = false
    private var handlerDone = false
    private var requestReceived = false
    private var leftover: [UInt8] = []
    private var closed = false
    private var stopping = false
    private var idle = true
    /// The part of a `100 Continue` the socket did not take at once: sent before the response.
    private var interim: [UInt8] = []
    /// Whether the rest of an unread request body is being dropped before the next request.
    private var draining = false
    /// The most request-body bytes dropped after a handler that did not read them, so that the
    /// connection carries the next request; a longer rest closes the connection.
    static let drainLimit = 64 * 1024
    /// How long that rest may take to arrive (nanoseconds).
    static let drainTime: UInt64 = 2_000_000_000

    init(server: HTTPServer, socket: NetSocket) {
        self.server = server
        transport = PlainTransport(socket)
        wait = HostWait(server.dispatcher)
        parser = HTTPRequestHeadParser(limits: HTTPHeadLimits(maxHeaderBytes: server.configuration.maxHeaderBytes))
    }

    /// The server is stopping: close now when between requests, else after this one.
    func stopWhenIdle() {
        stopping = true
        if idle { close() }
    }

    private var deadline: UInt64 {
        let (d, overflow) = Dispatcher.now().addingReportingOverflow(server.configuration.headerTimeout)
        return overflow ? .max : d
    }

    // MARK: the request head

    /// Starts on a new request, with bytes already received for it.
    func readHead(_ initial: [UInt8]) {
        idle = true
        parser = HTTPRequestHeadParser(limits: HTTPHeadLimits(maxHeaderBytes: server.configuration.maxHeaderBytes))
        if !initial.isEmpty, feed(initial) { return }
        receiveHead(deadline)
    }

    private func receiveHead(_ deadline: UInt64) {
        guard !closed else { return }
        while true {
            let bytes: [UInt8]?
            do throws(HTTPErrorCode) {
                bytes = try transport.receive(maxCount: 16 * 1024)
            } catch {
                close()
                return
            }
            guard let bytes else {
                wait.arm(transport.readable(), deadline: deadline, ready: { [weak self] in self?.receiveHead(deadline) },
                         timeout: { [weak self] in self?.headTimedOut() })
                return
            }
            if bytes.isEmpty {
                close()
                return
            }
            if feed(bytes) { return }
        }
    }

    private func headTimedOut() {
        // A client that started a request but is too slow hears why; an idle one is just closed.
        if parser.bufferedCount > 0 { sendError(408) } else { close() }
    }

    /// Parses bytes; true when the connection moved on (a request, or an error answered).
    private func feed(_ bytes: [UInt8]) -> Bool {
        idle = idle && bytes.allSatisfy { $0 == 0x0D || $0 == 0x0A }
        let result: HTTPHeadParseResult<HTTPRequestHead>
        do throws(HTTP1Error) {
            result = try parser.feed(bytes)
        } catch {
            switch error {
            case .headerSectionTooLarge, .tooManyFields: sendError(431)
            case .unsupportedVersion: sendError(505)
            default: sendError(400)
            }
            return true
        }
        guard case .complete(let head, let rest) = result else { return false }
        wait.cancel()
        handle(head, rest)
        return true
    }

    // MARK: the exchange

    private func handle(_ head: HTTPRequestHead, _ rest: [UInt8]) {
        idle = false
        let framing: HTTPBodyFraming
        do throws(HTTP1Error) {
            framing = try HTTPBodyFraming.request(head)
        } catch {
            sendError(error == .unsupportedTransferEncoding ? 501 : 400, toHead: head.method == "HEAD")
            return
        }
        keepAlive = head.keepsAlive && !stopping
        responseStarted = false
        responseDone = false
        handlerDone = false
        requestReceived = false
        leftover = []
        let reader = IncomingBodyReader(transport: transport, framing: framing, initial: rest, dispatcher: server.dispatcher,
                                        betweenBytesTimeout: server.configuration.bodyTimeout, malformed: { _ in .httpProtocolError })
        reader.onEnd = { [weak self] rest in
            guard let self else { return }
            self.requestReceived = true
            self.leftover = rest
        }
        reader.owner = self
        self.reader = reader
        let exchange = HTTPExchange(head: head, framing: framing, reader: reader, connection: self, dispatcher: server.dispatcher)
        self.exchange = exchange
        server.handler.handle(exchange)
    }

    /// The connection closes once this exchange is answered (its body was not read whole).
    func closeAfterAnswer() { keepAlive = false }

    /// Tells a client waiting with `Expect: 100-continue` to send its body (what the socket
    /// does not take now goes out before the response).
    func sendContinue() {
        guard !responseStarted, !closed, interim.isEmpty else { return }
        sendInterim(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }

    /// An informational (1xx) response of the handler, before its final one. An HTTP/1.0
    /// client is not sent any (RFC 9110 §15.2): the call succeeds and nothing is sent.
    func sendInformational(_ exchange: HTTPExchange, status: Int, fields: [HTTPField]) -> Result<Void, HTTPErrorCode> {
        guard !responseStarted, !closed else { return .failure(.internalError("the response has already started")) }
        // 101 would switch the connection to another protocol, which serve does not do.
        guard status != 101 else { return .failure(.internalError("101 Switching Protocols is not supported")) }
        guard exchange.isHTTP11 else { return .success(()) }
        let framed: Set<String> = ["content-length", "transfer-encoding", "connection"]
        let kept = fields.filter { !framed.contains(HTTPFieldSyntax.lowercased($0.name)) }
        sendInterim(HTTPSerializer.responseHead(HTTPResponseHead(status: status, fields: kept)))
        return closed ? .failure(.connectionTerminated) : .success(())
    }

    /// Sends an interim response now; what the socket does not take goes out before the final
    /// response.
    private func sendInterim(_ bytes: [UInt8]) {
        guard interim.isEmpty else {
            interim += bytes
            return
        }
        let sent: Int
        do throws(HTTPErrorCode) {
            sent = try transport.send(bytes[...]) ?? 0
        } catch {
            return close()
        }
        interim = Array(bytes.dropFirst(sent))
    }

    /// A complete answer from the exchange's handler, which is done with it.
    func respond(_ exchange: HTTPExchange, status: Int, fields: [HTTPField], body: [UInt8]) {
        guard !responseStarted, !closed else { return }
        handlerDone = true
        responseStarted = true
        server.answered()
        let framed: Set<String> = ["content-length", "transfer-encoding", "connection"]
        var fields = fields.filter { !framed.contains(HTTPFieldSyntax.lowercased($0.name)) }
        let bodyless = status == 204 || status == 304 || status < 200
        if !bodyless { fields.append(HTTPField("content-length", "\(body.count)")) }
        announceCloseIfBodyTooLong()
        if !keepAlive { fields.append(HTTPField("connection", "close")) }
        let head = HTTPSerializer.responseHead(HTTPResponseHead(status: status, fields: fields))
        write(bodyless || exchange.isHead ? head : head + body, body: nil, chunked: false)
    }

    /// A component's response: its head now, its body as the guest writes it (or 500 for a
    /// failure before it). The handler goes on until ``handlerFinished(failed:)``.
    func respond(_ exchange: HTTPExchange, _ outcome: Result<OutgoingResponseObject, HTTPErrorCode>) {
        guard !responseStarted, !closed else { return }
        responseStarted = true
        server.answered()
        let response: OutgoingResponseObject
        switch outcome {
        case .success(let r): response = r
        case .failure:
            sendError(500, keepOpen: true, toHead: exchange.isHead)
            return
        }
        var fields = response.headers
        if response.body == nil && !exchange.isHead {
            // A length declared for a body the guest never made: sent, it would make the next
            // response on the connection this one's body. Dropped, as hyper does under
            // `wasmtime serve`; the answer then has no body.
            fields.removeAll { $0.name == "content-length" }
        }
        let declaresLength = fields.contains { $0.name == "content-length" }
        let bodyless = exchange.isHead || response.status == 204 || response.status == 304 || response.status < 200
        var chunked = false
        if !declaresLength && !bodyless {
            if response.body != nil && exchange.isHTTP11 {
                fields.append(HTTPField("transfer-encoding", "chunked"))
                chunked = true
            } else if response.body != nil {
                // An HTTP/1.0 client knows no chunked coding: the body ends with the connection
                // (RFC 9112 §6.1 and §6.3), and its trailers are not sent.
                keepAlive = false
            } else {
                fields.append(HTTPField("content-length", "0"))
            }
        }
        announceCloseIfBodyTooLong()
        if !keepAlive { fields.append(HTTPField("connection", "close")) }
        let head = HTTPSerializer.responseHead(HTTPResponseHead(status: response.status, fields: fields))
        write(head, body: bodyless ? nil : response.body?.pipe, chunked: chunked)
    }

    /// The component's call ended (`failed`: it trapped): 500 when it gave no response; a
    /// response it was still writing cannot be completed, so the connection closes.
    func handlerFinished(_ exchange: HTTPExchange, failed: Bool) {
        guard !handlerDone, !closed else { return }
        handlerDone = true
        if !responseStarted {
            respond(exchange, .failure(.internalError("the handler returned without a response")))
        } else if failed, !responseDone {
            close()
            return
        }
        next()
    }

    /// The component took too long: 500 when it has not answered yet, else the connection closes.
    func handlerTimedOut(_ exchange: HTTPExchange) {
        guard !handlerDone, !closed else { return }
        handlerDone = true
        keepAlive = false
        if !responseStarted { respond(exchange, .failure(.httpResponseTimeout)) } else { close() }
    }

    // MARK: the response

    /// Sends a response head and its body; the connection goes on (``next()``) when all is sent.
    private func write(_ head: [UInt8], body: OutgoingBodyPipe?, chunked: Bool) {
        let writer = MessageWriter(transport: transport, head: interim + head, body: body, chunked: chunked,
                                   idleTimeout: server.configuration.bodyTimeout, dispatcher: server.dispatcher)
        interim = []
        writer.onDone = { [weak self] in
            guard let self else { return }
            self.responseDone = true
            self.next()
        }
        writer.onFailure = { [weak self] _ in self?.close() }
        self.writer = writer
        writer.pump()
    }

    /// A short error response, then the connection closes (or goes on, for a handler's 500).
    /// The answer to a `HEAD` request (`toHead`) has the same fields and no body: a body would be
    /// read as the start of the next response.
    private func sendError(_ status: Int, keepOpen: Bool = false, toHead: Bool = false) {
        wait.cancel()
        if !keepOpen {
            keepAlive = false
            handlerDone = true
            requestReceived = true
        }
        responseStarted = true
        let text = Array("\(status) \(HTTPStatusReason.phrase(status))\n".utf8)
        var fields = [HTTPField("content-type", "text/plain"), HTTPField("content-length", "\(text.count)")]
        if !keepAlive { fields.append(HTTPField("connection", "close")) }
        let head = HTTPSerializer.responseHead(HTTPResponseHead(status: status, fields: fields))
        write(toHead ? head : head + text, body: nil, chunked: false)
    }

    /// A handler that is done without reading the request body, whose rest is known to be
    /// longer than what is dropped before the next request: the response says
    /// `connection: close`, as the connection will not carry another request.
    private func announceCloseIfBodyTooLong() {
        guard keepAlive, handlerDone, !requestReceived, let reader else { return }
        reader.receiveAvailable()
        if !reader.isReceived && reader.remainderExceeds(Self.drainLimit) { keepAlive = false }
    }

    /// After a response: the next request on this connection, or the end of it.
    private func next() {
        guard !closed, responseDone, handlerDone, !draining else { return }
        // A body the guest did not read (or an empty one) may be complete already.
        if !requestReceived { reader?.receiveAvailable() }
        if keepAlive && !stopping && !requestReceived, let reader {
            // The handler answered without reading the whole body: drop its rest (a bounded
            // amount, for a short time), then go on to the next request; else close.
            draining = true
            let (deadline, overflow) = Dispatcher.now().addingReportingOverflow(Self.drainTime)
            reader.discardRest(limit: Self.drainLimit, deadline: overflow ? .max : deadline) { [weak self] complete in
                guard let self, !self.closed else { return }
                self.draining = false
                if complete { self.next() } else { self.close() }
            }
            return
        }
        if keepAlive && !stopping && requestReceived {
            let rest = leftover
            leftover = []
            reader?.owner = nil
            reader = nil
            writer = nil
            exchange = nil
            // In the dispatcher's next turn: a handler answering at once must not recurse
            // through a long run of pipelined requests.
            server.dispatcher.schedule { [weak self] in
                guard let self, !self.closed else { return }
                if self.stopping { return self.close() }
                self.readHead(rest)
            }
        } else if !keepAlive || stopping || reader?.isReceived == false {
            close()
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        wait.cancel()
        writer?.stop()
        reader?.fail(.connectionTerminated)
        // The guest may still hold the request body (and so the socket): end the connection now.
        try? transport.socket.shutdown(.both)
        reader?.owner = nil
        reader = nil
        writer = nil
        exchange?.aborted()
        server.closed(self)
    }
}
