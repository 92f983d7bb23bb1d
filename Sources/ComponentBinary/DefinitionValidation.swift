import WasmBinary

extension ComponentValidator {
    /// Validates a core instance and appends it.
    mutating func defineCoreInstance(_ instance: CoreInstance) throws(ComponentValidationError) {
        let offset = instance.offset
        switch instance.expression {
        case .instantiate(let m, let args):
            try checkIndex(.core(.module), m, at: offset)
            var provided: [String: [String: CoreExtern]?] = [:]
            for a in args {
                try checkIndex(.core(.instance), a.instance, at: offset)
                guard provided.updateValue(scope.coreInstances[Int(a.instance)], forKey: a.name) == nil else {
                    throw ComponentValidationError("duplicate module instantiation argument named `\(a.name)`", offset: offset)
                }
            }
            guard let module = scope.coreModules[Int(m)] else {
                scope.coreInstances.append(nil)
                return
            }
            for imp in module.imports {
                guard let given = provided[imp.module] else {
                    throw ComponentValidationError("missing module instantiation argument named `\(imp.module)`", offset: offset)
                }
                guard let exports = given else { continue }
                guard let e = exports[imp.name] else {
                    throw ComponentValidationError("module instantiation argument `\(imp.module)` does not export an item named `\(imp.name)`", offset: offset)
                }
                guard e.sort == imp.extern.sort else {
                    throw ComponentValidationError("module instantiation argument `\(imp.module)` export `\(imp.name)` has the wrong kind", offset: offset)
                }
                if let problem = CoreExternMatching.mismatch(have: e, want: imp.extern) {
                    throw ComponentValidationError("type mismatch for export `\(imp.name)` of module instantiation argument `\(imp.module)`: \(problem)", offset: offset)
                }
            }
            scope.coreInstances.append(module.exports)
        case .exports(let items):
            var map: [String: CoreExtern] = [:]
            for e in items {
                try checkIndex(.core(e.sort), e.index, at: offset)
                let i = Int(e.index)
                let x: CoreExtern
                switch e.sort {
                case .function: x = .function(scope.coreFunctions[i])
                case .table: x = .table(scope.coreTables[i])
                case .memory: x = .memory(scope.coreMemories[i])
                case .global: x = .global(scope.coreGlobals[i])
                case .tag: x = .tag
                default:
                    throw ComponentValidationError("a \(ComponentSort.core(e.sort).name) cannot be exported from a core instance", offset: offset)
                }
                guard map.updateValue(x, forKey: e.name) == nil else {
                    throw ComponentValidationError("export name `\(e.name)` already defined", offset: offset)
                }
            }
            scope.coreInstances.append(map)
        }
    }

    /// Validates a component instance and appends it.
    mutating func defineInstance(_ instance: ComponentInstance) throws(ComponentValidationError) {
        let offset = instance.offset
        switch instance.expression {
        case .instantiate(let c, let args):
            try checkIndex(.component, c, at: offset)
            var provided: [String: ResolvedExtern] = [:]
            var visible: [String: ExternVisibility] = [:]
            for a in args {
                let e = try extern(of: a.item, at: offset)
                guard provided.updateValue(e, forKey: a.name) == nil else {
                    throw ComponentValidationError("instantiation argument `\(a.name)` conflicts with previous argument", offset: offset)
                }
                visible[a.name] = visibility(of: a.item)
            }
            guard let info = scope.components[Int(c)] else {
                addUnknown(.instance)
                return
            }
            var matching = ExternMatching()
            for (name, want) in info.imports.sorted(by: { $0.key < $1.key }) {
                guard let have = provided[name] else {
                    throw ComponentValidationError("missing import named `\(name)`", offset: offset)
                }
                guard have.sort == want.sort else {
                    throw ComponentValidationError("instantiation argument `\(name)` is a \(have.sort.name), expected a \(want.sort.name)", offset: offset)
                }
                if let problem = matching.mismatch(have: have, want: want) {
                    throw ComponentValidationError("instantiation argument `\(name)`: \(problem)", offset: offset)
                }
                if let wantModule = info.moduleImports[name], let arg = args.first(where: { $0.name == name }),
                   arg.item.sort == .core(.module), let n = Int(exactly: arg.item.index), n < scope.coreModules.count,
                   let haveModule = scope.coreModules[n],
                   let problem = CoreExternMatching.moduleMismatch(have: haveModule, want: wantModule) {
                    throw ComponentValidationError("instantiation argument `\(name)`: \(problem)", offset: offset)
                }
            }
            // The instance's exports see the arguments' resources where the component's imports were.
            let substitution = ResourceSubstitution(map: matching.resources)
            let exports = info.exports.mapValues(substitution.extern)
            let instance = freshenInstantiated(exports, arguments: Array(provided.values))
            scope.instances.append(instance)
            var renaming = VisibilityRenaming(imports: info.visibility.imports, arguments: visible)
            scope.visibility.instances.append(
                renaming.instance(info.visibility.exports, before: exports, after: instance, fresh: { freshIdentity() }))
        case .exports(let items):
            var map: [String: ResolvedExtern] = [:]
            var visible = VisibleItems()
            var seen: Set<String> = []
            for e in items {
                let x = try extern(of: e.item, at: offset)
                if let problem = NameRules.problem(with: e.name.name) {
                    throw ComponentValidationError(problem, offset: offset)
                }
                try checkImplements(e.name, sort: e.item.sort, at: offset)
                try checkBagAnnotation(e.name.name, x, at: offset)
                guard seen.insert(e.name.name.lowercased()).inserted else {
                    throw ComponentValidationError("instance export name `\(e.name)` conflicts with previous name", offset: offset)
                }
                map[e.name.name] = x
                visible.append(e.name.name, visibility(of: e.item))
            }
            scope.instances.append(map)
            scope.visibility.instances.append(visible)
        }
    }

