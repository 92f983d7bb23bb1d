/// Replaces resource types throughout a type: after an instantiation, the instantiated
/// component's imported resource types become the resources its arguments supplied.
struct ResourceSubstitution {
    /// Replacements by resource type; others stay.
    let map: [ResourceID: ResourceID]

    private func id(_ r: ResourceID) -> ResourceID { map[r] ?? r }

    func extern(_ e: ResolvedExtern) -> ResolvedExtern {
        switch e {
        case .coreModule, .value: return e
        case .function(let f): return .function(f.map(function))
        case .type(let t, let size, let depth): return .type(type(t), size: size, depth: depth)
        case .component(let imports, let exports): return .component(imports: imports.mapValues(extern), exports: exports.mapValues(extern))
        case .instance(let exports): return .instance(exports?.mapValues(extern))
        }
    }

    func type(_ t: ResolvedType) -> ResolvedType {
        switch t {
        case .value(let v): return .value(value(v))
        case .function(let f): return .function(function(f))
        case .instance(let exports): return .instance(exports.mapValues(extern))
        case .component(let imports, let exports): return .component(imports: imports.mapValues(extern), exports: exports.mapValues(extern))
        case .resource(let r): return .resource(id(r))
        case .unknown: return t
        }
    }

    func function(_ f: ResolvedFunctionType) -> ResolvedFunctionType {
        ResolvedFunctionType(
            parameters: f.parameters.map { ResolvedField(label: $0.label, type: value($0.type)) },
            result: f.result.map(value))
    }

    func value(_ v: ResolvedValueType) -> ResolvedValueType {
        switch v {
        case .primitive, .flags, .enum: return v
        case .own(let r): return .own(id(r))
        case .borrow(let r): return .borrow(id(r))
        case .record(let fields): return .record(fields.map { ResolvedField(label: $0.label, type: value($0.type)) })
        case .variant(let cases): return .variant(cases.map { ResolvedCase(label: $0.label, type: $0.type.map(value)) })
        case .list(let e): return .list(value(e))
        case .fixedList(let e, let n): return .fixedList(value(e), length: n)
        case .tuple(let items): return .tuple(items.map(value))
        case .option(let e): return .option(value(e))
        case .result(let ok, let error): return .result(ok: ok.map(value), error: error.map(value))
        case .stream(let e): return .stream(e.map(value))
        case .future(let e): return .future(e.map(value))
        case .map(let k, let v): return .map(key: value(k), value: value(v))
        }
    }
}
