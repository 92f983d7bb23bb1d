import ComponentBinary

/// The WebAssembly Value Encoding (WAVE): the text form of component values that
/// `wasmtime run --invoke` reads and prints.
///
/// ```swift
/// let point = ResolvedValueType.record([
///     ResolvedField(label: "x", type: .primitive(.s32)),
///     ResolvedField(label: "y", type: .primitive(.s32)),
/// ])
/// let value = try WAVE.parse("{x: 7, y: 11}", as: point)
/// WAVE.format(value, as: point)   // "{x: 7, y: 11}"
/// ```
public enum WAVE {
    /// Formats `value` exactly as wasmtime prints it.
    ///
    /// Records drop fields whose value is `none` (a record with no field left is `{:}`), flags
    /// are listed in declaration order, variant and enum cases named like a keyword get a `%`
    /// prefix, floats are the shortest round-tripping decimal without exponent, and `list<u8>`
    /// is a list of numbers. Resource handles have no WAVE form and are written `<resource>`.
    /// The type only orders flags; a value that does not match its type is written by its shape.
    ///
    /// - Parameters:
    ///   - value: The value.
    ///   - type: Its type.
    /// - Returns: The WAVE text.
    public static func format(_ value: ComponentValue, as type: ResolvedValueType) -> String {
        var out = ""
        WAVEWriter.write(value, type: type, into: &out)
        return out
    }
}

/// The recursive WAVE writer behind ``WAVE/format(_:as:)``.
enum WAVEWriter {
    static func write(_ value: ComponentValue, type: ResolvedValueType?, into out: inout String) {
        switch value {
        case .bool(let v): out += v ? "true" : "false"
        case .s8(let v): out += String(v)
        case .u8(let v): out += String(v)
        case .s16(let v): out += String(v)
        case .u16(let v): out += String(v)
        case .s32(let v): out += String(v)
        case .u32(let v): out += String(v)
        case .s64(let v): out += String(v)
        case .u64(let v): out += String(v)
        case .f32(let v): out += WAVEText.float(v)
        case .f64(let v): out += WAVEText.float(v)
        case .char(let v): out += WAVEText.quoted(v)
        case .string(let v): out += WAVEText.quoted(v)
        case .bytes(let bytes):
            writeBytes(bytes, into: &out)
        case .list(let elements):
            let element = elementType(of: type)
            out += "["
            for index in elements.indices {
                if index > 0 { out += ", " }
                write(elements[index], type: element, into: &out)
            }
            out += "]"
        case .tuple(let elements):
            writeSequence(elements, types: tupleTypes(of: type, count: elements.count), open: "(", close: ")", into: &out)
        case .record(let fields):
            writeRecord(fields, type: type, into: &out)
        case .variant(let name, let payload):
            out += WAVEText.label(name)
            writePayload(payload, type: caseType(name, of: type), into: &out)
        case .enum(let name):
            out += WAVEText.label(name)
        case .option(let payload):
            if let payload {
                out += "some"
                writePayload(payload, type: optionType(of: type), into: &out)
            } else {
                out += "none"
            }
        case .result(let isOK, let payload):
            out += isOK ? "ok" : "err"
            writePayload(payload, type: resultType(of: type, ok: isOK), into: &out)
        case .flags(let names):
            out += "{" + orderedFlags(names, type: type).joined(separator: ", ") + "}"
        case .own, .borrow:
            out += "<resource>"
        }
    }

    /// A `list<u8>` as a list of numbers, its text made in one buffer.
    static func writeBytes(_ bytes: [UInt8], into out: inout String) {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count &* 5 &+ 2)
        text.append(UInt8(ascii: "["))
        for index in bytes.indices {
            if index > 0 {
                text.append(UInt8(ascii: ","))
                text.append(UInt8(ascii: " "))
            }
            let byte = bytes[index]
            if byte >= 100 { text.append(UInt8(ascii: "0") &+ byte / 100) }
            if byte >= 10 { text.append(UInt8(ascii: "0") &+ byte / 10 % 10) }
            text.append(UInt8(ascii: "0") &+ byte % 10)
        }
        text.append(UInt8(ascii: "]"))
        out += String(decoding: text, as: UTF8.self)
    }

    static func writePayload(_ payload: ComponentValue?, type: ResolvedValueType?, into out: inout String) {
        guard let payload else { return }
        out += "("
        write(payload, type: type, into: &out)
        out += ")"
    }

    static func writeSequence(
        _ elements: [ComponentValue], types: [ResolvedValueType?], open: String, close: String,
        into out: inout String
    ) {
        out += open
        for (index, element) in elements.enumerated() {
            if index > 0 { out += ", " }
            write(element, type: index < types.count ? types[index] : nil, into: &out)
        }
        out += close
    }

    static func writeRecord(
        _ fields: [(label: String, value: ComponentValue)], type: ResolvedValueType?, into out: inout String
    ) {
        var declared: [ResolvedField] = []
        if case .record(let fields)? = type { declared = fields }
        out += "{"
        var wrote = false
        for (position, field) in fields.enumerated() {
            if case .option(nil) = field.value { continue }
            if wrote { out += ", " }
            wrote = true
            out += field.label + ": "
            // A record's values come in declaration order; a label elsewhere is looked up.
            let fieldType = position < declared.count && declared[position].label == field.label
                ? declared[position].type : declared.first { $0.label == field.label }?.type
            write(field.value, type: fieldType, into: &out)
        }
        if !wrote { out += ":" }
        out += "}"
    }

    /// The set flags in declaration order (names the type does not declare go last).
    static func orderedFlags(_ names: [String], type: ResolvedValueType?) -> [String] {
        guard case .flags(let declared)? = type else { return names }
        let set = Set(names)
        var ordered = declared.filter { set.contains($0) }
        let known = Set(declared)
        ordered += names.filter { !known.contains($0) }
        return ordered
    }

    static func elementType(of type: ResolvedValueType?) -> ResolvedValueType? {
        switch type {
        case .list(let e)?: return e
        case .fixedList(let e, _)?: return e
        default: return nil
        }
    }

    static func tupleTypes(of type: ResolvedValueType?, count: Int) -> [ResolvedValueType?] {
        guard case .tuple(let elements)? = type else { return [] }
        return elements.map { $0 }
    }

    static func caseType(_ name: String, of type: ResolvedValueType?) -> ResolvedValueType? {
        guard case .variant(let cases)? = type else { return nil }
        return cases.first { $0.label == name }?.type
    }

    static func optionType(of type: ResolvedValueType?) -> ResolvedValueType? {
        guard case .option(let payload)? = type else { return nil }
        return payload
    }

    static func resultType(of type: ResolvedValueType?, ok: Bool) -> ResolvedValueType? {
        guard case .result(let okType, let errType)? = type else { return nil }
        return ok ? okType : errType
    }
}
