import ComponentModel
import HTTP1
import WASIIO

/// `wasi:http/types`: the `fields` resource (headers and trailers) and `http-error-code`.
enum TypesFields {
    static func register(_ linker: ComponentLinker, _ r: HTTPResources) throws(ComponentError) {
        let iface = HTTPResources.interface
        func fields(_ call: ComponentHostCall) throws -> FieldsObject { try call.resource(0, r.fields) }
        func account(_ call: ComponentHostCall) -> GuestHTTPMemory { GuestHTTPMemory.of(call.state) }

        try linker.defineFunction("\(iface)#[constructor]fields") { call in
            .value(.own(try call.resources.push(FieldsObject(account: account(call)), type: r.fields)))
        }
        try linker.defineFunction("\(iface)#[static]fields.from-list") { call in
            guard case .list(let items) = try call.argument(0) else { throw HostArgumentError("\(call.name): expected a list") }
            var entries: [HTTPField] = []
            entries.reserveCapacity(items.count)
            for item in items {
                guard case .tuple(let pair) = item, pair.count == 2, case .string(let name) = pair[0],
                      let value = HTTPValues.bytes(pair[1]) else { throw HostArgumentError("\(call.name): expected (name, value) pairs") }
                let lower: String
                do throws(HeaderError) {
                    lower = try FieldRules.checkedName(name)
                    try FieldRules.checkValue(value)
                } catch {
                    return .value(.err(.variant(case: error.caseName, payload: nil)))
                }
                entries.append(HTTPField(name: lower, value: value))
            }
            return .value(.ok(.own(try call.resources.push(try FieldsObject.guestFields(entries, account: account(call)), type: r.fields))))
        }
        try linker.defineFunction("\(iface)#[method]fields.get") { call in
            .value(HTTPValues.values(try fields(call).values(try call.string(1))))
        }
        try linker.defineFunction("\(iface)#[method]fields.has") { call in
            .value(.bool(!(try fields(call).values(try call.string(1)).isEmpty)))
        }
        try linker.defineFunction("\(iface)#[method]fields.set") { call in
            let f = try fields(call), name = try call.string(1)
            guard case .list(let items) = try call.argument(2) else { throw HostArgumentError("\(call.name): expected a list of values") }
            var values: [[UInt8]] = []
            for item in items {
                guard let v = HTTPValues.bytes(item) else { throw HostArgumentError("\(call.name): expected list<u8> values") }
                values.append(v)
            }
            try f.checkRoom(removing: name, adding: values.reduce(0) { $0 &+ FieldsObject.size(name, $1) })
            return .value(HTTPValues.headerResult { () throws(HeaderError) in try f.set(name, values) })
        }
        try linker.defineFunction("\(iface)#[method]fields.delete") { call in
            let f = try fields(call), name = try call.string(1)
            return .value(HTTPValues.headerResult { () throws(HeaderError) in try f.delete(name) })
        }
        try linker.defineFunction("\(iface)#[method]fields.append") { call in
            let f = try fields(call), name = try call.string(1), value = try call.bytes(2)
            try f.checkRoom(adding: FieldsObject.size(name, value))
            return .value(HTTPValues.headerResult { () throws(HeaderError) in try f.append(name, value) })
        }
        try linker.defineFunction("\(iface)#[method]fields.entries") { call in
            .value(HTTPValues.entries(try fields(call).entries))
        }
        try linker.defineFunction("\(iface)#[method]fields.clone") { call in
            .value(.own(try call.resources.push(try FieldsObject.guestFields(try fields(call).entries, account: account(call)), type: r.fields)))
        }
        try linker.defineFunction("\(iface)#http-error-code") { call in
            let e = try call.resource(0, r.io.error, as: IOErrorObject.self)
            return .value(.option((e.cause as? HTTPErrorCode)?.componentValue))
        }
    }
}
