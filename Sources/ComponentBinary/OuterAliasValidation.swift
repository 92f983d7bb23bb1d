/// The rules for outer aliases of types: a type that refers to resources of an enclosing
/// component may not be aliased across a (concrete) component boundary.
extension ComponentValidator {
    /// Checks an outer alias of `slot`, `count` scopes out (`count` ≥ 1).
    func checkOuterTypeAlias(_ slot: TypeSlot, count: Int, at offset: Int) throws(ComponentValidationError) {
        // The scopes left: the current one and the enclosing ones below the target.
        let left = [scope] + enclosing.suffix(count - 1)
        guard left.contains(where: { $0.kind == .component }) else { return }
        let target = enclosing.count - count
        var outside = Set<ResourceID>()
        for s in enclosing.prefix(target + 1) {
            for t in s.types { if case .resource(let id) = t.type { outside.insert(id) } }
        }
        if ResourceMentions(counts: { outside.contains($0) }).type(slot.type) {
            throw ComponentValidationError(
                "cannot alias outer type which transitively refers to resources not defined in the current component", offset: offset)
        }
    }
}

/// Whether a type mentions a resource type that `counts`.
struct ResourceMentions {
    /// Whether a resource type counts.
    let counts: (ResourceID) -> Bool

    func type(_ t: ResolvedType) -> Bool {
        switch t {
        case .value(let v): return value(v)
        case .function(let f): return function(f)
        case .instance(let exports): return exports.values.contains(where: extern)
        case .component(let imports, let exports): return imports.values.contains(where: extern) || exports.values.contains(where: extern)
        case .resource(let id): return counts(id)
        case .unknown: return false
        }
    }

    func function(_ f: ResolvedFunctionType) -> Bool {
        f.parameters.contains { value($0.type) } || (f.result.map(value) ?? false)
    }

    func extern(_ e: ResolvedExtern) -> Bool {
        switch e {
        case .coreModule, .value: return false
        case .function(let f): return f.map(function) ?? false
        case .type(let t, _, _): return type(t)
        case .component(let imports, let exports): return imports.values.contains(where: extern) || exports.values.contains(where: extern)
        case .instance(let exports): return exports?.values.contains(where: extern) ?? false
        }
    }

    func value(_ v: ResolvedValueType) -> Bool {
        v.contains {
            switch $0 {
            case .own(let id), .borrow(let id): return counts(id)
            default: return false
            }
        }
    }
}
