/// After an instantiation, the types the instantiated component imported are the types its
/// arguments supplied: the identities its imports named are replaced by the arguments'
/// identities throughout its exports (as ``ResourceSubstitution`` does for resource types), so
/// that what the arguments' names made visible stays visible in the instance. And as each
/// instantiation makes new resource types, it makes new identities for the instance's types
/// that are (or refer to) them: naming one instance's types does not name another's.
struct VisibilityRenaming {
    /// Replacements by identity; others stay.
    private var map: [TypeIdentity: TypeIdentity] = [:]

    /// Binds the identities `imports` name to those of the arguments that satisfy them.
    init(imports: VisibleItems, arguments: [String: ExternVisibility]) {
        for name in imports.names {
            if let want = imports[name], let have = arguments[name] { bind(want, to: have) }
        }
    }

    private mutating func bind(_ want: ExternVisibility, to have: ExternVisibility) {
        switch (want, have) {
        case (.type(.value(let w?, _)), .type(.value(let h?, _))): map[w] = h
        case (.instance(let w), .instance(let h)):
            for name in w.names {
                if let wantExport = w[name], let haveExport = h[name] { bind(wantExport, to: haveExport) }
            }
        default: break
        }
    }

    /// The exports of the instance: `items` renamed, in order. `before` and `after` are the
    /// instance's resolved exports before and after its resource types were made fresh; a
    /// nominal type export whose resource was made fresh, or whose parts refer to a renamed
    /// identity, gets a `fresh` identity, which renames it for the exports after it.
    mutating func instance(
        _ items: VisibleItems, before: [String: ResolvedExtern], after: [String: ResolvedExtern],
        fresh: () -> TypeIdentity
    ) -> VisibleItems {
        var out = VisibleItems()
        for name in items.names {
            guard let item = items[name] else { continue }
            switch (item, before[name], after[name]) {
            case (.type(.value(let identity?, let references)), .type(let b, _, _)?, .type(let a, _, _)?):
                var made = map[identity] ?? identity
                if map[identity] == nil, Self.madeFresh(b, a) || references.contains(where: { map[$0] != nil }) {
                    made = fresh()
                    map[identity] = made
                }
                out.append(name, .type(.value(identity: made, references: renamed(references))))
            case (.instance(let inner), .instance(let b?)?, .instance(let a?)?):
                out.append(name, .instance(instance(inner, before: b, after: a, fresh: fresh)))
            default: out.append(name, extern(item))
            }
        }
        return out
    }

    /// Whether a resource type export became a new resource type.
    private static func madeFresh(_ before: ResolvedType, _ after: ResolvedType) -> Bool {
        guard case .resource(let b) = before, case .resource(let a) = after else { return false }
        return a != b
    }

    func extern(_ e: ExternVisibility) -> ExternVisibility {
        switch e {
        case .opaque: return e
        case .function(let references): return .function(renamed(references))
        case .type(let t): return .type(type(t))
        case .instance(let exports): return .instance(exports.map(extern))
        case .component(let c): return .component(component(c))
        }
    }

    func type(_ t: TypeVisibility) -> TypeVisibility {
        switch t {
        case .value(let identity, let references):
            return .value(identity: identity.map { map[$0] ?? $0 }, references: renamed(references))
        case .instance(let exports): return .instance(exports.map(extern))
        case .component(let c): return .component(component(c))
        case .unknown: return t
        }
    }

    func component(_ c: ComponentVisibility) -> ComponentVisibility {
        ComponentVisibility(imports: c.imports.map(extern), exports: c.exports.map(extern))
    }

    private func renamed(_ references: Set<TypeIdentity>) -> Set<TypeIdentity> {
        Set(references.map { map[$0] ?? $0 })
    }
}
