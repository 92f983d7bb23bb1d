extension ResolvedValueType {
    /// Whether this type or any type nested in it (fields, cases, elements, payloads) satisfies
    /// `predicate`.
    func contains(where predicate: (ResolvedValueType) -> Bool) -> Bool {
        if predicate(self) { return true }
        switch self {
        case .primitive, .flags, .enum, .own, .borrow: return false
        case .record(let fields): return fields.contains { $0.type.contains(where: predicate) }
        case .variant(let cases): return cases.contains { $0.type?.contains(where: predicate) ?? false }
        case .list(let e), .fixedList(let e, _), .option(let e): return e.contains(where: predicate)
        case .tuple(let items): return items.contains { $0.contains(where: predicate) }
        case .result(let ok, let error):
            return (ok?.contains(where: predicate) ?? false) || (error?.contains(where: predicate) ?? false)
        case .stream(let e), .future(let e): return e?.contains(where: predicate) ?? false
        case .map(let k, let v): return k.contains(where: predicate) || v.contains(where: predicate)
        }
    }
}
