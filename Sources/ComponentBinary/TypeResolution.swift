import WasmBinary

/// Limits on resolved types, checked while validating.
public enum ComponentTypeLimits {
    /// The largest effective size (nodes of the resolved type tree) of one type.
    public static let maxTypeSize = 1_000_000
    /// The deepest nesting of one value type.
    public static let maxTypeDepth = 100
}

extension ComponentValidator {
    /// The resolved type of a `valtype` with its size and depth.
    func resolve(_ t: ComponentValueType, at offset: Int) throws(ComponentValidationError) -> (ResolvedValueType, Int, Int) {
        switch t {
        case .primitive(let p): return (.primitive(p), 1, 1)
        case .index(let i):
            let slot = try typeSlot(i, at: offset)
            guard case .value(let v) = slot.type else {
                throw ComponentValidationError("type index \(i) is not a defined value type", offset: offset)
            }
            return (v, slot.size, slot.depth)
        }
    }

    /// The type index entry `i`.
    func typeSlot(_ i: UInt32, at offset: Int) throws(ComponentValidationError) -> TypeSlot {
        guard let n = Int(exactly: i), n < scope.types.count else {
            throw ComponentValidationError("type index \(i) out of bounds (\(scope.types.count) types)", offset: offset)
        }
        return scope.types[n]
    }

    /// The resource type at index `i`.
    func resource(_ i: UInt32, at offset: Int) throws(ComponentValidationError) -> ResourceID {
        guard case .resource(let id) = try typeSlot(i, at: offset).type else {
            throw ComponentValidationError("type index \(i) is not a resource type", offset: offset)
        }
        return id
    }

    /// Checks that labels are present and unique (ignoring case).
    func checkLabels(_ labels: [String], what: String, at offset: Int) throws(ComponentValidationError) {
        var seen: Set<String> = []
        for l in labels {
            guard !l.isEmpty else { throw ComponentValidationError("\(what) name cannot be empty", offset: offset) }
            guard NameRules.isKebab(Substring(l)) else {
                throw ComponentValidationError("\(what) name `\(l)` is not in kebab case", offset: offset)
            }
            guard seen.insert(l.lowercased()).inserted else {
                throw ComponentValidationError("\(what) name `\(l)` conflicts with previous \(what) name", offset: offset)
            }
        }
    }

    /// Resolves a defined value type.
    func resolveDefined(_ d: DefinedValueType, at offset: Int) throws(ComponentValidationError) -> TypeSlot {
        var size = 1
        var depth = 0
        var referenced: Set<TypeIdentity> = []
        func sub(_ t: ComponentValueType) throws(ComponentValidationError) -> ResolvedValueType {
            let (v, s, dp) = try resolve(t, at: offset)
            size = size > ComponentTypeLimits.maxTypeSize ? size : size + s
            depth = max(depth, dp)
            referenced.formUnion(references(of: t))
            return v
        }
        func handle(_ i: UInt32) throws(ComponentValidationError) -> ResourceID {
            let id = try resource(i, at: offset)
            referenced.formUnion(references(of: .index(i)))
            return id
        }
        func optSub(_ t: ComponentValueType?) throws(ComponentValidationError) -> ResolvedValueType? {
            guard let t else { return nil }
            return try sub(t)
        }
        let v: ResolvedValueType
        switch d {
        case .primitive(let p): v = .primitive(p)
        case .record(let fields):
            guard !fields.isEmpty else { throw ComponentValidationError("record type must have at least one field", offset: offset) }
            try checkLabels(fields.map(\.label), what: "record field", at: offset)
            var out: [ResolvedField] = []
            for f in fields { out.append(ResolvedField(label: f.label, type: try sub(f.type))) }
            v = .record(out)
        case .variant(let cases):
            guard !cases.isEmpty else { throw ComponentValidationError("variant type must have at least one case", offset: offset) }
            try checkLabels(cases.map(\.label), what: "variant case", at: offset)
            var out: [ResolvedCase] = []
            for c in cases { out.append(ResolvedCase(label: c.label, type: try optSub(c.type))) }
            v = .variant(out)
        case .list(let t): v = .list(try sub(t))
        case .fixedList(let t, let n):
            guard n > 0 else { throw ComponentValidationError("fixed-length list must have a length of at least 1", offset: offset) }
            v = .fixedList(try sub(t), length: n)
        case .tuple(let items):
            guard !items.isEmpty else { throw ComponentValidationError("tuple type must have at least one type", offset: offset) }
            var out: [ResolvedValueType] = []
            for t in items { out.append(try sub(t)) }
            v = .tuple(out)
        case .flags(let labels):
            guard !labels.isEmpty else { throw ComponentValidationError("flags must have at least one entry", offset: offset) }
            guard labels.count <= 32 else { throw ComponentValidationError("cannot have more than 32 flags", offset: offset) }
            try checkLabels(labels, what: "flag", at: offset)
            v = .flags(labels)
        case .enum(let labels):
            guard !labels.isEmpty else { throw ComponentValidationError("enum type must have at least one variant", offset: offset) }
            try checkLabels(labels, what: "enum tag", at: offset)
            v = .enum(labels)
        case .option(let t): v = .option(try sub(t))
        case .result(let ok, let error): v = .result(ok: try optSub(ok), error: try optSub(error))
        case .own(let i): v = .own(try handle(i))
        case .borrow(let i): v = .borrow(try handle(i))
        case .stream, .future:
            throw ComponentValidationError("async is not supported: stream and future types", offset: offset)
        case .map(let k, let value): v = .map(key: try sub(k), value: try sub(value))
        }
        guard size <= ComponentTypeLimits.maxTypeSize else {
            throw ComponentValidationError("effective type size exceeds the limit of \(ComponentTypeLimits.maxTypeSize)", offset: offset)
        }
        guard depth < ComponentTypeLimits.maxTypeDepth else {
            throw ComponentValidationError("type nesting is deeper than \(ComponentTypeLimits.maxTypeDepth) levels", offset: offset)
        }
        return TypeSlot(type: .value(v), size: size, depth: depth + 1, visibility: .value(identity: nil, references: referenced))
    }

