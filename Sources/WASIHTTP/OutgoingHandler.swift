import ComponentModel
import HTTP1
import WASIHost
import WASIIO

/// A guest's client state: its idle keep-alive connections.
final class HTTPClientState {
    let pool = HTTPConnectionPool()
}

/// `wasi:http/outgoing-handler`: `handle` starts the request on the guest's dispatcher and
/// answers a `future-incoming-response` at once.
enum OutgoingHandlerInterface {
    static func register(_ linker: ComponentLinker, _ r: HTTPResources, tls: TLSClientConfiguration) throws(ComponentError) {
        try linker.defineFunction("wasi:http/outgoing-handler@\(wasiVersion)#handle") { call in
            let request = try call.take(0, r.outgoingRequest, as: OutgoingRequestObject.self)
            var options: RequestOptionsObject?
            if case .own(let h)? = try call.option(1) {
                options = try call.resources.get(h, r.requestOptions)
                try call.resources.delete(h.rep)
            }
            let session = try call.session()
            guard session.network.allowed else {
                return .value(.err(HTTPErrorCode.httpRequestDenied.componentValue))
            }
            let target: RequestTarget
            do throws(HTTPErrorCode) {
                target = try RequestTarget(request.parts)
            } catch {
                return .value(.err(error.componentValue))
            }
            if request.body == nil, let error = ClientExchange.lengthWithoutBody(request.headers) {
                return .value(.err(error.componentValue))
            }
            let state: HTTPClientState
            if let s = call.state[HTTPClientState.self] {
                state = s
            } else {
                state = HTTPClientState()
                call.state[HTTPClientState.self] = state
            }
            let fallback = session.network.socketTimeoutNanoseconds
            // Writes have no option of their own: the socket timeout, or a tighter between-bytes.
            let timeouts = ClientTimeouts(connect: options?.connectTimeout ?? fallback,
                                          firstByte: options?.firstByteTimeout ?? fallback,
                                          betweenBytes: options?.betweenBytesTimeout ?? fallback,
                                          write: min(options?.betweenBytesTimeout ?? fallback, fallback))
            let future = FutureResponseObject()
            let exchange = ClientExchange(future: future, session: session, target: target, method: request.parts.method,
                                          headers: request.headers, body: request.body?.pipe, timeouts: timeouts,
                                          pool: state.pool, tls: call.state[TLSClientConfiguration.self] ?? tls)
            future.exchange = exchange
            exchange.start()
            return .value(.ok(.own(try call.resources.push(future, type: r.futureIncomingResponse))))
        }
    }
}
