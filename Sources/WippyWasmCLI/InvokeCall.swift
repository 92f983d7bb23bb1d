import WasmBinary
import WasmInterpreter

/// A `--invoke` call: `name(1, -2, 0x10, 2.5, inf)` or a bare `name` whose values come from the
/// guest arguments (as wasmtime takes them).
struct InvokeCall {
    /// The export to call.
    var name: String
    /// The literal texts of the arguments.
    var literals: [String]

    /// Parses the call text; `extra` supplies the values when the text has no parentheses.
    static func parse(_ text: String, extra: [String]) -> Result<InvokeCall, UsageError> {
        let trimmed = text.trimmingSpaces
        guard let open = trimmed.firstIndex(of: "(") else {
            guard !trimmed.isEmpty else { return .failure(UsageError(message: "--invoke needs a function name")) }
            return .success(InvokeCall(name: trimmed, literals: extra))
        }
        guard trimmed.last == ")" else {
            return .failure(UsageError(message: "--invoke: expected `name(values...)`, got \(text)"))
        }
        let name = String(trimmed[..<open]).trimmingSpaces
        guard !name.isEmpty else { return .failure(UsageError(message: "--invoke: missing function name in \(text)")) }
        let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]).trimmingSpaces
        if inner.contains("\"") {
            return .failure(UsageError(message: "--invoke: strings need a component; a core module takes numbers only"))
        }
        let literals = inner.isEmpty ? [] : inner.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        if literals.contains(where: \.isEmpty) {
            return .failure(UsageError(message: "--invoke: empty value in \(text)"))
        }
        return .success(InvokeCall(name: name, literals: extra.isEmpty ? literals : literals + extra))
    }

    /// The argument values for a function of `type`, or an error naming the bad literal.
    func values(for type: FunctionType) -> Result<[Value], UsageError> {
        guard literals.count == type.parameters.count else {
            return .failure(UsageError(message: "\(name) takes \(type.parameters.count) argument(s), got \(literals.count)"))
        }
        var values: [Value] = []
        for (literal, parameter) in zip(literals, type.parameters) {
            guard let value = Self.value(literal, parameter) else {
                return .failure(UsageError(message: "\(name): `\(literal)` is not a valid \(Self.typeName(parameter))"))
            }
            values.append(value)
        }
        return .success(values)
    }

    /// One literal as a value of `type` (integers in the signed or unsigned range; floats in
    /// decimal or hex notation, `inf`, `nan`; `null` for a nullable reference).
    static func value(_ literal: String, _ type: ValueType) -> Value? {
        switch type {
        case .ref(let r):
            return r.nullable && literal == "null" ? Value.defaultValue(of: type) : nil
        case .i32:
            guard let v = integer(literal), v >= Int64(Int32.min), v <= Int64(UInt32.max) else {
                if let u = unsigned(literal), u <= UInt64(UInt32.max) { return .i32(UInt32(u)) }
                return nil
            }
            return .i32(UInt32(truncatingIfNeeded: v))
        case .i64:
            if let v = integer(literal) { return .i64(UInt64(bitPattern: v)) }
            if let u = unsigned(literal) { return .i64(u) }
            return nil
        case .f32:
            guard let f = Float(literal.replacingUnderscores) else { return nil }
            return .f32(f.bitPattern)
        case .f64:
            guard let d = Double(literal.replacingUnderscores) else { return nil }
            return .f64(d.bitPattern)
        default:
            return nil
        }
    }

    /// A signed decimal or `0x` hex integer.
    private static func integer(_ text: String) -> Int64? {
        var body = Substring(text.replacingUnderscores)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        guard let magnitude = magnitude(body) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// An unsigned decimal or `0x` hex integer.
    private static func unsigned(_ text: String) -> UInt64? {
        var body = Substring(text.replacingUnderscores)
        if body.first == "+" { body = body.dropFirst() }
        return magnitude(body)
    }

    private static func magnitude(_ body: Substring) -> UInt64? {
        if body.hasPrefix("0x") || body.hasPrefix("0X") { return UInt64(body.dropFirst(2), radix: 16) }
        return UInt64(body, radix: 10)
    }

    /// Prints a result as wasmtime does: integers in signed decimal, floats in decimal.
    static func format(_ value: Value) -> String {
        switch value {
        case .i32(let v): return String(Int32(bitPattern: v))
        case .i64(let v): return String(Int64(bitPattern: v))
        case .f32(let bits): return "\(Float(bitPattern: bits))"
        case .f64(let bits): return "\(Double(bitPattern: bits))"
        case .v128(let v): return "\(v)"
        case .funcref(let f): return f.map { "funcref(\($0.index))" } ?? "null"
        case .externref(let e): return e.map { "externref(\($0))" } ?? "null"
        case .exnref(let e): return e.map { "exnref(\($0.index))" } ?? "null"
        case .anyref(nil): return "null"
        case .anyref(.i31(let v)?): return "i31ref(\(v))"
        case .anyref(.object(let o)?): return "anyref(object \(o.index))"
        case .anyref(.host(let h)?): return "anyref(\(h))"
        }
    }

    static func typeName(_ type: ValueType) -> String {
        switch type {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .v128: return "v128"
        case .ref: return "reference"
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }

    /// Without `_` digit separators.
    var replacingUnderscores: String { contains("_") ? String(filter { $0 != "_" }) : self }
}