    /// Resolves a function type.
    func resolveFunction(_ f: ComponentFunctionType, at offset: Int) throws(ComponentValidationError) -> ResolvedFunctionType {
        guard !f.isAsync else { throw ComponentValidationError("async is not supported: async function type", offset: offset) }
        try checkLabels(f.parameters.map(\.label), what: "function parameter", at: offset)
        var params: [ResolvedField] = []
        for p in f.parameters { params.append(ResolvedField(label: p.label, type: try resolve(p.type, at: offset).0)) }
        let result = try f.result.map { (t: ComponentValueType) throws(ComponentValidationError) in try resolve(t, at: offset).0 }
        if let result, NameRules.containsBorrow(result) {
            throw ComponentValidationError("function result cannot contain a `borrow` type", offset: offset)
        }
        return ResolvedFunctionType(parameters: params, result: result)
    }

    /// What an extern descriptor describes (`.type(.subResource)` makes a fresh resource).
    mutating func resolveDescriptor(_ desc: ExternDescriptor, at offset: Int) throws(ComponentValidationError) -> ResolvedExtern {
        switch desc {
        case .coreModule(let ti):
            guard let n = Int(exactly: ti), n < scope.coreTypes.count else {
                throw ComponentValidationError("core type index \(ti) out of bounds", offset: offset)
            }
            guard case .module? = scope.coreTypes[n] else {
                throw ComponentValidationError("core type index \(ti) is not a module type", offset: offset)
            }
            return .coreModule
        case .function(let ti):
            guard case .function(let f) = try typeSlot(ti, at: offset).type else {
                throw ComponentValidationError("type index \(ti) is not a function type", offset: offset)
            }
            return .function(f)
        case .value:
            throw ComponentValidationError("values are not supported (the component model's value sort is not implemented)", offset: offset)
        case .type(.equal(let ti)):
            let slot = try typeSlot(ti, at: offset)
            return .type(slot.type, size: slot.size, depth: slot.depth)
        case .type(.subResource): return .type(.resource(freshResource()), size: 1, depth: 1)
        case .component(let ti):
            guard case .component(let i, let e) = try typeSlot(ti, at: offset).type else {
                throw ComponentValidationError("type index \(ti) is not a component type", offset: offset)
            }
            return .component(imports: i, exports: e)
        case .instance(let ti):
            guard case .instance(let e) = try typeSlot(ti, at: offset).type else {
                throw ComponentValidationError("type index \(ti) is not an instance type", offset: offset)
            }
            return .instance(e)
        }
    }

    /// Appends an extern, with its visibility `v`, to the index space of its sort.
    mutating func add(_ e: ResolvedExtern, _ v: ExternVisibility) {
        switch e {
        case .coreModule: scope.coreModules.append(nil)
        case .function(let f):
            scope.functions.append(f)
            scope.visibility.functions.append(v.functionReferences)
        case .value: scope.values += 1
        case .type(let t, let size, let depth): scope.types.append(TypeSlot(type: t, size: size, depth: depth, visibility: v.typeVisibility))
        case .component(let i, let x): scope.components.append(ComponentInfo(imports: i, exports: x, visibility: v.componentVisibility))
        case .instance(let x):
            scope.instances.append(x)
            scope.visibility.instances.append(v.instanceExports)
        }
    }

    /// A fresh resource id.
    mutating func freshResource() -> ResourceID {
        nextResource += 1
        return ResourceID(nextResource)
    }
}

/// `[i32 i32] -> [i32]`.
func describe(_ f: FunctionType) -> String {
    func list(_ types: [ValueType]) -> String {
        "[" + types.map(CoreExternMatching.name).joined(separator: " ") + "]"
    }
    return list(f.parameters) + " -> " + list(f.results)
}
