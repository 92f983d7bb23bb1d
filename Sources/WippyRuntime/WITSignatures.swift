import WasmBinary

/// A WIT type that a core module's export can take or return directly.
///
/// The raw value is the WIT spelling. `bool`, `s8`…`u32` and `char` flatten to `i32`, `s64` and
/// `u64` to `i64`, `f32` and `f64` to themselves.
public enum WITType: String, Hashable, Sendable, CaseIterable {
    /// `bool`: JSON `true`/`false`.
    case bool
    /// Signed integers: JSON integers, range-checked.
    case s8, s16, s32, s64
    /// Unsigned integers: JSON integers, range-checked.
    case u8, u16, u32, u64
    /// Floats: JSON numbers.
    case f32, f64
    /// A Unicode scalar: a one-character JSON string.
    case char

    /// The core type a value of this type flattens to.
    public var coreType: ValueType {
        switch self {
        case .s64, .u64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        default: return .i32
        }
    }
}

/// One WIT function signature: `add: func(a: s32, b: s32) -> s32;`.
public struct WITFunction: Hashable, Sendable {
    /// Parameter names and types, in order.
    public var parameters: [(name: String, type: WITType)]
    /// The result type, or nil for none.
    public var result: WITType?

    /// The core function type these types flatten to.
    public var coreType: FunctionType {
        FunctionType(parameters: parameters.map(\.type.coreType), results: result.map { [$0.coreType] } ?? [])
    }

    /// Same parameter names and types and the same result.
    public static func == (lhs: WITFunction, rhs: WITFunction) -> Bool {
        lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.type) == rhs.parameters.map(\.type) && lhs.result == rhs.result
    }

    /// Hashes the names and types.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(parameters.map(\.name))
        hasher.combine(parameters.map(\.type))
        hasher.combine(result)
    }
}

/// The `wit:` field of a core-module entry: one signature per line (or per `;`).
public struct WITSignatures: Hashable, Sendable {
    /// The functions by export name.
    public var functions: [String: WITFunction]

    /// Why a `wit:` text could not be parsed.
    public struct ParseFailure: Error, Hashable, Sendable {
        /// What was wrong.
        public var message: String
    }

    /// Parses signatures like `answer: func() -> s32;` and `add: func(a: s32, b: s32) -> s32;`.
    public static func parse(_ text: String) -> Result<WITSignatures, ParseFailure> {
        var functions: [String: WITFunction] = [:]
        for piece in text.split(whereSeparator: { $0 == ";" || $0 == "\n" }) {
            let line = trim(piece)
            if line.isEmpty || line.hasPrefix("//") { continue }
            switch parseFunction(line) {
            case .success(let (name, function)): functions[name] = function
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(WITSignatures(functions: functions))
    }

    private static func parseFunction(_ line: Substring) -> Result<(String, WITFunction), ParseFailure> {
        let bad = ParseFailure(message: "cannot parse '\(line)': expected 'name: func(a: type, ...) -> type'")
        guard let colon = line.firstIndex(of: ":") else { return .failure(bad) }
        let name = String(trim(line[..<colon]))
        var rest = trim(line[line.index(after: colon)...])
        guard !name.isEmpty, rest.hasPrefix("func") else { return .failure(bad) }
        rest = trim(rest.dropFirst(4))
        guard rest.hasPrefix("("), let close = rest.firstIndex(of: ")") else { return .failure(bad) }
        let inside = rest[rest.index(after: rest.startIndex)..<close]
        var parameters: [(name: String, type: WITType)] = []
        for parameter in inside.split(separator: ",") {
            let pieces = parameter.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2 else { return .failure(bad) }
            guard let type = WITType(rawValue: String(trim(pieces[1]))) else {
                return .failure(ParseFailure(message: "unsupported type '\(trim(pieces[1]))' in '\(line)' (core modules take bool, s8..s64, u8..u64, f32, f64, char)"))
            }
            parameters.append((String(trim(pieces[0])), type))
        }
        let tail = trim(rest[rest.index(after: close)...])
        var result: WITType?
        if !tail.isEmpty {
            guard tail.hasPrefix("->") else { return .failure(bad) }
            let typeName = String(trim(tail.dropFirst(2)))
            guard let type = WITType(rawValue: typeName) else {
                return .failure(ParseFailure(message: "unsupported result type '\(typeName)' in '\(line)'"))
            }
            result = type
        }
        return .success((name, WITFunction(parameters: parameters, result: result)))
    }

    private static func trim(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }
}
