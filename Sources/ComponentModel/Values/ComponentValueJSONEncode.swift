import ComponentBinary
import WippyJSON

/// Component values as JSON (DESIGN.md §6).
///
/// | WIT | JSON |
/// |---|---|
/// | record | object with the WIT (kebab-case) field names |
/// | list, tuple | array |
/// | option | `null` or the value |
/// | result | `{"ok": v}` or `{"err": e}` (`null` payload when the case has none) |
/// | variant | `{"case-name": payload-or-null}` |
/// | enum | the case name (an index number is accepted on input) |
/// | flags | array of the set flags' names |
/// | char | one-character string |
/// | integers | numbers, range-checked on input |
/// | floats | numbers; NaN and infinities as the strings `"nan"`, `"inf"`, `"-inf"` |
/// | `list<u8>` | array of numbers (a string, taken as its UTF-8 bytes, is accepted on input) |
/// | string | string |
///
/// Resources have no JSON form. An `option<option<T>>` whose outer value is `some(none)`
/// encodes as `null`, like `none`.
public enum ComponentValueJSON {
    /// Encodes `value` of type `type` as JSON.
    ///
    /// - Parameters:
    ///   - value: The value.
    ///   - type: Its type.
    /// - Returns: The JSON value.
    /// - Throws: ``ComponentValueError`` when the value does not match the type or is a resource.
    public static func encode(_ value: ComponentValue, as type: ResolvedValueType) throws(ComponentValueError) -> JSONValue {
        try JSONEncoding.encode(value, type, path: "$")
    }
}

/// The recursive encoder behind ``ComponentValueJSON/encode(_:as:)``.
enum JSONEncoding {
    static func mismatch(_ value: ComponentValue, _ type: ResolvedValueType, _ path: String) -> ComponentValueError {
        ComponentValueError(message: "value \(WAVE.format(value, as: type)) does not match type \(type.shortName)", path: path)
    }

    static func encode(_ value: ComponentValue, _ type: ResolvedValueType, path: String) throws(ComponentValueError) -> JSONValue {
        switch (type, value) {
        case (.primitive(let p), _):
            return try encodePrimitive(value, p, path: path)
        case (.list(let element), .list(let items)), (.fixedList(let element, _), .list(let items)):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                out.append(try ComponentValueError.placing("[\(index)]", below: path) { () throws(ComponentValueError) in try encode(item, element, path: path) })
            }
            return .array(out)
        case (.list(.primitive(.u8)), .bytes(let bytes)), (.fixedList(.primitive(.u8), _), .bytes(let bytes)):
            return .array(bytes.map { .number(JSONNumber(Int($0))) })
        case (.tuple(let types), .tuple(let items)) where types.count == items.count:
            var out: [JSONValue] = []
            for (index, item) in items.enumerated() {
                out.append(try ComponentValueError.placing("[\(index)]", below: path) { () throws(ComponentValueError) in try encode(item, types[index], path: path) })
            }
            return .array(out)
        case (.record(let fields), .record(let items)):
            return try encodeRecord(items, fields, path: path)
        case (.variant(let cases), .variant(let name, let payload)):
            guard let match = cases.first(where: { $0.label == name }) else { throw mismatch(value, type, path) }
            let inner = try ComponentValueError.placing("." + name, below: path) { () throws(ComponentValueError) in try encodePayload(payload, match.type, path: path) }
            return .object(JSONObject([(key: name, value: inner)]))
        case (.enum(let cases), .enum(let name)) where cases.contains(name):
            return .string(name)
        case (.option, .option(nil)):
            return .null
        case (.option(let payloadType), .option(let payload?)):
            return try encode(payload, payloadType, path: path)
        case (.result(let ok, let err), .result(let isOK, let payload)):
            let key = isOK ? "ok" : "err"
            let inner = try ComponentValueError.placing("." + key, below: path) { () throws(ComponentValueError) in try encodePayload(payload, isOK ? ok : err, path: path) }
            return .object(JSONObject([(key: key, value: inner)]))
        case (.flags(let names), .flags(let set)):
            for name in set where !names.contains(name) {
                throw ComponentValueError(message: "unknown flag `\(name)` for \(type.shortName)", path: path)
            }
            let chosen = Set(set)
            return .array(names.filter { chosen.contains($0) }.map { .string($0) })
        case (.own, _), (.borrow, _), (_, .own), (_, .borrow):
            throw ComponentValueError(message: "resource handles have no JSON form", path: path)
        default:
            throw mismatch(value, type, path)
        }
    }

    static func encodePayload(
        _ payload: ComponentValue?, _ type: ResolvedValueType?, path: String
    ) throws(ComponentValueError) -> JSONValue {
        switch (payload, type) {
        case (nil, nil): return .null
        case (let payload?, let type?): return try encode(payload, type, path: path)
        case (nil, let type?):
            throw ComponentValueError(message: "missing payload of type \(type.shortName)", path: path)
        case (_?, nil):
            throw ComponentValueError(message: "unexpected payload for a case without one", path: path)
        }
    }

    static func encodeRecord(
        _ items: [(label: String, value: ComponentValue)], _ fields: [ResolvedField], path: String
    ) throws(ComponentValueError) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = []
        for field in fields {
            guard let item = items.first(where: { $0.label == field.label }) else {
                throw ComponentValueError(message: "missing field `\(field.label)`", path: path)
            }
            let value = try ComponentValueError.placing("." + field.label, below: path) { () throws(ComponentValueError) in try encode(item.value, field.type, path: path) }
            pairs.append((key: field.label, value: value))
        }
        for item in items where !fields.contains(where: { $0.label == item.label }) {
            throw ComponentValueError(message: "unknown field `\(item.label)`", path: path)
        }
        return .object(JSONObject(pairs))
    }

    static func encodePrimitive(
        _ value: ComponentValue, _ type: PrimitiveValueType, path: String
    ) throws(ComponentValueError) -> JSONValue {
        switch (type, value) {
        case (.bool, .bool(let v)): return .bool(v)
        case (.s8, .s8(let v)): return .number(JSONNumber(Int64(v)))
        case (.u8, .u8(let v)): return .number(JSONNumber(UInt64(v)))
        case (.s16, .s16(let v)): return .number(JSONNumber(Int64(v)))
        case (.u16, .u16(let v)): return .number(JSONNumber(UInt64(v)))
        case (.s32, .s32(let v)): return .number(JSONNumber(Int64(v)))
        case (.u32, .u32(let v)): return .number(JSONNumber(UInt64(v)))
        case (.s64, .s64(let v)): return .number(JSONNumber(v))
        case (.u64, .u64(let v)): return .number(JSONNumber(v))
        case (.f32, .f32(let v)): return float(v.isNaN, v.isInfinite, v < 0, v.description, Double(v))
        case (.f64, .f64(let v)): return float(v.isNaN, v.isInfinite, v < 0, v.description, v)
        case (.char, .char(let c)): return .string(String(Character(c)))
        case (.string, .string(let s)): return .string(s)
        default:
            throw mismatch(value, .primitive(type), path)
        }
    }

    /// A float as a JSON number (its shortest text), or `"nan"` / `"inf"` / `"-inf"`.
    static func float(_ isNaN: Bool, _ isInfinite: Bool, _ negative: Bool, _ text: String, _ wide: Double) -> JSONValue {
        if isNaN { return .string("nan") }
        if isInfinite { return .string(negative ? "-inf" : "inf") }
        if let number = JSONNumber(text: text) { return .number(number) }
        return .number(JSONNumber(wide))
    }
}
