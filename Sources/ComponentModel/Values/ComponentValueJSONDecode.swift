import ComponentBinary
import WippyJSON

extension ComponentValueJSON {
    /// Decodes JSON as a value of type `type` (the rules are in ``ComponentValueJSON``).
    ///
    /// A record field of `option` type may be missing (it is `none`); unknown fields are errors.
    /// Integers must be integral and in range (`1.0` is accepted, `1.5` and `256` for `u8` are
    /// not). A `list<u8>` is returned as ``ComponentValue/bytes(_:)``.
    ///
    /// - Parameters:
    ///   - json: The JSON value.
    ///   - type: The type to decode it as.
    /// - Returns: The component value.
    /// - Throws: ``ComponentValueError`` naming the expected type and the path of the problem.
    public static func decode(_ json: JSONValue, as type: ResolvedValueType) throws(ComponentValueError) -> ComponentValue {
        try JSONDecoding.decode(json, type, path: "$")
    }
}

/// The recursive decoder behind ``ComponentValueJSON/decode(_:as:)``.
enum JSONDecoding {
    static func describe(_ json: JSONValue) -> String {
        switch json {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number: return "number \(json.serializedExcerpt())"
        case .string: return "string \(json.serializedExcerpt())"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// A name from the input (a key, a case, a flag) as a message quotes it: as it is when short,
    /// else its beginning and `…` (escaped as in JSON, without the quotes).
    static func name(_ text: String) -> String {
        var quoted = JSONValue.string(text).serializedExcerpt()
        quoted.removeFirst()
        if quoted.hasSuffix("\"") { quoted.removeLast() }
        return quoted
    }

    /// A number from the input as a message quotes it (its text, or the beginning of a long one).
    static func number(_ number: JSONNumber) -> String {
        JSONValue.number(number).serializedExcerpt()
    }

    static func expected(_ what: String, _ json: JSONValue, _ path: String) -> ComponentValueError {
        ComponentValueError(message: "expected \(what), found \(describe(json))", path: path)
    }

    static func decode(_ json: JSONValue, _ type: ResolvedValueType, path: String) throws(ComponentValueError) -> ComponentValue {
        switch type {
        case .primitive(let p):
            return try decodePrimitive(json, p, path: path)
        case .list(let element):
            return try decodeList(json, element, length: nil, type: type, path: path)
        case .fixedList(let element, let length):
            return try decodeList(json, element, length: Int(length), type: type, path: path)
        case .tuple(let types):
            guard case .array(let items) = json, items.count == types.count else {
                throw expected("\(type.shortName) (an array of \(types.count))", json, path)
            }
            var values: [ComponentValue] = []
            for (index, item) in items.enumerated() {
                values.append(try ComponentValueError.placing("[\(index)]", below: path) { () throws(ComponentValueError) in try decode(item, types[index], path: path) })
            }
            return .tuple(values)
        case .record(let fields):
            return try decodeRecord(json, fields, type: type, path: path)
        case .variant(let cases):
            let (name, payload) = try singleKey(json, type: type, path: path)
            guard let match = cases.first(where: { $0.label == name }) else {
                throw ComponentValueError(message: "unknown case `\(JSONDecoding.name(name))` of \(type.shortName)", path: path)
            }
            return .variant(case: name, payload: try ComponentValueError.placing("." + name, below: path) { () throws(ComponentValueError) in try decodePayload(payload, match.type, path: path) })
        case .enum(let cases):
            return .enum(try decodeEnum(json, cases, type: type, path: path))
        case .option(let payload):
            if case .null = json { return .option(nil) }
            return .option(try decode(json, payload, path: path))
        case .result(let ok, let err):
            let (name, payload) = try singleKey(json, type: type, path: path)
            switch name {
            case "ok": return .result(isOK: true, payload: try ComponentValueError.placing(".ok", below: path) { () throws(ComponentValueError) in try decodePayload(payload, ok, path: path) })
            case "err": return .result(isOK: false, payload: try ComponentValueError.placing(".err", below: path) { () throws(ComponentValueError) in try decodePayload(payload, err, path: path) })
            default: throw expected("\(type.shortName) ({\"ok\": ...} or {\"err\": ...})", json, path)
            }
        case .flags(let names):
            return try decodeFlags(json, names, type: type, path: path)
        case .own, .borrow:
            throw ComponentValueError(message: "resource handles have no JSON form", path: path)
        case .stream, .future, .map:
            throw ComponentValueError(message: "values of type \(type.shortName) have no JSON form", path: path)
        }
    }

    /// The one key and value of `{"name": value}`.
    static func singleKey(_ json: JSONValue, type: ResolvedValueType, path: String) throws(ComponentValueError) -> (String, JSONValue) {
        guard case .object(let object) = json, object.keys.count == 1,
              let key = object.keys.first, let value = object[key]
        else {
            throw expected("\(type.shortName) (an object with exactly one key)", json, path)
        }
        return (key, value)
    }

    static func decodePayload(_ json: JSONValue, _ type: ResolvedValueType?, path: String) throws(ComponentValueError) -> ComponentValue? {
        guard let type else {
            guard case .null = json else { throw expected("null (the case has no payload)", json, path) }
            return nil
        }
        return try decode(json, type, path: path)
    }

    static func decodeList(
        _ json: JSONValue, _ element: ResolvedValueType, length: Int?, type: ResolvedValueType, path: String
    ) throws(ComponentValueError) -> ComponentValue {
        let isBytes = element == .primitive(.u8)
        if isBytes, case .string(let text) = json {
            let bytes = Array(text.utf8)
            if let length, bytes.count != length {
                throw ComponentValueError(message: "expected \(length) bytes for \(type.shortName), found \(bytes.count)", path: path)
            }
            return .bytes(bytes)
        }
        guard case .array(let items) = json else {
            throw expected("\(type.shortName) (an array\(isBytes ? " or a string" : ""))", json, path)
        }
        if let length, items.count != length {
            throw ComponentValueError(message: "expected \(length) elements for \(type.shortName), found \(items.count)", path: path)
        }
        var values: [ComponentValue] = []
        values.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            values.append(try ComponentValueError.placing("[\(index)]", below: path) { () throws(ComponentValueError) in try decode(item, element, path: path) })
        }
        guard isBytes else { return .list(values) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count)
        for case .u8(let byte) in values { bytes.append(byte) }
        return .bytes(bytes)
    }

    static func decodeRecord(
        _ json: JSONValue, _ fields: [ResolvedField], type: ResolvedValueType, path: String
    ) throws(ComponentValueError) -> ComponentValue {
        guard case .object(let object) = json else { throw expected("\(type.shortName) (an object)", json, path) }
        var seen: Set<String> = []
        for key in object.keys {
            guard fields.contains(where: { $0.label == key }) else {
                let known = fields.map(\.label).joined(separator: ", ")
                throw ComponentValueError(message: "unknown field `\(JSONDecoding.name(key))` (the record has: \(known))", path: path)
            }
            guard seen.insert(key).inserted else {
                throw ComponentValueError(message: "duplicate field `\(JSONDecoding.name(key))`", path: path)
            }
        }
        var values: [(label: String, value: ComponentValue)] = []
        for field in fields {
            if let item = object[field.label] {
                let value = try ComponentValueError.placing("." + field.label, below: path) { () throws(ComponentValueError) in try decode(item, field.type, path: path) }
                values.append((field.label, value))
            } else if case .option = field.type {
                values.append((field.label, .option(nil)))
            } else {
                throw ComponentValueError(message: "missing field `\(field.label)` of type \(field.type.shortName)", path: path)
            }
        }
        return .record(values)
    }

    static func decodeEnum(_ json: JSONValue, _ cases: [String], type: ResolvedValueType, path: String) throws(ComponentValueError) -> String {
        switch json {
        case .string(let name):
            guard cases.contains(name) else {
                throw ComponentValueError(message: "unknown case `\(JSONDecoding.name(name))` of \(type.shortName)", path: path)
            }
            return name
        case .number(let number):
            guard let index = number.int64, index >= 0, index < Int64(cases.count) else {
                throw ComponentValueError(
                    message: "case index \(JSONDecoding.number(number)) out of range for \(type.shortName) (0..<\(cases.count))", path: path)
            }
            return cases[Int(index)]
        default:
            throw expected("\(type.shortName) (a case name or index)", json, path)
        }
    }

    static func decodeFlags(_ json: JSONValue, _ names: [String], type: ResolvedValueType, path: String) throws(ComponentValueError) -> ComponentValue {
        guard case .array(let items) = json else { throw expected("\(type.shortName) (an array of names)", json, path) }
        var set: Set<String> = []
        for (index, item) in items.enumerated() {
            guard case .string(let name) = item else { throw expected("a flag name", item, path + "[\(index)]") }
            guard names.contains(name) else {
                throw ComponentValueError(message: "unknown flag `\(JSONDecoding.name(name))` of \(type.shortName)", path: path + "[\(index)]")
            }
            guard set.insert(name).inserted else {
                throw ComponentValueError(message: "duplicate flag `\(JSONDecoding.name(name))`", path: path + "[\(index)]")
            }
        }
        return .flags(names.filter { set.contains($0) })
    }
}
