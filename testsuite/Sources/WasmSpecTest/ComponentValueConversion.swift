import ComponentBinary
import ComponentModel
import WippyJSON

/// Converts the component-level values of a component-model test script (wasm-tools
/// `ComponentConst`: `{"type": WIT-TYPE, "value": ...}`) to ``ComponentValue``s, guided by the
/// WIT type of the parameter or result they stand for.
///
/// Encodings: `bool` as a JSON boolean; integers as decimal strings; `f32`/`f64` as their bit
/// pattern in decimal; `char` as a one-character string; `list`/`tuple` as arrays; `record` as
/// `[name, value]` pairs; `variant` as `{"case", "payload"?}`; `enum` as the case name; `flags` as
/// the set names; `option` as a value or `null`; `result` as `{"Ok": v}` or `{"Err": v}`.
enum ComponentValueConversion {
    /// Converts `json` to a value of `type`; throws when it does not fit the type.
    static func value(_ json: JSONValue, as type: ResolvedValueType) throws(ScriptFormatError) -> ComponentValue {
        guard let tag = json["type"]?.stringValue else { throw ScriptFormatError("component value without \"type\": \(json)") }
        let expectedTag = type.kindName
        guard tag == expectedTag else {
            throw ScriptFormatError("a \(tag) value where the function's type is \(expectedTag)")
        }
        let payload = json["value"] ?? .null
        switch type {
        case .primitive(let primitive): return try Self.primitive(payload, primitive)
        case .list(let element):
            return .list(try items(payload, tag).map { (item) throws(ScriptFormatError) in try value(item, as: element) })
        case .fixedList(let element, let length):
            let elements = try items(payload, tag)
            guard elements.count == Int(length) else {
                throw ScriptFormatError("\(elements.count) elements for a list of length \(length)")
            }
            return .list(try elements.map { (item) throws(ScriptFormatError) in try value(item, as: element) })
        case .tuple(let types):
            let elements = try items(payload, tag)
            guard elements.count == types.count else {
                throw ScriptFormatError("\(elements.count) elements for a tuple of \(types.count)")
            }
            var out: [ComponentValue] = []
            for (item, itemType) in zip(elements, types) { out.append(try value(item, as: itemType)) }
            return .tuple(out)
        case .record(let fields): return try record(payload, fields)
        case .variant(let cases): return try variant(payload, cases)
        case .enum(let names):
            guard let name = payload.stringValue, names.contains(name) else {
                throw ScriptFormatError("enum value \(payload) is not one of \(names.joined(separator: ", "))")
            }
            return .enum(name)
        case .flags(let names):
            var set = Set<String>()
            for item in try items(payload, tag) {
                guard let name = item.stringValue, names.contains(name) else {
                    throw ScriptFormatError("flag \(item) is not one of \(names.joined(separator: ", "))")
                }
                set.insert(name)
            }
            return .flags(names.filter(set.contains))
        case .option(let inner):
            return payload.isNull ? .option(nil) : .option(try value(payload, as: inner))
        case .result(let ok, let error): return try result(payload, ok: ok, error: error)
        case .own, .borrow, .stream, .future, .map:
            throw ScriptFormatError("cannot express a \(expectedTag) value in a script")
        }
    }

    private static func items(_ payload: JSONValue, _ tag: String) throws(ScriptFormatError) -> [JSONValue] {
        guard let array = payload.arrayValue else { throw ScriptFormatError("\(tag) value is not an array: \(payload)") }
        return array
    }