    /// Checks an annotated name (`[constructor]r`, `[method]r.f`, `[static]r.f`) exported by a
    /// bag of exports. Such an instance introduces no indices, so no function type can refer to
    /// a resource through a name the bag gives it: a resource it exports keeps the identity it
    /// had outside, named (if at all) by the enclosing scope's imports and exports. Its names
    /// therefore resolve against no resources: every annotated function name whose type is known
    /// is refused (as by `wasm-tools validate`), and one on another sort is not a func.
    func checkBagAnnotation(_ name: String, _ e: ResolvedExtern, at offset: Int) throws(ComponentValidationError) {
        guard name.hasPrefix("[") else { return }
        guard case .function(let f) = e else {
            throw ComponentValidationError("`\(name)` is not a func", offset: offset)
        }
        guard let f else { return }
        try checkAnnotation(name, f, resources: [:], at: offset)
    }

    /// Validates an alias and appends the aliased definition.
    mutating func addAlias(_ a: Alias) throws(ComponentValidationError) {
        let offset = a.offset
        switch a.target {
        case .export(let i, let name):
            try checkIndex(.instance, i, at: offset)
            guard let exports = scope.instances[Int(i)] else {
                addUnknown(a.sort)
                return
            }
            guard let e = exports[name] else {
                throw ComponentValidationError("instance \(i) has no export named `\(name)`", offset: offset)
            }
            guard e.sort == a.sort else {
                throw ComponentValidationError("export `\(name)` of instance \(i) is a \(e.sort.name), not a \(a.sort.name)", offset: offset)
            }
            add(e, visibility(ofExport: name, instance: i))
        case .coreExport(let i, let name):
            try checkIndex(.core(.instance), i, at: offset)
            guard let exports = scope.coreInstances[Int(i)] else {
                addUnknown(a.sort)
                return
            }
            guard let e = exports[name] else {
                throw ComponentValidationError("core instance \(i) has no export named `\(name)`", offset: offset)
            }
            guard ComponentSort.core(e.sort) == a.sort else {
                throw ComponentValidationError("export `\(name)` of core instance \(i) is a \(ComponentSort.core(e.sort).name), not a \(a.sort.name)", offset: offset)
            }
            scope.addCore(e)
        case .outer(let count, let index):
            guard let c = Int(exactly: count), c <= enclosing.count else {
                throw ComponentValidationError("invalid outer alias count of \(count)", offset: offset)
            }
            let target = c == 0 ? scope : enclosing[enclosing.count - c]
            guard Int(exactly: index).map({ $0 < target.count(a.sort) }) ?? false else {
                throw ComponentValidationError("\(a.sort.name) index \(index) out of bounds in the component \(count) levels out", offset: offset)
            }
            let n = Int(index)
            switch a.sort {
            case .type:
                if c > 0 { try checkOuterTypeAlias(target.types[n], count: c, at: offset) }
                scope.types.append(target.types[n])
            case .core(.type): scope.coreTypes.append(target.coreTypes[n])
            case .core(.module): scope.coreModules.append(target.coreModules[n])
            case .component: scope.components.append(target.components[n])
            default:
                throw ComponentValidationError("a \(a.sort.name) cannot be aliased from an enclosing component", offset: offset)
            }
        }
    }

    /// Appends a definition whose type is not known.
    mutating func addUnknown(_ sort: ComponentSort) {
        switch sort {
        case .core(let s):
            switch s {
            case .function: scope.coreFunctions.append(nil)
            case .table: scope.coreTables.append(nil)
            case .memory: scope.coreMemories.append(nil)
            case .global: scope.coreGlobals.append(nil)
            case .tag: scope.coreTags += 1
            case .type: scope.coreTypes.append(nil)
            case .module: scope.coreModules.append(nil)
            case .instance: scope.coreInstances.append(nil)
            }
        case .function:
            scope.functions.append(nil)
            scope.visibility.functions.append([])
        case .value: scope.values += 1
        case .type: scope.types.append(TypeSlot(type: .unknown, size: 1, depth: 1, visibility: .unknown))
        case .component: scope.components.append(nil)
        case .instance:
            scope.instances.append(nil)
            scope.visibility.instances.append(VisibleItems())
        }
    }
}
