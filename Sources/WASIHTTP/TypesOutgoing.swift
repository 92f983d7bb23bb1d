import ComponentModel
import HTTP1
import WASIIO

/// `wasi:http/types`: `outgoing-request`, `request-options` and `outgoing-body`.
enum TypesOutgoing {
    static func register(_ linker: ComponentLinker, _ r: HTTPResources) throws(ComponentError) {
        let iface = HTTPResources.interface
        func request(_ call: ComponentHostCall) throws -> OutgoingRequestObject { try call.resource(0, r.outgoingRequest) }
        func options(_ call: ComponentHostCall) throws -> RequestOptionsObject { try call.resource(0, r.requestOptions) }

        // outgoing-request
        try linker.defineFunction("\(iface)#[constructor]outgoing-request") { call in
            let headers = try call.take(0, r.fields, as: FieldsObject.self)
            let request = OutgoingRequestObject(headers: headers.entries, account: GuestHTTPMemory.of(call.state))
            return .value(.own(try call.resources.push(request, type: r.outgoingRequest)))
        }
        try linker.defineFunction("\(iface)#[method]outgoing-request.body") { call in
            let req = try request(call)
            return try newBody(call, r, headers: req.headers, existing: req.body) { req.body = $0 }
        }
        try linker.defineFunction("\(iface)#[method]outgoing-request.method") { call in
            .value(HTTPValues.method(try request(call).parts.method))
        }
        try linker.defineFunction("\(iface)#[method]outgoing-request.set-method") { call in
            let req = try request(call)
            guard let token = HTTPValues.methodToken(try call.caseOrOther(1)),
                  token.utf8.count <= RequestParts.maxPartLength else { return .value(.err()) }
            try req.update { $0.method = token }
            return .value(.ok())
        }
        let texts: [(String, WritableKeyPath<RequestParts, String?>, (String) -> Bool)] = [
            ("path-with-query", \.pathWithQuery, RequestTarget.isValidPath), ("authority", \.authority, RequestTarget.isValidAuthority),
        ]
        for (name, path, isValid) in texts {
            try linker.defineFunction("\(iface)#[method]outgoing-request.\(name)") { call in
                .value(.option(try request(call).parts[keyPath: path].map { .string($0) }))
            }
            try linker.defineFunction("\(iface)#[method]outgoing-request.set-\(name)") { call in
                let req = try request(call)
                guard let text = try call.optionalString(1) else { return .value(.err()) }
                if let text, text.utf8.count > RequestParts.maxPartLength || !isValid(text) { return .value(.err()) }
                try req.update { $0[keyPath: path] = text }
                return .value(.ok())
            }
        }
        try linker.defineFunction("\(iface)#[method]outgoing-request.scheme") { call in
            .value(.option(try request(call).parts.scheme.map(HTTPValues.scheme)))
        }
        try linker.defineFunction("\(iface)#[method]outgoing-request.set-scheme") { call in
            let req = try request(call)
            guard let value = try call.option(1) else {
                try req.update { $0.scheme = nil }
                return .value(.ok())
            }
            guard case .variant(let label, let payload) = value else { throw HostArgumentError("\(call.name): expected a scheme") }
            var other: (String, isOther: Bool) = (label, false)
            if label == "other", case .string(let s)? = payload { other = (s, true) }
            guard let name = HTTPValues.schemeName(other), name.utf8.count <= RequestParts.maxPartLength else { return .value(.err()) }
            try req.update { $0.scheme = name }
            return .value(.ok())
        }
        try linker.defineFunction("\(iface)#[method]outgoing-request.headers") { call in
            let req = try request(call)
            let view = FieldsObject(req.headers, mutable: false)
            return .value(.own(try call.resources.push(view, type: r.fields, parent: try handle(call.argument(0)))))
        }

        // request-options
        try linker.defineFunction("\(iface)#[constructor]request-options") { call in
            .value(.own(try call.resources.push(RequestOptionsObject(), type: r.requestOptions)))
        }
        let durations: [(String, ReferenceWritableKeyPath<RequestOptionsObject, UInt64?>)] = [
            ("connect-timeout", \.connectTimeout), ("first-byte-timeout", \.firstByteTimeout),
            ("between-bytes-timeout", \.betweenBytesTimeout),
        ]
        for (name, path) in durations {
            try linker.defineFunction("\(iface)#[method]request-options.\(name)") { call in
                .value(.option(try options(call)[keyPath: path].map { .u64($0) }))
            }
            try linker.defineFunction("\(iface)#[method]request-options.set-\(name)") { call in
                try options(call)[keyPath: path] = try call.optionalDuration(1)
                return .value(.ok())
            }
        }

        // outgoing-body
        try linker.defineFunction("\(iface)#[method]outgoing-body.write") { call in
            let body = try call.resource(0, r.outgoingBody, as: OutgoingBodyObject.self)
            guard !body.streamTaken else { return .value(.err()) }
            body.streamTaken = true
            let stream = OutgoingBodyStream(body.pipe)
            return .value(.ok(try call.newOutputStream(stream, r.io, parent: try handle(call.argument(0)))))
        }
        try linker.defineFunction("\(iface)#[static]outgoing-body.finish") { call in
            let body = try call.take(0, r.outgoingBody, as: OutgoingBodyObject.self)
            var trailers: [HTTPField] = []
            if let t = try call.option(1) {
                guard case .own(let h) = t else { throw HostArgumentError("\(call.name): expected owned trailers") }
                let fields: FieldsObject = try call.resources.get(h, r.fields)
                try call.resources.delete(h.rep)
                trailers = fields.entries
            }
            do throws(HTTPErrorCode) {
                try body.finish(trailers: trailers)
                return .value(.ok())
            } catch {
                return .value(.err(error.componentValue))
            }
        }
    }

    /// `body()` of an outgoing message: its `outgoing-body` the first time (sized by the
    /// message's `content-length`, if any), `err` after that.
    static func newBody(_ call: ComponentHostCall, _ r: HTTPResources, headers: [HTTPField], existing: OutgoingBodyObject?,
                        _ keep: (OutgoingBodyObject) -> Void) throws -> ComponentHostReply {
        // A length that cannot be kept (a `content-length` that is not one decimal number, or
        // fields that disagree) gets no body: the bytes written could not be framed by it.
        guard existing == nil, let body = try? OutgoingBodyObject(declaredIn: headers, account: GuestHTTPMemory.of(call.state)) else {
            return .value(.err())
        }
        keep(body)
        return .value(.ok(.own(try call.resources.push(body, type: r.outgoingBody))))
    }

    /// The handle inside an own or borrow value.
    static func handle(_ value: ComponentValue) throws -> ResourceHandle {
        switch value {
        case .own(let h), .borrow(let h): return h
        default: throw HostArgumentError("expected a resource handle")
        }
    }
}

extension OutgoingBodyObject {
    /// A body whose length is the `content-length` in `headers`, if any; `invalidContentLength`
    /// when that field is malformed or its values disagree.
    convenience init(declaredIn headers: [HTTPField], account: GuestHTTPMemory? = nil) throws(HTTP1Error) {
        self.init(expectedLength: try HTTPBodyFraming.contentLength(headers), account: account)
    }
}
