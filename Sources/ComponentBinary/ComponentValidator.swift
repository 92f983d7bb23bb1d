import WasmBinary

/// The imports and exports of a validated component, with resolved types.
public struct ComponentSummary: Sendable {
    /// The imports by name.
    public var imports: [String: ResolvedExtern]
    /// The exports by name.
    public var exports: [String: ResolvedExtern]
}

/// Validates a decoded component and its nested components.
///
/// Checks every index against its index space at the point of use, the kinds of the types that
/// imports, exports, aliases and canonical definitions refer to, the well-formedness of defined
/// types (non-empty records, variants, flags and enums; unique labels; size and depth limits),
/// name uniqueness of imports and exports, the external visibility of the types imports and
/// exports refer to (every record, variant, enum, flags or resource type must be referred to
/// through a type index that an import or export introduced), the instantiation arguments of
/// core modules and nested components, and the typing of `canon lift` / `canon lower`: a lifted core function's
/// type must equal the canonical ABI flattening of the component function type
/// (``CanonicalFlattening/coreType(of:context:)``), and the options a type needs (`memory`,
/// `realloc`) must be present with the right types. Embedded core modules are decoded to learn
/// their export types; they are not validated here.
///
/// - Returns: The component's imports and exports with resolved types.
/// - Throws: A ``ComponentValidationError`` with the offset of the definition at fault.
public func validateComponent(_ component: Component) throws(ComponentValidationError) -> ComponentSummary {
    var decoded: [Int: Module] = [:]
    return try validateComponent(component, decodedModules: &decoded)
}

/// ``validateComponent(_:)``, handing back the embedded core modules it decoded (nested
/// components' too), keyed by the byte offset of each module in the binary
/// (``EmbeddedModule/range``), so that a loader does not decode (and copy) them again.
package func validateComponent(
    _ component: Component, decodedModules: inout [Int: Module]
) throws(ComponentValidationError) -> ComponentSummary {
    var validator = ComponentValidator()
    let info = try validator.validate(component)
    decodedModules = validator.decodedModules
    return ComponentSummary(imports: info.imports, exports: info.exports)
}

/// The state of one validation: the scope being validated and its enclosing scopes.
struct ComponentValidator {
    var scope = ValidationScope(kind: .component)
    var enclosing: [ValidationScope] = []
    var nextResource = 0
    /// The last ``TypeIdentity`` handed out.
    var nextIdentity = 0
    /// Every embedded core module decoded so far, by its byte offset in the binary.
    var decodedModules: [Int: Module] = [:]

    /// Validates `component` in the current (fresh) scope.
    mutating func validate(_ component: Component) throws(ComponentValidationError) -> ComponentInfo {
        for section in component.sections {
            switch section {
            case .custom: break
            case .coreModule(let m):
                let module: Module
                do {
                    module = try m.decode()
                } catch {
                    throw ComponentValidationError(error.message, offset: error.offset)
                }
                try CoreNameValidation.checkModule(module, at: m.range.lowerBound)
                scope.coreModules.append(ModuleInfo(module))
                decodedModules[m.range.lowerBound] = module
            case .coreInstances(let items): for i in items { try defineCoreInstance(i) }
            case .coreTypes(let items): for t in items { try defineCoreType(t.type, at: t.offset) }
            case .component(let nested):
                enclosing.append(scope)
                scope = ValidationScope(kind: .component)
                let result: ComponentInfo
                do {
                    result = try validate(nested)
                } catch {
                    if let last = enclosing.popLast() { scope = last }
                    throw error
                }
                if let last = enclosing.popLast() { scope = last }
                scope.components.append(result)
            case .instances(let items): for i in items { try defineInstance(i) }
            case .aliases(let items): for a in items { try addAlias(a) }
            case .types(let items): for t in items { try defineType(t) }
            case .canons(let items): for c in items { try defineCanon(c) }
            case .start(let s):
                _ = try function(s.function, at: s.offset)
                for v in s.arguments where !(Int(exactly: v).map { $0 < scope.values } ?? false) {
                    throw ComponentValidationError("value index \(v) out of bounds", offset: s.offset)
                }
            case .imports(let items):
                for i in items {
                    try checkName(i.name, isImport: true, sort: i.descriptor.sort, at: i.offset)
                    var e = try resolveDescriptor(i.descriptor, at: i.offset)
                    if case .instance = i.descriptor { e = freshened(e, bound: boundResources()) }
                    if case .coreModule(let ti) = i.descriptor, let n = Int(exactly: ti), n < scope.coreTypes.count,
                       case .module(let decls)? = scope.coreTypes[n] {
                        scope.moduleImports[i.name.name] = ModuleInfo(decls)
                    }
                    try declare(i.name.name, e, declaredVisibility(i.descriptor), isImport: true, at: i.offset)
                }
            case .exports(let items):
                for e in items {
                    try checkName(e.name, isImport: false, sort: e.item.sort, at: e.offset)
                    var resolved = try extern(of: e.item, at: e.offset)
                    var visible = named(visibility(of: e.item))
                    if let ascribed = e.ascribedType {
                        guard ascribed.sort == e.item.sort else {
                            throw ComponentValidationError("export `\(e.name)` is a \(e.item.sort.name) but its type ascription is a \(ascribed.sort.name)", offset: e.offset)
                        }
                        let actual = resolved
                        resolved = try resolveDescriptor(ascribed, at: e.offset)
                        var matching = ExternMatching()
                        if let problem = matching.mismatch(have: actual, want: resolved) {
                            throw ComponentValidationError("ascribed type of export is not compatible with item's type: \(problem)", offset: e.offset)
                        }
                        visible = declaredVisibility(ascribed)
                    }
                    try declare(e.name.name, resolved, visible, isImport: false, at: e.offset)
                }
            }
        }
        return ComponentInfo(
            imports: scope.imports, exports: scope.exports, moduleImports: scope.moduleImports,
            visibility: ComponentVisibility(imports: scope.visibility.imports, exports: scope.visibility.exports))
    }

