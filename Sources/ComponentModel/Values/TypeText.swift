import ComponentBinary

/// A short structural WIT spelling of a resolved type, for messages.
func witTypeText(_ type: ResolvedValueType) -> String {
    switch type {
    case .primitive(let p): return p.witName
    case .record(let fields): return "record { " + fields.map { "\($0.label): \(witTypeText($0.type))" }.joined(separator: ", ") + " }"
    case .variant(let cases):
        return "variant { " + cases.map { c in c.type.map { "\(c.label)(\(witTypeText($0)))" } ?? c.label }.joined(separator: ", ") + " }"
    case .list(let t): return "list<\(witTypeText(t))>"
    case .fixedList(let t, let n): return "list<\(witTypeText(t)), \(n)>"
    case .tuple(let items): return "tuple<" + items.map(witTypeText).joined(separator: ", ") + ">"
    case .flags(let labels): return "flags { " + labels.joined(separator: ", ") + " }"
    case .enum(let labels): return "enum { " + labels.joined(separator: ", ") + " }"
    case .option(let t): return "option<\(witTypeText(t))>"
    case .result(let ok, let error):
        switch (ok, error) {
        case (nil, nil): return "result"
        case (let o?, nil): return "result<\(witTypeText(o))>"
        case (nil, let e?): return "result<_, \(witTypeText(e))>"
        case (let o?, let e?): return "result<\(witTypeText(o)), \(witTypeText(e))>"
        }
    case .own(let r): return "own<resource#\(r.value)>"
    case .borrow(let r): return "borrow<resource#\(r.value)>"
    case .stream(let t): return t.map { "stream<\(witTypeText($0))>" } ?? "stream"
    case .future(let t): return t.map { "future<\(witTypeText($0))>" } ?? "future"
    case .map(let k, let v): return "map<\(witTypeText(k)), \(witTypeText(v))>"
    }
}

/// Short descriptions of values, for messages.
enum ValueText {
    static func short(_ v: ComponentValue) -> String {
        switch v {
        case .bool(let b): return "\(b)"
        case .s8(let x): return "\(x)"
        case .u8(let x): return "\(x)"
        case .s16(let x): return "\(x)"
        case .u16(let x): return "\(x)"
        case .s32(let x): return "\(x)"
        case .u32(let x): return "\(x)"
        case .s64(let x): return "\(x)"
        case .u64(let x): return "\(x)"
        case .f32(let x): return "\(x)"
        case .f64(let x): return "\(x)"
        case .char(let c): return "'\(c)'"
        case .string(let s): return s.count > 20 ? "a string" : "\"\(s)\""
        case .list(let items): return "a list of \(items.count)"
        case .bytes(let b): return "a list of \(b.count) bytes"
        case .record: return "a record"
        case .tuple(let items): return "a tuple of \(items.count)"
        case .variant(let c, _): return "variant case \(c)"
        case .enum(let c): return "enum case \(c)"
        case .option(let x): return x == nil ? "none" : "some(...)"
        case .result(let ok, _): return ok ? "ok(...)" : "err(...)"
        case .flags: return "flags"
        case .own(let h): return "own \(h)"
        case .borrow(let h): return "borrow \(h)"
        }
    }
}

extension ResolvedValueType {
    /// The type as WIT writes it, e.g. `list<u8>` or `result<string, string>`.
    public var witText: String { witTypeText(self) }
}
