import ComponentModel
import HTTP1
import WASIHost
import WASIIO

/// Answers requests by calling `wasi:http/incoming-handler.handle` of a component on an
/// instance from a ``HandlerPool`` (waiting for one while all are busy), within a time limit.
final class ComponentRequestHandler: HTTPRequestHandler {
    let dispatcher: Dispatcher
    let resources: HTTPResources
    let pool: HandlerPool
    /// How long a handler may take to answer (nanoseconds): then 500, and its instance is dropped.
    let handlerTimeout: UInt64

    init(dispatcher: Dispatcher, resources: HTTPResources, pool: HandlerPool, handlerTimeout: UInt64) {
        self.dispatcher = dispatcher
        self.resources = resources
        self.pool = pool
        self.handlerTimeout = handlerTimeout
    }

    func handle(_ exchange: HTTPExchange) {
        var parts = RequestParts()
        parts.method = exchange.method
        parts.scheme = "http"
        parts.authority = HTTPFieldSyntax.values("host", in: exchange.fields).first.map { String(decoding: $0, as: UTF8.self) }
        parts.pathWithQuery = exchange.target
        let request = IncomingRequestObject(parts: parts, headers: FieldRules.visible(exchange.fields), body: IncomingBodyObject(exchange.reader))
        let outparam = ResponseOutparamObject(informational: { [weak exchange] status, fields in
            guard let exchange, let connection = exchange.current else { return .failure(.connectionTerminated) }
            return connection.sendInformational(exchange, status: status, fields: fields)
        }) { [weak exchange] outcome in
            guard let exchange else { return }
            exchange.current?.respond(exchange, outcome)
        }
        let call = ComponentRequestCall(handler: self, exchange: exchange)
        exchange.onAbort = { call.cancelWaits() }
        call.start(request, outparam)
    }
}

/// One request's call of the handler: its wait for an instance, its lease of one and its
/// time limit.
final class ComponentRequestCall {
    let handler: ComponentRequestHandler
    weak var exchange: HTTPExchange?
    private let wait: HostWait
    private let timer: HostWait
    private var lease: InstanceLease?
    private var done = false

    init(handler: ComponentRequestHandler, exchange: HTTPExchange) {
        self.handler = handler
        self.exchange = exchange
        wait = HostWait(handler.dispatcher)
        timer = HostWait(handler.dispatcher)
    }

    /// The connection closed: stop waiting for an instance or for the time limit (a running
    /// guest finishes and gives its instance back).
    func cancelWaits() {
        wait.cancel()
        timer.cancel()
    }

    /// Runs the handler on a pooled instance, waiting for one while all are busy.
    func start(_ request: IncomingRequestObject, _ outparam: ResponseOutparamObject) {
        guard let exchange, exchange.current != nil else { return }
        let pool = handler.pool
        let instance: HandlerInstance
        do {
            guard let available = try pool.acquire() else {
                wait.arm(SignalPollable(pool.signal) { pool.hasCapacity }, deadline: nil, ready: { [self] in start(request, outparam) })
                return
            }
            instance = available
        } catch {
            done = true
            exchange.current?.respond(exchange, .failure(.internalError("cannot instantiate the handler: \(error)")))
            exchange.current?.handlerFinished(exchange, failed: false)
            return
        }
        let lease = InstanceLease(instance, from: pool)
        self.lease = lease
        let r = handler.resources
        let started: ComponentCallResult
        do {
            let table = instance.runtime.hostState.resources
            let requestHandle = try table.push(request, type: r.incomingRequest)
            let outparamHandle = try table.push(outparam, type: r.responseOutparam)
            started = try instance.instance.start(instance.handleExport, [.own(requestHandle), .own(outparamHandle)])
        } catch {
            finished(clean: false)
            return
        }
        timer.arm(nil, deadline: Dispatcher.now() &+ handler.handlerTimeout, ready: {}, timeout: { [weak self] in self?.timedOut() })
        ComponentDriver.drive(on: handler.dispatcher, started) { [self] outcome in
            if case .success = outcome { finished(clean: true) } else { finished(clean: false) }
        }
    }

    /// The guest's call ended: the instance goes back (dropped after a trap, never reused).
    private func finished(clean: Bool) {
        lease?.giveBack(reusable: clean)
        lease = nil
        timer.cancel()
        guard !done else { return }
        done = true
        if let exchange, let connection = exchange.current { connection.handlerFinished(exchange, failed: !clean) }
    }

    private func timedOut() {
        guard !done else { return }
        // The guest is left suspended and dropped with its instance.
        done = true
        lease?.giveBack(reusable: false)
        lease = nil
        if let exchange, let connection = exchange.current { connection.handlerTimedOut(exchange) }
    }
}