    /// Checks that an import or export name is not empty and not used before (ignoring case).
    mutating func checkName(_ name: ExternName, isImport: Bool, sort: ComponentSort, at offset: Int) throws(ComponentValidationError) {
        let kind = isImport ? "import" : "export"
        guard !name.name.isEmpty else {
            throw ComponentValidationError("`` is not a valid extern name: \(kind) names cannot be empty", offset: offset)
        }
        if let problem = NameRules.problem(with: name.name) {
            throw ComponentValidationError(problem, offset: offset)
        }
        try checkImplements(name, sort: sort, at: offset)
        if name.name.hasPrefix("["), sort != .function {
            throw ComponentValidationError("`\(name.name)` is not a func", offset: offset)
        }
        for key in NameRules.uniquenessKeys(name.name) {
            let previous = isImport ? scope.importNames.updateValue(name.name, forKey: key) : scope.exportNames.updateValue(name.name, forKey: key)
            if let previous {
                throw ComponentValidationError("\(kind) name `\(name.name)` conflicts with previous name `\(previous)`", offset: offset)
            }
        }
    }

    /// Checks the `implements` attribute of a name, if any: only a plain-labelled instance may
    /// have one, and it must name an interface.
    func checkImplements(_ name: ExternName, sort: ComponentSort, at offset: Int) throws(ComponentValidationError) {
        guard let implements = name.implements else { return }
        guard sort == .instance else {
            throw ComponentValidationError("only instances can have an `implements` attribute", offset: offset)
        }
        guard NameRules.isKebab(Substring(name.name)) else {
            throw ComponentValidationError("name `\(name.name)` is not valid with `implements`: it must be a plain label", offset: offset)
        }
        if let problem = NameRules.interfaceProblem(implements) {
            throw ComponentValidationError("`implements` must be an interface name: \(problem)", offset: offset)
        }
    }

    /// Checks an index against a sort's index space.
    func checkIndex(_ sort: ComponentSort, _ index: UInt32, at offset: Int) throws(ComponentValidationError) {
        guard Int(exactly: index).map({ $0 < scope.count(sort) }) ?? false else {
            throw ComponentValidationError("\(sort.name) index \(index) out of bounds (\(scope.count(sort)) defined)", offset: offset)
        }
    }

    /// The type of core function `index`, if known.
    func coreFunction(_ index: UInt32, at offset: Int) throws(ComponentValidationError) -> FunctionType? {
        try checkIndex(.core(.function), index, at: offset)
        return scope.coreFunctions[Int(index)]
    }

    /// The type of component function `index`, if known.
    func function(_ index: UInt32, at offset: Int) throws(ComponentValidationError) -> ResolvedFunctionType? {
        try checkIndex(.function, index, at: offset)
        return scope.functions[Int(index)]
    }

    /// What the definition `item` is.
    func extern(of item: SortIndex, at offset: Int) throws(ComponentValidationError) -> ResolvedExtern {
        try checkIndex(item.sort, item.index, at: offset)
        let i = Int(item.index)
        switch item.sort {
        case .core(.module): return .coreModule
        case .core: throw ComponentValidationError("a \(item.sort.name) cannot be exported from a component", offset: offset)
        case .function: return .function(scope.functions[i])
        case .value: return .value
        case .type:
            let slot = scope.types[i]
            return .type(slot.type, size: slot.size, depth: slot.depth)
        case .component:
            let c = scope.components[i]
            return .component(imports: c?.imports ?? [:], exports: c?.exports ?? [:])
        case .instance: return .instance(scope.instances[i])
        }
    }

    /// Records a resource type's name, and checks a function's annotated name against the
    /// resources named in the same (import or export) namespace.
    mutating func noteNamed(_ name: String, _ e: ResolvedExtern, isImport: Bool, at offset: Int) throws(ComponentValidationError) {
        switch e {
        case .type(.resource(let id), _, _):
            if isImport { scope.importedResourceNames[name] = id } else { scope.exportedResourceNames[name] = id }
        case .function(let f?):
            try checkAnnotation(name, f, resources: isImport ? scope.importedResourceNames : scope.exportedResourceNames, at: offset)
        default: break
        }
    }

    /// Checks a function's annotated name (`[constructor]r`, `[method]r.f`, `[static]r.f`)
    /// against `resources`, the resource types named in the same namespace.
    func checkAnnotation(_ name: String, _ f: ResolvedFunctionType, resources: [String: ResourceID], at offset: Int) throws(ComponentValidationError) {
        if let problem = NameRules.annotationProblem(name, f, resources: resources) {
            throw ComponentValidationError(problem, offset: offset)
        }
    }
}
