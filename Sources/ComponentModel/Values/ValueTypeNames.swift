import ComponentBinary

extension ResolvedValueType {
    /// A short WIT-like name of the type for error messages, such as `u32`, `list<string>` or
    /// `record {x, y}`.
    var shortName: String {
        switch self {
        case .primitive(let p): return p.witName
        case .list(let e): return "list<\(e.shortName)>"
        case .fixedList(let e, let n): return "list<\(e.shortName), \(n)>"
        case .option(let e): return "option<\(e.shortName)>"
        case .result(let ok, let err):
            let okName = ok?.shortName ?? "_"
            let errName = err?.shortName ?? "_"
            return "result<\(okName), \(errName)>"
        case .tuple(let elements): return "tuple<\(elements.map(\.shortName).joined(separator: ", "))>"
        case .record(let fields): return "record {\(fields.map(\.label).joined(separator: ", "))}"
        case .variant(let cases): return "variant {\(cases.map(\.label).joined(separator: ", "))}"
        case .enum(let cases): return "enum {\(cases.joined(separator: ", "))}"
        case .flags(let names): return "flags {\(names.joined(separator: ", "))}"
        case .own: return "own<resource>"
        case .borrow: return "borrow<resource>"
        case .stream: return "stream"
        case .future: return "future"
        case .map(let k, let v): return "map<\(k.shortName), \(v.shortName)>"
        }
    }

    /// Whether a value of this type can stand for `some(v)` / `ok(v)` without the wrapper in
    /// WAVE (every type except `option` and `result`).
    var isWAVEFlattenable: Bool {
        switch self {
        case .option, .result: return false
        default: return true
        }
    }
}
