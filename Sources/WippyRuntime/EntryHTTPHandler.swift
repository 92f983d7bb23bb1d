import HTTP1
import WASIHost
import WASIHTTP

/// The requests of `wippy-wasm serve app.yaml`: `POST /call/{entry-id}` with a JSON array of
/// arguments calls the entry on its pool and answers 200 with the result exactly as
/// `wippy-wasm run entry.yaml` prints it; failures answer with `{"error":"..."}` (unknown entry
/// 404, bad arguments 400, a trap or limit 500, a full queue 503, a body over 64 MiB 413;
/// another path 404, another method 405).
///
/// The call runs on the registry's worker threads; its answer comes back to the server's
/// dispatcher through its remote, so the server's thread never waits for a guest.
public final class EntryHTTPHandler: HTTPRequestHandler {
    /// The largest request body accepted (64 MiB, the registry's input limit).
    public static let maxBodyBytes = 64 << 20

    /// The entries served.
    public let registry: EntryRegistry
    let dispatcher: Dispatcher
    /// Calls started and not answered yet.
    public private(set) var callsInProgress = 0

    /// A handler calling `registry`'s entries for an ``HTTPServer`` on `dispatcher`.
    public init(registry: EntryRegistry, dispatcher: Dispatcher) {
        self.registry = registry
        self.dispatcher = dispatcher
    }

    public func handle(_ exchange: HTTPExchange) {
        switch EntryHTTPRoute(method: exchange.method, target: exchange.target) {
        case .notFound:
            fail(exchange, 404, "no such path: calls are POST \(EntryHTTPRoute.prefix){entry-id}")
        case .methodNotAllowed:
            fail(exchange, 405, "method \(MessageText.short(exchange.method)) not allowed: calls are POST", extra: [HTTPField("allow", "POST")])
        case .call(let id):
            guard let entry = registry.entry(id), entry.isFunction else {
                return fail(exchange, 404, "unknown entry ID '\(MessageText.short(id))'")
            }
            exchange.readBody(limit: Self.maxBodyBytes) { [self] body in
                switch body {
                case .success(let bytes): call(entry.id, bytes, exchange)
                case .failure(.tooLarge(let limit)): fail(exchange, 413, "the request body is over \(limit) bytes")
                case .failure(.timedOut): fail(exchange, 408, "the request body did not arrive in time")
                case .failure(.failed(let reason)): fail(exchange, 400, reason)
                }
            }
        }
    }

    private func call(_ id: String, _ body: [UInt8], _ exchange: HTTPExchange) {
        dispatcher.beginRemoteWork()
        callsInProgress += 1
        let delivery = EntryCallDelivery(handler: self, exchange: exchange)
        let remote = dispatcher.remote
        registry.callJSONText(id, arguments: body) { result in
            remote.post { delivery.deliver(result) }
        }
    }

    /// A call's result, back on the dispatcher's thread.
    func answer(_ exchange: HTTPExchange, _ result: Result<String, EntryError>) {
        dispatcher.endRemoteWork()
        callsInProgress -= 1
        switch result {
        case .success(let json):
            let body = EntryHTTPAnswer.resultBody(json)
            exchange.respond(status: 200, fields: body.isEmpty ? [] : [HTTPField("content-type", "application/json")], body: body)
        case .failure(let error):
            fail(exchange, EntryHTTPAnswer.status(for: error.kind), EntryHTTPAnswer.message(error))
        }
    }

    private func fail(_ exchange: HTTPExchange, _ status: Int, _ message: String, extra: [HTTPField] = []) {
        exchange.respond(status: status, fields: [HTTPField("content-type", "application/json")] + extra,
                         body: EntryHTTPAnswer.errorBody(message))
    }
}

/// Carries a call's result from a worker thread to the server's dispatcher. Sendable by hand:
/// it is only touched in ``deliver(_:)``, which runs on the dispatcher's thread (it keeps the
/// handler, and so the dispatcher its remote wakes, alive until then).
final class EntryCallDelivery: @unchecked Sendable {
    private let handler: EntryHTTPHandler
    private let exchange: HTTPExchange

    init(handler: EntryHTTPHandler, exchange: HTTPExchange) {
        self.handler = handler
        self.exchange = exchange
    }

    func deliver(_ result: Result<String, EntryError>) { handler.answer(exchange, result) }
}
