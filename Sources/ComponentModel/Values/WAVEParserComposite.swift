import ComponentBinary

extension WAVEParser {
    /// `[a, b, ...]`, with an optional trailing comma; `list<u8>` becomes bytes.
    mutating func parseList(
        _ element: ResolvedValueType, length: Int?, type: ResolvedValueType
    ) throws(WAVEError) -> ComponentValue {
        let open = try expect(.bracketOpen, "\(type.shortName) (`[...]`)")
        var values: [ComponentValue] = []
        while true {
            if try accept(.bracketClose) { break }
            values.append(try parseValue(element))
            let token = try advance()
            if token.kind == .bracketClose { break }
            guard token.kind == .comma else { throw WAVEParser.unexpected(token, expected: "`,` or `]`") }
        }
        if let length, values.count != length {
            throw WAVEError(message: "expected \(length) elements for \(type.shortName), found \(values.count)", offset: open.offset)
        }
        if length == nil, element == .primitive(.u8) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(values.count)
            for case .u8(let byte) in values { bytes.append(byte) }
            return .bytes(bytes)
        }
        return .list(values)
    }

    /// `(a, b, ...)` with exactly one value per element type.
    mutating func parseTuple(_ elements: [ResolvedValueType], type: ResolvedValueType) throws(WAVEError) -> ComponentValue {
        let open = try expect(.parenOpen, "\(type.shortName) (`(...)`)")
        var values: [ComponentValue] = []
        while true {
            if values.count == elements.count {
                let token = try advance()
                if token.kind == .parenClose { break }
                throw WAVEParser.unexpected(token, expected: "`)` after \(elements.count) tuple elements")
            }
            values.append(try parseValue(elements[values.count]))
            let token = try advance()
            if token.kind == .parenClose { break }
            guard token.kind == .comma else { throw WAVEParser.unexpected(token, expected: "`,` or `)`") }
            if try accept(.parenClose) { break }
        }
        guard values.count == elements.count else {
            throw WAVEError(
                message: "expected \(elements.count) elements for \(type.shortName), found \(values.count)",
                offset: open.offset)
        }
        return .tuple(values)
    }

    /// A label (any label: `%` is optional, keywords allowed) as in record fields and flags.
    mutating func parseAnyLabel(expected: String) throws(WAVEError) -> (name: String, token: WAVEToken) {
        let token = try advance()
        guard case .label(let name, _) = token.kind else { throw WAVEParser.unexpected(token, expected: expected) }
        return (name, token)
    }

    /// `{field: value, ...}` (any order; missing `option` fields are `none`), or `{:}`.
    mutating func parseRecord(_ fields: [ResolvedField], type: ResolvedValueType) throws(WAVEError) -> ComponentValue {
        let open = try expect(.braceOpen, "record (`{field: value, ...}`)")
        var found: [String: ComponentValue] = [:]
        if try accept(.colon) {
            try expect(.braceClose, "`}` closing the empty record `{:}`")
        } else {
            if try peek().kind == .braceClose {
                throw WAVEError(message: "expected a record field (an empty record is written `{:}`)", offset: try peek().offset)
            }
            while true {
                let (name, token) = try parseAnyLabel(expected: "a record field name")
                guard let field = fields.first(where: { $0.label == name }) else {
                    let known = fields.map(\.label).joined(separator: ", ")
                    throw WAVEError(message: "unknown field `\(name)` (the record has: \(known))", offset: token.offset)
                }
                guard found[name] == nil else {
                    throw WAVEError(message: "duplicate field `\(name)`", offset: token.offset)
                }
                try expect(.colon, "`:` after field `\(name)`")
                found[name] = try parseValue(field.type)
                let next = try advance()
                if next.kind == .braceClose { break }
                guard next.kind == .comma else { throw WAVEParser.unexpected(next, expected: "`,` or `}`") }
                if try accept(.braceClose) { break }
            }
        }
        var values: [(label: String, value: ComponentValue)] = []
        for field in fields {
            if let value = found[field.label] {
                values.append((field.label, value))
            } else if case .option = field.type {
                values.append((field.label, .option(nil)))
            } else {
                throw WAVEError(message: "missing field `\(field.label)` of type \(field.type.shortName)", offset: open.offset)
            }
        }
        return .record(values)
    }

    /// `{a, b}` or `{}`; returned in declaration order.
    mutating func parseFlags(_ names: [String], type: ResolvedValueType) throws(WAVEError) -> ComponentValue {
        try expect(.braceOpen, "flags (`{name, ...}` or `{}`)")
        var set: Set<String> = []
        while true {
            if try accept(.braceClose) { break }
            let (name, token) = try parseAnyLabel(expected: "a flag name or `}`")
            guard names.contains(name) else {
                throw WAVEError(message: "unknown flag `\(name)` (the flags are: \(names.joined(separator: ", ")))", offset: token.offset)
            }
            guard set.insert(name).inserted else {
                throw WAVEError(message: "duplicate flag `\(name)`", offset: token.offset)
            }
            let next = try advance()
            if next.kind == .braceClose { break }
            guard next.kind == .comma else { throw WAVEParser.unexpected(next, expected: "`,` or `}` in flags") }
        }
        return .flags(names.filter { set.contains($0) })
    }

    /// An enum or variant case label; a case named like a keyword needs its `%` prefix.
    mutating func parseCaseLabel(_ cases: [String], type: ResolvedValueType) throws(WAVEError) -> String {
        let token = try advance()
        guard case .label(let name, let percent) = token.kind else {
            throw WAVEParser.unexpected(token, expected: "a case of \(type.shortName)")
        }
        if !percent && WAVEText.keywords.contains(name) {
            throw WAVEError(
                message: "expected a case of \(type.shortName), found keyword `\(name)` (write `%\(name)` for a case of that name)",
                offset: token.offset)
        }
        guard cases.contains(name) else {
            throw WAVEError(message: "unknown case `\(name)` of \(type.shortName)", offset: token.offset)
        }
        return name
    }

    /// `case` or `case(payload)`.
    mutating func parseVariant(_ cases: [ResolvedCase], type: ResolvedValueType) throws(WAVEError) -> ComponentValue {
        let start = try peek()
        let name = try parseCaseLabel(cases.map(\.label), type: type)
        let payloadType = cases.first { $0.label == name }?.type
        let payload = try parsePayload(payloadType, caseName: name, at: start.offset)
        return .variant(case: name, payload: payload)
    }

    /// The `(payload)` after a case name: required when the case has a payload type, an error
    /// otherwise.
    mutating func parsePayload(
        _ payloadType: ResolvedValueType?, caseName: String, at offset: Int
    ) throws(WAVEError) -> ComponentValue? {
        let hasParen = try peek().kind == .parenOpen
        guard let payloadType else {
            if hasParen { throw WAVEError(message: "case `\(caseName)` has no payload", offset: try peek().offset) }
            return nil
        }
        guard hasParen else {
            throw WAVEError(message: "case `\(caseName)` needs a payload of type \(payloadType.shortName): `\(caseName)(...)`", offset: offset)
        }
        _ = try advance()
        let value = try parseValue(payloadType)
        try expect(.parenClose, "`)` after the payload of `\(caseName)`")
        return value
    }

    /// `some(v)`, `none`, or a bare `v` when its type is not an option or result.
    mutating func parseOption(_ payload: ResolvedValueType, type: ResolvedValueType) throws(WAVEError) -> ComponentValue {
        let token = try peek()
        switch WAVEParser.keyword(token) {
        case "some":
            _ = try advance()
            return .option(try parsePayload(payload, caseName: "some", at: token.offset))
        case "none":
            _ = try advance()
            if try peek().kind == .parenOpen {
                throw WAVEError(message: "`none` has no payload", offset: try peek().offset)
            }
            return .option(nil)
        default:
            guard payload.isWAVEFlattenable else {
                throw WAVEParser.unexpected(token, expected: "\(type.shortName) (`some(...)` or `none`)")
            }
            return .option(try parseValue(payload))
        }
    }

    /// `ok`, `ok(v)`, `err`, `err(e)`, or a bare `v` when the ok type is not an option or result.
    mutating func parseResult(
        ok: ResolvedValueType?, error: ResolvedValueType?, type: ResolvedValueType
    ) throws(WAVEError) -> ComponentValue {
        let token = try peek()
        switch WAVEParser.keyword(token) {
        case "ok":
            _ = try advance()
            return .result(isOK: true, payload: try parsePayload(ok, caseName: "ok", at: token.offset))
        case "err":
            _ = try advance()
            return .result(isOK: false, payload: try parsePayload(error, caseName: "err", at: token.offset))
        default:
            guard let ok, ok.isWAVEFlattenable else {
                throw WAVEParser.unexpected(token, expected: "\(type.shortName) (`ok`, `ok(...)`, `err` or `err(...)`)")
            }
            return .result(isOK: true, payload: try parseValue(ok))
        }
    }
}
