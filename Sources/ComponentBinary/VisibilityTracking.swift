import WasmBinary

/// How the validator keeps the identities of the external-visibility rule
/// (see ExternalVisibility.swift) as definitions enter the index spaces, and where it applies
/// the rule: every import and export of a component or component type.
extension ComponentValidator {
    /// A fresh type identity.
    mutating func freshIdentity() -> TypeIdentity {
        nextIdentity += 1
        return TypeIdentity(value: nextIdentity)
    }

    /// What a value type referring to `t` depends on (nothing for primitives).
    func references(of t: ComponentValueType) -> Set<TypeIdentity> {
        guard case .index(let i) = t, let n = Int(exactly: i), n < scope.types.count else { return [] }
        return scope.types[n].visibility.asReference
    }

    /// What a function type's parameters and result refer to.
    func references(of f: ComponentFunctionType) -> Set<TypeIdentity> {
        var out: Set<TypeIdentity> = []
        for p in f.parameters { out.formUnion(references(of: p.type)) }
        if let r = f.result { out.formUnion(references(of: r)) }
        return out
    }

    /// The visibility of a defined value type whose parts refer to `references`: records,
    /// variants, enums and flags are nominal and get an identity of their own.
    mutating func definedVisibility(_ d: DefinedValueType, references: Set<TypeIdentity>) -> TypeVisibility {
        switch d {
        case .record, .variant, .enum, .flags: return .value(identity: freshIdentity(), references: references)
        default: return .value(identity: nil, references: references)
        }
    }

    /// The visibility of the definition `item` (whose index has been checked).
    func visibility(of item: SortIndex) -> ExternVisibility {
        guard let i = Int(exactly: item.index) else { return .opaque }
        switch item.sort {
        case .core, .value: return .opaque
        case .function:
            return i < scope.visibility.functions.count ? .function(scope.visibility.functions[i]) : .opaque
        case .type: return i < scope.types.count ? .type(scope.types[i].visibility) : .opaque
        case .component:
            return .component((i < scope.components.count ? scope.components[i]?.visibility : nil) ?? ComponentVisibility())
        case .instance:
            return i < scope.visibility.instances.count ? .instance(scope.visibility.instances[i]) : .opaque
        }
    }

    /// The visibility of export `name` of instance `i`.
    func visibility(ofExport name: String, instance i: UInt32) -> ExternVisibility {
        guard let n = Int(exactly: i), n < scope.visibility.instances.count else { return .opaque }
        return scope.visibility.instances[n][name] ?? .opaque
    }

    /// The visibility of what an import or export of `desc` (already resolved) introduces.
    mutating func declaredVisibility(_ desc: ExternDescriptor) -> ExternVisibility {
        func type(_ i: UInt32) -> TypeVisibility {
            guard let n = Int(exactly: i), n < scope.types.count else { return .unknown }
            return scope.types[n].visibility
        }
        switch desc {
        case .coreModule, .value: return .opaque
        case .function(let ti): return .function(type(ti).references)
        case .type(.equal(let ti)): return named(.type(type(ti)))
        case .type(.subResource): return .type(.value(identity: freshIdentity(), references: []))
        case .component(let ti):
            guard case .component(let c) = type(ti) else { return .opaque }
            return .component(c)
        case .instance(let ti):
            guard case .instance(let exports) = type(ti) else { return .opaque }
            return .instance(exports)
        }
    }

    /// `v` as an import or export introduces it: a nominal type gets a new identity (the
    /// name), which is not the identity of the type it was made from.
    mutating func named(_ v: ExternVisibility) -> ExternVisibility {
        guard case .type(.value(_?, let references)) = v else { return v }
        return .type(.value(identity: freshIdentity(), references: references))
    }

    /// Applies the rule to an import or export, and records the types it names. Instance types
    /// are not checked where they are declared, only where an import or export uses them.
    mutating func checkVisibility(_ v: ExternVisibility, sort: ComponentSort, isImport: Bool, at offset: Int) throws(ComponentValidationError) {
        guard scope.kind != .instanceType else { return }
        guard scope.visibility.admit(v, asImport: isImport) else {
            throw ComponentValidationError("\(sort.name) not valid to be used as \(isImport ? "import" : "export")", offset: offset)
        }
    }

    /// Records an import or export named `name`: the annotated-name and visibility rules, its
    /// new index, and its entry among the scope's imports or exports.
    mutating func declare(_ name: String, _ e: ResolvedExtern, _ v: ExternVisibility, isImport: Bool, at offset: Int) throws(ComponentValidationError) {
        try noteNamed(name, e, isImport: isImport, at: offset)
        try checkVisibility(v, sort: e.sort, isImport: isImport, at: offset)
        add(e, v)
        if isImport {
            scope.imports[name] = e
            scope.visibility.imports.append(name, v)
        } else {
            scope.exports[name] = e
            scope.visibility.exports.append(name, v)
        }
    }
}
