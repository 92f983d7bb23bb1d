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
    ///   - limit: The most bytes of host memory the JSON tree may take, counted per node (a
    ///     ``JSONValue``'s size, plus the heap bytes of strings and arrays); past it the
    ///     encoding stops with an error whose ``ComponentValueError/exceedsLimit`` is set. A
    ///     list of bytes takes a node per byte, about 24 times its own size.
    /// - Returns: The JSON value.
    /// - Throws: ``ComponentValueError`` when the value does not match the type or is a
    ///   resource, or its tree would pass `limit`.
    public static func encode(_ value: ComponentValue, as type: ResolvedValueType, limit: Int = .max) throws(ComponentValueError) -> JSONValue {
        var tree = JSONTreeSink(limit: limit)
        try JSONEncoding.encode(value, type, path: "$", into: &tree)
        return tree.value
    }

    /// Encodes `value` of type `type` as compact JSON text: the bytes of
    /// `encode(value, as: type).serialized()`, written without building the tree.
    ///
    /// - Parameters:
    ///   - value: The value.
    ///   - type: Its type.
    ///   - limit: The most bytes the text may take; past it the encoding stops with an error
    ///     whose ``ComponentValueError/exceedsLimit`` is set.
    /// - Returns: The UTF-8 text.
    /// - Throws: ``ComponentValueError`` as ``encode(_:as:limit:)`` does, or when the text would
    ///   pass `limit`.
    public static func encodeText(_ value: ComponentValue, as type: ResolvedValueType, limit: Int = .max) throws(ComponentValueError) -> [UInt8] {
        var text = JSONTextSink(limit: limit)
        try JSONEncoding.encode(value, type, path: "$", into: &text)
        return text.writer.bytes
    }
}

/// The recursive encoder behind ``ComponentValueJSON``: walks a value along its type and tells
/// a sink (a tree or text) what it finds, in order.
enum JSONEncoding {
    static func mismatch(_ value: ComponentValue, _ type: ResolvedValueType, _ path: String) -> ComponentValueError {
        ComponentValueError(message: "value \(WAVE.format(value, as: type)) does not match type \(type.shortName)", path: path)
    }

    static func encode<Sink: JSONSink>(_ value: ComponentValue, _ type: ResolvedValueType, path: String,
                                       into sink: inout Sink) throws(ComponentValueError) {
        switch (type, value) {
        case (.primitive(let p), _):
            try encodePrimitive(value, p, path: path, into: &sink)
        case (.list(let element), .list(let items)), (.fixedList(let element, _), .list(let items)):
            try sink.beginArray(count: items.count)
            for (index, item) in items.enumerated() {
                try ComponentValueError.placing("[\(index)]", below: path) { () throws(ComponentValueError) in
                    try encode(item, element, path: path, into: &sink)
                }
            }
            sink.endArray()
        case (.list(.primitive(.u8)), .bytes(let bytes)), (.fixedList(.primitive(.u8), _), .bytes(let bytes)):
            try sink.bytes(bytes, path: path)
        case (.tuple(let types), .tuple(let items)) where types.count == items.count:
            try sink.beginArray(count: items.count)
            for (index, item) in items.enumerated() {
                try ComponentValueError.placing("[\(index)]", below: path) { () throws(ComponentValueError) in
                    try encode(item, types[index], path: path, into: &sink)
                }
            }
            sink.endArray()
        case (.record(let fields), .record(let items)):
            try encodeRecord(items, fields, path: path, into: &sink)
        case (.variant(let cases), .variant(let name, let payload)):
            guard let match = cases.first(where: { $0.label == name }) else { throw mismatch(value, type, path) }
            try sink.beginObject(count: 1)
            try sink.key(name)
            try ComponentValueError.placing("." + name, below: path) { () throws(ComponentValueError) in
                try encodePayload(payload, match.type, path: path, into: &sink)
            }
            sink.endObject()
        case (.enum(let cases), .enum(let name)) where cases.contains(name):
            try sink.string(name)
        case (.option, .option(nil)):
            try sink.null()
        case (.option(let payloadType), .option(let payload?)):
            try encode(payload, payloadType, path: path, into: &sink)
        case (.result(let ok, let err), .result(let isOK, let payload)):
            let key = isOK ? "ok" : "err"
            try sink.beginObject(count: 1)
            try sink.key(key)
            try ComponentValueError.placing("." + key, below: path) { () throws(ComponentValueError) in
                try encodePayload(payload, isOK ? ok : err, path: path, into: &sink)
            }
            sink.endObject()
        case (.flags(let names), .flags(let set)):
            for name in set where !names.contains(name) {
                throw ComponentValueError(message: "unknown flag `\(name)` for \(type.shortName)", path: path)
            }
            let chosen = Set(set)
            let named = names.filter { chosen.contains($0) }
            try sink.beginArray(count: named.count)
            for name in named { try sink.string(name) }
            sink.endArray()
        case (.own, _), (.borrow, _), (_, .own), (_, .borrow):
            throw ComponentValueError(message: "resource handles have no JSON form", path: path)
        default:
            throw mismatch(value, type, path)
        }
    }

