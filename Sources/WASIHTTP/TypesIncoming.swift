import ComponentModel
import HTTP1
import WASIIO

/// `wasi:http/types`: `incoming-response`, `incoming-body`, `future-trailers` and
/// `future-incoming-response` (the client's side of a response).
enum TypesIncoming {
    static func register(_ linker: ComponentLinker, _ r: HTTPResources) throws(ComponentError) {
        let iface = HTTPResources.interface
        let handle = TypesOutgoing.handle

        // incoming-response
        try linker.defineFunction("\(iface)#[method]incoming-response.status") { call in
            .value(.u16(UInt16(clamping: try call.resource(0, r.incomingResponse, as: IncomingResponseObject.self).status)))
        }
        try linker.defineFunction("\(iface)#[method]incoming-response.headers") { call in
            let response = try call.resource(0, r.incomingResponse, as: IncomingResponseObject.self)
            let view = FieldsObject(response.headers, mutable: false)
            return .value(.own(try call.resources.push(view, type: r.fields, parent: try handle(call.argument(0)))))
        }
        try linker.defineFunction("\(iface)#[method]incoming-response.consume") { call in
            let response = try call.resource(0, r.incomingResponse, as: IncomingResponseObject.self)
            guard let body = response.body else { return .value(.err()) }
            response.body = nil
            return .value(.ok(.own(try call.resources.push(body, type: r.incomingBody))))
        }

        // incoming-body
        try linker.defineFunction("\(iface)#[method]incoming-body.stream") { call in
            let body = try call.resource(0, r.incomingBody, as: IncomingBodyObject.self)
            guard !body.streamTaken else { return .value(.err()) }
            body.streamTaken = true
            return .value(.ok(try call.newInputStream(IncomingBodyStream(body.reader), r.io, parent: try handle(call.argument(0)))))
        }
        try linker.defineFunction("\(iface)#[static]incoming-body.finish") { call in
            let body = try call.take(0, r.incomingBody, as: IncomingBodyObject.self)
            return .value(.own(try call.resources.push(FutureTrailersObject(body.reader), type: r.futureTrailers)))
        }

        // future-trailers
        try linker.defineFunction("\(iface)#[method]future-trailers.subscribe") { call in
            let future = try call.resource(0, r.futureTrailers, as: FutureTrailersObject.self)
            return .value(try call.newPollable(future.readiness(), r.io, parent: try call.argument(0)))
        }
        try linker.defineFunction("\(iface)#[method]future-trailers.get") { call in
            let future = try call.resource(0, r.futureTrailers, as: FutureTrailersObject.self)
            guard !future.taken else { return .value(.option(.err())) }
            guard let result = future.result() else { return .value(.option(nil)) }
            future.taken = true
            switch result {
            case .failure(let error): return .value(.option(.ok(.err(error.componentValue))))
            case .success(nil): return .value(.option(.ok(.ok(.option(nil)))))
            case .success(let trailers?):
                let h = try call.resources.push(FieldsObject(trailers, mutable: false), type: r.fields)
                return .value(.option(.ok(.ok(.option(.own(h))))))
            }
        }

        // future-incoming-response
        try linker.defineFunction("\(iface)#[method]future-incoming-response.subscribe") { call in
            let future = try call.resource(0, r.futureIncomingResponse, as: FutureResponseObject.self)
            return .value(try call.newPollable(future.readiness(), r.io, parent: try call.argument(0)))
        }
        try linker.defineFunction("\(iface)#[method]future-incoming-response.get") { call in
            let future = try call.resource(0, r.futureIncomingResponse, as: FutureResponseObject.self)
            guard let outcome = future.outcome else { return .value(.option(nil)) }
            guard !future.taken else { return .value(.option(.err())) }
            future.taken = true
            switch outcome {
            case .failure(let error): return .value(.option(.ok(.err(error.componentValue))))
            case .success(let response):
                let h = try call.resources.push(response, type: r.incomingResponse)
                return .value(.option(.ok(.ok(.own(h)))))
            }
        }
    }
}
