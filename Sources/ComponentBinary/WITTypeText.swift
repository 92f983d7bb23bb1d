extension WITPrinter {
    /// Follows aliases to the entry they name (at most 64 steps, so cycles cannot hang).
    func resolveEntry(_ entry: WITScope.TypeEntry, depth: Int) -> ComponentTypeDefinition? {
        var current = entry
        var level = scopes.count - 1 - depth
        for _ in 0..<64 {
            switch current {
            case .definition(let d): return d
            case .resource, .unknown: return nil
            case .alias(let up, let index):
                level -= up
                guard level >= 0, level < scopes.count, index < scopes[level].types.count else { return nil }
                current = scopes[level].types[index].entry
            }
        }
        return nil
    }

    /// The innermost scope's type `i` as a WIT type expression.
    func typeText(_ t: ComponentValueType, nesting: Int = 0) -> String {
        switch t {
        case .primitive(let p): return p.witName
        case .index(let i): return typeText(index: i, nesting: nesting)
        }
    }

    /// The name of type `i`, or its structure when it has no name.
    func typeText(index i: UInt32, nesting: Int) -> String {
        let last = scopes.count - 1
        guard let (entry, name) = WITScope.at(scopes[last].types, i) else { return "type-\(i)" }
        if let name { return Self.identifier(name) }
        if case .alias(let up, let index) = entry, up <= last, index < scopes[last - up].types.count,
           let n = scopes[last - up].types[index].name {
            return n
        }
        guard nesting < 32, case .value(let v)? = resolveEntry(entry, depth: 0) else { return "type-\(i)" }
        return structuralText(v, nesting: nesting + 1) ?? "type-\(i)"
    }

    /// Anonymous value types in WIT syntax (`list<u8>`, `result<_, e>`); nil for named-only kinds.
    func structuralText(_ v: DefinedValueType, nesting: Int) -> String? {
        func t(_ x: ComponentValueType) -> String { typeText(x, nesting: nesting) }
        switch v {
        case .primitive(let p): return p.witName
        case .list(let e): return "list<\(t(e))>"
        case .fixedList(let e, let n): return "list<\(t(e)), \(n)>"
        case .tuple(let items): return "tuple<" + items.map(t).joined(separator: ", ") + ">"
        case .option(let e): return "option<\(t(e))>"
        case .result(nil, nil): return "result"
        case .result(let ok?, nil): return "result<\(t(ok))>"
        case .result(let ok, let err?): return "result<\(ok.map(t) ?? "_"), \(t(err))>"
        case .own(let r): return typeText(index: r, nesting: nesting)
        case .borrow(let r): return "borrow<\(typeText(index: r, nesting: nesting))>"
        case .stream(let e): return e.map { "stream<\(t($0))>" } ?? "stream"
        case .future(let e): return e.map { "future<\(t($0))>" } ?? "future"
        case .map(let k, let value): return "map<\(t(k)), \(t(value))>"
        case .record, .variant, .flags, .enum: return nil
        }
    }

    /// `func(a: u32) -> string` for the function type at `typeIndex` of the innermost scope.
    func functionText(typeIndex: UInt32) -> String {
        let last = scopes.count - 1
        guard let (entry, _) = WITScope.at(scopes[last].types, typeIndex),
              case .function(let f)? = resolveEntry(entry, depth: 0) else { return "func" }
        let params = f.parameters.map { "\(Self.identifier($0.label)): \(typeText($0.type))" }.joined(separator: ", ")
        return "func(\(params))" + (f.result.map { " -> " + typeText($0) } ?? "")
    }

    /// The type text of a function entry of the top scope.
    func functionText(_ f: WITScope.FunctionEntry) -> String {
        switch f {
        case .typed(let t): return functionText(typeIndex: t)
        case .instanceExport, .unknown: return "func"
        }
    }

    /// A WIT type definition named `name` for type `i` of the innermost scope, when it is a
    /// record, variant, enum, flags or an anonymous structural type.
    func typeDefinitionText(_ name: String, typeIndex i: UInt32) -> String? {
        let last = scopes.count - 1
        guard let (entry, _) = WITScope.at(scopes[last].types, i) else { return nil }
        if case .alias = entry { return nil }
        guard case .value(let v)? = resolveEntry(entry, depth: 0) else { return nil }
        switch v {
        case .record(let fields):
            return "record \(Self.identifier(name)) { " + fields.map { "\(Self.identifier($0.label)): \(typeText($0.type))" }.joined(separator: ", ") + " }"
        case .variant(let cases):
            return "variant \(Self.identifier(name)) { " + cases.map { c in c.type.map { "\(Self.identifier(c.label))(\(typeText($0)))" } ?? Self.identifier(c.label) }
                .joined(separator: ", ") + " }"
        case .enum(let labels): return "enum \(Self.identifier(name)) { " + labels.map(Self.identifier).joined(separator: ", ") + " }"
        case .flags(let labels): return "flags \(Self.identifier(name)) { " + labels.map(Self.identifier).joined(separator: ", ") + " }"
        default: return structuralText(v, nesting: 1).map { "type \(name) = \($0);" }
        }
    }

    /// WIT keywords, which need a `%` prefix when used as names.
    static let keywords: Set<String> = [
        "as", "async", "bool", "borrow", "char", "constructor", "enum", "error-context", "export",
        "f32", "f64", "flags", "float32", "float64", "from", "func", "future", "import", "include",
        "interface", "list", "option", "own", "package", "record", "resource", "result", "s16", "s32",
        "s64", "s8", "static", "stream", "string", "tuple", "type", "u16", "u32", "u64", "u8", "use",
        "variant", "with", "world",
    ]

    /// `name`, or `%name` when it is a WIT keyword.
    static func identifier(_ name: String) -> String { keywords.contains(name) ? "%" + name : name }
}