    static func encodePayload<Sink: JSONSink>(
        _ payload: ComponentValue?, _ type: ResolvedValueType?, path: String, into sink: inout Sink
    ) throws(ComponentValueError) {
        switch (payload, type) {
        case (nil, nil): try sink.null()
        case (let payload?, let type?): try encode(payload, type, path: path, into: &sink)
        case (nil, let type?):
            throw ComponentValueError(message: "missing payload of type \(type.shortName)", path: path)
        case (_?, nil):
            throw ComponentValueError(message: "unexpected payload for a case without one", path: path)
        }
    }

    static func encodeRecord<Sink: JSONSink>(
        _ items: [(label: String, value: ComponentValue)], _ fields: [ResolvedField], path: String, into sink: inout Sink
    ) throws(ComponentValueError) {
        try sink.beginObject(count: fields.count)
        for field in fields {
            guard let item = items.first(where: { $0.label == field.label }) else {
                throw ComponentValueError(message: "missing field `\(field.label)`", path: path)
            }
            try sink.key(field.label)
            try ComponentValueError.placing("." + field.label, below: path) { () throws(ComponentValueError) in
                try encode(item.value, field.type, path: path, into: &sink)
            }
        }
        for item in items where !fields.contains(where: { $0.label == item.label }) {
            throw ComponentValueError(message: "unknown field `\(item.label)`", path: path)
        }
        sink.endObject()
    }

    static func encodePrimitive<Sink: JSONSink>(
        _ value: ComponentValue, _ type: PrimitiveValueType, path: String, into sink: inout Sink
    ) throws(ComponentValueError) {
        switch (type, value) {
        case (.bool, .bool(let v)): try sink.bool(v)
        case (.s8, .s8(let v)): try sink.integer(Int64(v))
        case (.u8, .u8(let v)): try sink.unsigned(UInt64(v))
        case (.s16, .s16(let v)): try sink.integer(Int64(v))
        case (.u16, .u16(let v)): try sink.unsigned(UInt64(v))
        case (.s32, .s32(let v)): try sink.integer(Int64(v))
        case (.u32, .u32(let v)): try sink.unsigned(UInt64(v))
        case (.s64, .s64(let v)): try sink.integer(v)
        case (.u64, .u64(let v)): try sink.unsigned(v)
        case (.f32, .f32(let v)): try float(v.isNaN, v.isInfinite, v < 0, v.description, Double(v), into: &sink)
        case (.f64, .f64(let v)): try float(v.isNaN, v.isInfinite, v < 0, v.description, v, into: &sink)
        case (.char, .char(let c)): try sink.string(String(Character(c)))
        case (.string, .string(let s)): try sink.string(s)
        default:
            throw mismatch(value, .primitive(type), path)
        }
    }

    /// A float as a JSON number (its shortest text), or `"nan"` / `"inf"` / `"-inf"`.
    static func float<Sink: JSONSink>(_ isNaN: Bool, _ isInfinite: Bool, _ negative: Bool, _ text: String, _ wide: Double,
                                      into sink: inout Sink) throws(ComponentValueError) {
        if isNaN { return try sink.string("nan") }
        if isInfinite { return try sink.string(negative ? "-inf" : "inf") }
        try sink.number(JSONNumber(text: text) ?? JSONNumber(wide))
    }
}
