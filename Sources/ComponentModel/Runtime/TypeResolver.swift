import ComponentBinary

/// Resolves type definitions against a run-time scope (the validator has already checked them).
extension RuntimeScope {
    func resolve(_ t: ComponentValueType, at offset: Int) throws(ComponentError) -> ResolvedValueType {
        switch t {
        case .primitive(let p): return .primitive(p)
        case .index(let i):
            guard case .value(let v) = try type(i, at: offset) else {
                throw ComponentError(.instantiation, "type index \(i) is not a value type", at: offset)
            }
            return v
        }
    }

    func resource(_ i: UInt32, at offset: Int) throws(ComponentError) -> ResourceID {
        guard case .resource(let id) = try type(i, at: offset) else {
            throw ComponentError(.instantiation, "type index \(i) is not a resource type", at: offset)
        }
        return id
    }

    func resolveDefined(_ d: DefinedValueType, at offset: Int) throws(ComponentError) -> ResolvedValueType {
        switch d {
        case .primitive(let p): return .primitive(p)
        case .record(let fields):
            var out: [ResolvedField] = []
            for f in fields { out.append(ResolvedField(label: f.label, type: try resolve(f.type, at: offset))) }
            return .record(out)
        case .variant(let cases):
            var out: [ResolvedCase] = []
            for c in cases {
                var t: ResolvedValueType?
                if let ct = c.type { t = try resolve(ct, at: offset) }
                out.append(ResolvedCase(label: c.label, type: t))
            }
            return .variant(out)
        case .list(let t): return .list(try resolve(t, at: offset))
        case .fixedList(let t, let n): return .fixedList(try resolve(t, at: offset), length: n)
        case .tuple(let items):
            var out: [ResolvedValueType] = []
            for t in items { out.append(try resolve(t, at: offset)) }
            return .tuple(out)
        case .flags(let labels): return .flags(labels)
        case .enum(let labels): return .enum(labels)
        case .option(let t): return .option(try resolve(t, at: offset))
        case .result(let ok, let error):
            var o: ResolvedValueType?
            var e: ResolvedValueType?
            if let ok { o = try resolve(ok, at: offset) }
            if let error { e = try resolve(error, at: offset) }
            return .result(ok: o, error: e)
        case .own(let i): return .own(try resource(i, at: offset))
        case .borrow(let i): return .borrow(try resource(i, at: offset))
        case .stream, .future: throw ComponentError(.instantiation, "async types are not supported", at: offset)
        case .map(let k, let v): return .map(key: try resolve(k, at: offset), value: try resolve(v, at: offset))
        }
    }

    func resolveFunction(_ f: ComponentFunctionType, at offset: Int) throws(ComponentError) -> ResolvedFunctionType {
        var params: [ResolvedField] = []
        for p in f.parameters { params.append(ResolvedField(label: p.label, type: try resolve(p.type, at: offset))) }
        var result: ResolvedValueType?
        if let r = f.result { result = try resolve(r, at: offset) }
        return ResolvedFunctionType(parameters: params, result: result)
    }

    /// The run-time type of a type definition; a resource definition makes a new resource type.
    func resolveTypeDefinition(_ t: ComponentType, runtime: ComponentRuntime) throws(ComponentError) -> RuntimeType {
        switch t.definition {
        case .value(let d): return .value(try resolveDefined(d, at: t.offset))
        case .function(let f): return .function(try resolveFunction(f, at: t.offset))
        case .instance(let decls): return .instance(decls, self)
        case .component(let decls): return .component(decls, self)
        case .resource(let def):
            let info = runtime.newResourceType(name: "resource", definedByHost: false)
            info.implementation = state
            if let d = def.destructor {
                guard case .function(let f) = try coreItem(.function, d, at: t.offset) else { return .resource(info.id) }
                info.destructor = f
            }
            return .resource(info.id)
        }
    }

    /// Applies an alias inside a type declaration scope (outer aliases of types; others are
    /// kept as unknown entries so indices stay in step).
    func addDeclarationAlias(_ a: Alias) throws(ComponentError) {
        switch (a.sort, a.target) {
        case (.type, .outer(let count, let index)):
            types.append(try outer(count, at: a.offset).type(index, at: a.offset))
        case (.core(.type), _): coreTypes += 1
        case (.type, _): types.append(.unknown)
        default: break
        }
    }
}