    private static func primitive(_ payload: JSONValue, _ type: PrimitiveValueType) throws(ScriptFormatError) -> ComponentValue {
        func text() throws(ScriptFormatError) -> String {
            if let s = payload.stringValue { return s }
            if let n = payload.numberValue { return n.text }
            throw ScriptFormatError("\(type.witName) value is not a string: \(payload)")
        }
        func integer<T: FixedWidthInteger>(_: T.Type) throws(ScriptFormatError) -> T {
            let s = try text()
            guard let v = T(s) else { throw ScriptFormatError("\(type.witName) value out of range or malformed: \(s)") }
            return v
        }
        switch type {
        case .bool:
            guard let b = payload.boolValue else { throw ScriptFormatError("bool value is not a boolean: \(payload)") }
            return .bool(b)
        case .s8: return .s8(try integer(Int8.self))
        case .u8: return .u8(try integer(UInt8.self))
        case .s16: return .s16(try integer(Int16.self))
        case .u16: return .u16(try integer(UInt16.self))
        case .s32: return .s32(try integer(Int32.self))
        case .u32: return .u32(try integer(UInt32.self))
        case .s64: return .s64(try integer(Int64.self))
        case .u64: return .u64(try integer(UInt64.self))
        case .f32: return .f32(Float(bitPattern: try integer(UInt32.self)))
        case .f64: return .f64(Double(bitPattern: try integer(UInt64.self)))
        case .char:
            let s = try text()
            guard s.unicodeScalars.count == 1, let scalar = s.unicodeScalars.first else {
                throw ScriptFormatError("char value is not one character: \(payload)")
            }
            return .char(scalar)
        case .string: return .string(try text())
        case .errorContext: throw ScriptFormatError("cannot express an error-context value in a script")
        }
    }

    private static func record(_ payload: JSONValue, _ fields: [ResolvedField]) throws(ScriptFormatError) -> ComponentValue {
        var given: [String: JSONValue] = [:]
        for pair in try items(payload, "record") {
            guard let parts = pair.arrayValue, parts.count == 2, let name = parts[0].stringValue else {
                throw ScriptFormatError("record field is not a [name, value] pair: \(pair)")
            }
            guard fields.contains(where: { $0.label == name }) else { throw ScriptFormatError("record has no field \(name)") }
            guard given.updateValue(parts[1], forKey: name) == nil else { throw ScriptFormatError("record field \(name) given twice") }
        }
        var out: [(label: String, value: ComponentValue)] = []
        for field in fields {
            guard let item = given[field.label] else { throw ScriptFormatError("record field \(field.label) missing") }
            out.append((field.label, try value(item, as: field.type)))
        }
        return .record(out)
    }

    private static func variant(_ payload: JSONValue, _ cases: [ResolvedCase]) throws(ScriptFormatError) -> ComponentValue {
        guard let name = payload["case"]?.stringValue else { throw ScriptFormatError("variant value without \"case\": \(payload)") }
        guard let variantCase = cases.first(where: { $0.label == name }) else {
            throw ScriptFormatError("variant has no case \(name)")
        }
        let given = payload["payload"].flatMap { $0.isNull ? nil : $0 }
        switch (variantCase.type, given) {
        case (nil, nil): return .variant(case: name, payload: nil)
        case (let type?, let item?): return .variant(case: name, payload: try value(item, as: type))
        case (nil, _?): throw ScriptFormatError("variant case \(name) has no payload, one given")
        case (_?, nil): throw ScriptFormatError("variant case \(name) needs a payload")
        }
    }

    private static func result(_ payload: JSONValue, ok: ResolvedValueType?, error: ResolvedValueType?) throws(ScriptFormatError) -> ComponentValue {
        let isOK: Bool
        let given: JSONValue
        if let v = payload["Ok"] {
            isOK = true
            given = v
        } else if let v = payload["Err"] {
            isOK = false
            given = v
        } else {
            throw ScriptFormatError("result value is neither {\"Ok\": ...} nor {\"Err\": ...}: \(payload)")
        }
        switch (isOK ? ok : error, given.isNull) {
        case (nil, true): return .result(isOK: isOK, payload: nil)
        case (let type?, false): return .result(isOK: isOK, payload: try value(given, as: type))
        case (nil, false): throw ScriptFormatError("result case \(isOK ? "ok" : "err") has no payload, one given")
        case (_?, true): throw ScriptFormatError("result case \(isOK ? "ok" : "err") needs a payload")
        }
    }
}
