import ComponentModel
import HTTP1
import WASIHost
import WASIIO

/// One client connection of ``IncomingHandlerServer``: reads a request head (with a deadline:
/// a slow client is dropped), hands the request to a handler instance, writes its response as
/// the guest produces it, and repeats while both sides keep the connection alive.
final class ServerConnection {
    unowned let server: IncomingHandlerServer
    let transport: PlainTransport
    private let wait: HostWait
    private let handlerTimer: HostWait
    private var parser: HTTPRequestHeadParser
    private var writer: MessageWriter?
    private var lease: InstanceLease?
    private var reader: IncomingBodyReader?
    private var keepAlive = false
    private var responseStarted = false
    private var responseDone = false
    private var handlerDone = false
    private var requestReceived = false
    private var leftover: [UInt8] = []
    private var closed = false
    private var stopping = false
    private var idle = true

    init(server: IncomingHandlerServer, socket: NetSocket) {
        self.server = server
        transport = PlainTransport(socket)
        wait = HostWait(server.dispatcher)
        handlerTimer = HostWait(server.dispatcher)
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

    // MARK: the handler

    private func handle(_ head: HTTPRequestHead, _ rest: [UInt8]) {
        idle = false
        let framing: HTTPBodyFraming
        do throws(HTTP1Error) {
            framing = try HTTPBodyFraming.request(head)
        } catch {
            sendError(error == .unsupportedTransferEncoding ? 501 : 400)
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
        var parts = RequestParts()
        parts.method = head.method
        parts.scheme = "http"
        parts.authority = HTTPFieldSyntax.values("host", in: head.fields).first.map { String(decoding: $0, as: UTF8.self) }
        parts.pathWithQuery = head.target
        let request = IncomingRequestObject(parts: parts, headers: FieldRules.visible(head.fields), body: IncomingBodyObject(reader))
        let isHead = head.method == "HEAD"
        let outparam = ResponseOutparamObject { [weak self] outcome in self?.respond(outcome, isHead: isHead) }
        call(request, outparam, isHead: isHead)
    }

    /// Runs the handler on a pooled instance, waiting for one while all are busy.
    private func call(_ request: IncomingRequestObject, _ outparam: ResponseOutparamObject, isHead: Bool) {
        guard !closed else { return }
        let pool = server.pool
        let instance: HandlerInstance
        do {
            guard let available = try pool.acquire() else {
                wait.arm(SignalPollable(pool.signal) { pool.hasCapacity }, deadline: nil, ready: { [weak self] in
                    self?.call(request, outparam, isHead: isHead)
                })
                return
            }
            instance = available
        } catch {
            handlerDone = true
            respond(.failure(.internalError("cannot instantiate the handler: \(error)")), isHead: isHead)
            return
        }
        let lease = InstanceLease(instance, from: pool)
        self.lease = lease
        let r = server.resources
        let started: ComponentCallResult
        do {
            let table = instance.runtime.hostState.resources
            let requestHandle = try table.push(request, type: r.incomingRequest)
            let outparamHandle = try table.push(outparam, type: r.responseOutparam)
            started = try instance.instance.start(instance.handleExport, [.own(requestHandle), .own(outparamHandle)])
        } catch {
            handlerFinished(.failure(ComponentError(.trap, "\(error)")), isHead: isHead)
            return
        }
        handlerTimer.arm(nil, deadline: Dispatcher.now() &+ server.configuration.handlerTimeout, ready: {}, timeout: { [weak self] in
            self?.handlerTimedOut(isHead: isHead)
        })
        ComponentDriver.drive(on: server.dispatcher, started) { [weak self] outcome in
            if let self {
                self.handlerFinished(outcome, isHead: isHead)
            } else {
                // The connection is gone; the instance still goes back (or is dropped after a trap).
                if case .success = outcome { lease.giveBack(reusable: true) } else { lease.giveBack(reusable: false) }
            }
        }
    }

    private func handlerFinished(_ outcome: Result<ComponentValue?, ComponentError>, isHead: Bool) {
        guard !handlerDone else { return }
        handlerDone = true
        handlerTimer.cancel()
        // An instance whose call trapped is never reused.
        if case .success = outcome { lease?.giveBack(reusable: true) } else { lease?.giveBack(reusable: false) }
        lease = nil
        if !responseStarted {
            respond(.failure(.internalError("the handler returned without a response")), isHead: isHead)
        } else if case .failure = outcome, !responseDone {
            // The response was under way when the guest trapped: it cannot be completed.
            close()
            return
        }
        next()
    }

    private func handlerTimedOut(isHead: Bool) {
        guard !handlerDone else { return }
        // The guest is left suspended and dropped with its instance.
        handlerDone = true
        lease?.giveBack(reusable: false)
        lease = nil
        keepAlive = false
        if !responseStarted { respond(.failure(.httpResponseTimeout), isHead: isHead) } else { close() }
    }

    // MARK: the response

    private func respond(_ outcome: Result<OutgoingResponseObject, HTTPErrorCode>, isHead: Bool) {
        guard !responseStarted, !closed else { return }
        responseStarted = true
        server.answered()
        let response: OutgoingResponseObject
        switch outcome {
        case .success(let r): response = r
        case .failure:
            sendError(500, keepOpen: true)
            return
        }
        var fields = response.headers
        let declaresLength = fields.contains { $0.name == "content-length" }
        let bodyless = isHead || response.status == 204 || response.status == 304 || response.status < 200
        var chunked = false
        if !declaresLength && !bodyless {
            if response.body != nil {
                fields.append(HTTPField("transfer-encoding", "chunked"))
                chunked = true
            } else {
                fields.append(HTTPField("content-length", "0"))
            }
        }
        if !keepAlive { fields.append(HTTPField("connection", "close")) }
        let head = HTTPSerializer.responseHead(HTTPResponseHead(status: response.status, fields: fields))
        write(head, body: bodyless ? nil : response.body?.pipe, chunked: chunked)
    }

    /// Sends a response head and its body; the connection goes on (``next()``) when all is sent.
    private func write(_ head: [UInt8], body: OutgoingBodyPipe?, chunked: Bool) {
        let writer = MessageWriter(transport: transport, head: head, body: body, chunked: chunked, dispatcher: server.dispatcher)
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
    private func sendError(_ status: Int, keepOpen: Bool = false) {
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
        write(HTTPSerializer.responseHead(HTTPResponseHead(status: status, fields: fields)) + text, body: nil, chunked: false)
    }

    /// After a response: the next request on this connection, or the end of it.
    private func next() {
        guard !closed, responseDone, handlerDone else { return }
        // A body the guest did not read (or an empty one) may be complete already.
        if !requestReceived { reader?.receiveAvailable() }
        if keepAlive && !stopping && requestReceived {
            let rest = leftover
            leftover = []
            reader?.owner = nil
            reader = nil
            writer = nil
            readHead(rest)
        } else if !keepAlive || stopping || reader?.isReceived == false {
            close()
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        wait.cancel()
        handlerTimer.cancel()
        writer?.stop()
        reader?.fail(.connectionTerminated)
        // The guest may still hold the request body (and so the socket): end the connection now.
        try? transport.socket.shutdown(.both)
        reader?.owner = nil
        reader = nil
        writer = nil
        server.closed(self)
    }
}
