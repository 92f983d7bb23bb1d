/// Each import of an instance gets its own resource types: two imports of one instance type
/// (or two instance-typed exports of one import) are different instances, so the abstract
/// resources their type declares (`(export "r" (type (sub resource)))`) must not be the same.
extension ComponentValidator {
    /// The resource types bound in the current and enclosing scopes (types that are resources
    /// by themselves, not resources inside instance or component types).
    func boundResources() -> Set<ResourceID> {
        var out = scope.definedResources
        for s in enclosing + [scope] {
            for slot in s.types {
                if case .resource(let r) = slot.type { out.insert(r) }
            }
        }
        return out
    }

    /// An imported instance with fresh resource types for the resources its type declares.
    mutating func freshened(_ e: ResolvedExtern, bound: Set<ResourceID>) -> ResolvedExtern {
        guard case .instance(let exports?) = e else { return e }
        var map: [ResourceID: ResourceID] = [:]
        for name in exports.keys.sorted() {
            if case .type(.resource(let r), _, _)? = exports[name], !bound.contains(r), map[r] == nil {
                map[r] = freshResource()
            }
        }
        let substituted = ResourceSubstitution(map: map).extern(e)
        guard case .instance(let replaced?) = substituted else { return substituted }
        var inner = bound
        for (_, x) in replaced {
            if case .type(.resource(let r), _, _) = x { inner.insert(r) }
        }
        var out: [String: ResolvedExtern] = [:]
        for name in replaced.keys.sorted() {
            if let x = replaced[name] { out[name] = freshened(x, bound: inner) }
        }
        return .instance(out)
    }
}

/// Resource types are generative: each instantiation of a component makes new resource types
/// for the resources the component defines.
extension ComponentValidator {
    /// The exports of an instantiation with fresh resource types for every resource that neither
    /// an argument supplied nor an enclosing scope already knows (the component's own).
    mutating func freshenInstantiated(_ exports: [String: ResolvedExtern], arguments: [ResolvedExtern]) -> [String: ResolvedExtern] {
        var keep = ResourceCollector()
        for a in arguments { keep.add(a) }
        for s in enclosing + [scope] {
            keep.ids.formUnion(s.definedResources)
            for slot in s.types { keep.add(slot.type) }
            for i in s.instances { if let i { for x in i.values { keep.add(x) } } }
            for f in s.functions { if let f { keep.add(f) } }
        }
        var found = ResourceCollector()
        for x in exports.values { found.add(x) }
        var map: [ResourceID: ResourceID] = [:]
        for r in found.ids.sorted(by: { $0.value < $1.value }) where !keep.ids.contains(r) {
            map[r] = freshResource()
        }
        guard !map.isEmpty else { return exports }
        let substitution = ResourceSubstitution(map: map)
        return exports.mapValues(substitution.extern)
    }
}

/// Collects every resource type a type mentions.
struct ResourceCollector {
    var ids: Set<ResourceID> = []

    mutating func add(_ e: ResolvedExtern) {
        switch e {
        case .coreModule, .value: break
        case .function(let f): if let f { add(f) }
        case .type(let t, _, _): add(t)
        case .component: break
        case .instance(let x): if let x { for v in x.values { add(v) } }
        }
    }

    mutating func add(_ t: ResolvedType) {
        switch t {
        case .value(let v): add(v)
        case .function(let f): add(f)
        case .instance(let x): for v in x.values { add(v) }
        case .component, .unknown: break
        case .resource(let r): ids.insert(r)
        }
    }

    mutating func add(_ f: ResolvedFunctionType) {
        for p in f.parameters { add(p.type) }
        if let r = f.result { add(r) }
    }

    mutating func add(_ v: ResolvedValueType) {
        var found = ids
        _ = v.contains { t in
            switch t {
            case .own(let r), .borrow(let r): found.insert(r)
            default: break
            }
            return false
        }
        ids = found
    }
}
