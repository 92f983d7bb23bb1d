import ComponentModel
import HTTP1
import WASIIO

/// `wasi:http/types`: `incoming-request`, `outgoing-response` and `response-outparam` (the
/// server's side, used by `serve`).
enum TypesServer {
    static func register(_ linker: ComponentLinker, _ r: HTTPResources) throws(ComponentError) {
        let iface = HTTPResources.interface
        let handle = TypesOutgoing.handle
        func request(_ call: ComponentHostCall) throws -> IncomingRequestObject { try call.resource(0, r.incomingRequest) }
        func response(_ call: ComponentHostCall) throws -> OutgoingResponseObject { try call.resource(0, r.outgoingResponse) }

        // incoming-request
        try linker.defineFunction("\(iface)#[method]incoming-request.method") { call in
            .value(HTTPValues.method(try request(call).parts.method))
        }
        try linker.defineFunction("\(iface)#[method]incoming-request.path-with-query") { call in
            .value(.option(try request(call).parts.pathWithQuery.map { .string($0) }))
        }
        try linker.defineFunction("\(iface)#[method]incoming-request.scheme") { call in
            .value(.option(try request(call).parts.scheme.map(HTTPValues.scheme)))
        }
        try linker.defineFunction("\(iface)#[method]incoming-request.authority") { call in
            .value(.option(try request(call).parts.authority.map { .string($0) }))
        }
        try linker.defineFunction("\(iface)#[method]incoming-request.headers") { call in
            let view = FieldsObject(try request(call).headers, mutable: false)
            return .value(.own(try call.resources.push(view, type: r.fields, parent: try handle(call.argument(0)))))
        }
        try linker.defineFunction("\(iface)#[method]incoming-request.consume") { call in
            let req = try request(call)
            guard let body = req.body else { return .value(.err()) }
            req.body = nil
            return .value(.ok(.own(try call.resources.push(body, type: r.incomingBody))))
        }

        // outgoing-response
        try linker.defineFunction("\(iface)#[constructor]outgoing-response") { call in
            let headers = try call.take(0, r.fields, as: FieldsObject.self)
            let response = OutgoingResponseObject(headers: headers.entries, account: GuestHTTPMemory.of(call.state))
            return .value(.own(try call.resources.push(response, type: r.outgoingResponse)))
        }
        try linker.defineFunction("\(iface)#[method]outgoing-response.status-code") { call in
            .value(.u16(UInt16(clamping: try response(call).status)))
        }
        try linker.defineFunction("\(iface)#[method]outgoing-response.set-status-code") { call in
            let res = try response(call)
            guard case .u16(let status) = try call.argument(1) else { throw HostArgumentError("\(call.name): expected a u16") }
            guard (100...999).contains(status) else { return .value(.err()) }
            res.status = Int(status)
            return .value(.ok())
        }
        try linker.defineFunction("\(iface)#[method]outgoing-response.headers") { call in
            let view = FieldsObject(try response(call).headers, mutable: false)
            return .value(.own(try call.resources.push(view, type: r.fields, parent: try handle(call.argument(0)))))
        }
        try linker.defineFunction("\(iface)#[method]outgoing-response.body") { call in
            let res = try response(call)
            return try TypesOutgoing.newBody(call, r, headers: res.headers, existing: res.body) { res.body = $0 }
        }

        // response-outparam
        try linker.defineFunction("\(iface)#[method]response-outparam.send-informational") { call in
            let param = try call.resource(0, r.responseOutparam, as: ResponseOutparamObject.self)
            guard case .u16(let status) = try call.argument(1) else { throw HostArgumentError("\(call.name): expected a u16") }
            let headers = try call.take(2, r.fields, as: FieldsObject.self)
            switch param.sendInformational(Int(status), headers.entries) {
            case .success: return .value(.ok())
            case .failure(let error): return .value(.err(error.componentValue))
            }
        }
        try linker.defineFunction("\(iface)#[static]response-outparam.set") { call in
            let param = try call.take(0, r.responseOutparam, as: ResponseOutparamObject.self)
            guard case .result(let isOK, let payload) = try call.argument(1) else { throw HostArgumentError("\(call.name): expected a result") }
            if isOK {
                guard case .own(let h)? = payload else { throw HostArgumentError("\(call.name): expected an outgoing-response") }
                let res: OutgoingResponseObject = try call.resources.get(h, r.outgoingResponse)
                try call.resources.delete(h.rep)
                param.set(.success(res))
            } else {
                var text = "the handler answered an error"
                if case .variant(let label, _)? = payload { text = label }
                param.set(.failure(.internalError(text)))
            }
            return .value(nil)
        }
    }
}
