import WasmBinary

/// The canonical ABI's flattening of component types into core value types.
public enum CanonicalFlattening {
    /// At most this many flat parameters are passed directly; more go through memory.
    public static let maxFlatParameters = 16
    /// At most this many flat results are returned directly; more go through memory.
    public static let maxFlatResults = 1

    /// Whether a lifted or a lowered function is being flattened.
    public enum Context: Sendable {
        case lift
        case lower
    }

    /// The core function type `canon lift` expects of its core function, or the type of the core
    /// function `canon lower` makes (`flatten_functype` of the canonical ABI).
    ///
    /// Parameters that flatten to more than ``maxFlatParameters`` values are passed as one `i32`
    /// pointer; results of more than ``maxFlatResults`` value are returned through memory: a
    /// lifted function returns an `i32` pointer, a lowered one takes an extra `i32` pointer
    /// parameter and returns nothing.
    public static func coreType(of type: ResolvedFunctionType, context: Context) -> FunctionType {
        var params: [ValueType] = []
        var spilled = false
        for p in type.parameters where !flatten(p.type, into: &params, limit: maxFlatParameters) {
            spilled = true
            break
        }
        if spilled { params = [.i32] }
        var results: [ValueType] = []
        var resultsSpilled = false
        if let r = type.result, !flatten(r, into: &results, limit: maxFlatResults) { resultsSpilled = true }
        if resultsSpilled {
            switch context {
            case .lift: results = [.i32]
            case .lower:
                params.append(.i32)
                results = []
            }
        }
        return FunctionType(parameters: params, results: results)
    }

    /// The flat core types of one value type (`flatten_type`), or nil when there are more than
    /// `limit` (by default 65,536, so a `list<T, 4294967295>` cannot exhaust memory).
    public static func flatten(_ type: ResolvedValueType, limit: Int = 1 << 16) -> [ValueType]? {
        var out: [ValueType] = []
        return flatten(type, into: &out, limit: limit) ? out : nil
    }

    /// Appends the flat types of `type` to `out`; false as soon as `out` would exceed `limit`.
    /// The recursion is bounded by the depth limit the validator enforces on types.
    static func flatten(_ type: ResolvedValueType, into out: inout [ValueType], limit: Int) -> Bool {
        func push(_ t: ValueType) -> Bool {
            guard out.count < limit else { return false }
            out.append(t)
            return true
        }
        switch type {
        case .primitive(let p):
            switch p {
            case .s64, .u64: return push(.i64)
            case .f32: return push(.f32)
            case .f64: return push(.f64)
            case .string: return push(.i32) && push(.i32)
            default: return push(.i32)
            }
        case .list, .map: return push(.i32) && push(.i32)
        case .fixedList(let element, let length):
            for _ in 0..<length where !flatten(element, into: &out, limit: limit) { return false }
            return true
        case .record(let fields):
            for f in fields where !flatten(f.type, into: &out, limit: limit) { return false }
            return true
        case .tuple(let items):
            for t in items where !flatten(t, into: &out, limit: limit) { return false }
            return true
        case .flags(let labels):
            let words = (labels.count + 31) / 32
            for _ in 0..<words where !push(.i32) { return false }
            return true
        case .enum, .own, .borrow, .stream, .future: return push(.i32)
        case .variant(let cases): return flattenVariant(cases.map(\.type), into: &out, limit: limit)
        case .option(let t): return flattenVariant([nil, t], into: &out, limit: limit)
        case .result(let ok, let error): return flattenVariant([ok, error], into: &out, limit: limit)
        }
    }

    /// `flatten_variant`: the discriminant, then the element-wise join of the payloads.
    static func flattenVariant(_ payloads: [ResolvedValueType?], into out: inout [ValueType], limit: Int) -> Bool {
        guard out.count < limit else { return false }
        out.append(.i32)
        var joined: [ValueType] = []
        let room = limit - out.count
        for case let payload? in payloads {
            guard let flat = flatten(payload, limit: room) else { return false }
            for (i, t) in flat.enumerated() {
                if i < joined.count { joined[i] = join(joined[i], t) } else { joined.append(t) }
            }
        }
        guard joined.count <= room else { return false }
        out.append(contentsOf: joined)
        return true
    }

    /// The core type that can hold both `a` and `b`.
    static func join(_ a: ValueType, _ b: ValueType) -> ValueType {
        if a == b { return a }
        if (a == .i32 && b == .f32) || (a == .f32 && b == .i32) { return .i32 }
        return .i64
    }

    /// Whether values of the type live in linear memory when passed (strings and lists
    /// anywhere inside), so `memory` and `realloc` options are needed.
    public static func needsMemory(_ type: ResolvedValueType) -> Bool {
        switch type {
        case .primitive(let p): return p == .string
        case .list, .map: return true
        case .fixedList(let t, _), .option(let t): return needsMemory(t)
        case .record(let fields): return fields.contains { needsMemory($0.type) }
        case .tuple(let items): return items.contains { needsMemory($0) }
        case .variant(let cases): return cases.contains { $0.type.map(needsMemory) ?? false }
        case .result(let ok, let error):
            return (ok.map(needsMemory) ?? false) || (error.map(needsMemory) ?? false)
        case .flags, .enum, .own, .borrow, .stream, .future: return false
        }
    }
}
