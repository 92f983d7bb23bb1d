import WasmBinary

extension ComponentValidator {
    /// Validates a type definition and appends it to the type index space.
    mutating func defineType(_ t: ComponentType) throws(ComponentValidationError) {
        switch t.definition {
        case .value(let d):
            var slot = try resolveDefined(d, at: t.offset)
            if case .value(let v) = slot.type, ValueSizeLimit.exceeds(v) {
                throw ComponentValidationError("type exceeds maximum byte size of \(ValueSizeLimit.maximum - 1) bytes", offset: t.offset)
            }
            slot.visibility = definedVisibility(d, references: slot.visibility.references)
            scope.types.append(slot)
        case .function(let f):
            let type = ResolvedType.function(try resolveFunction(f, at: t.offset))
            scope.types.append(TypeSlot(type: type, size: 1, depth: 1, visibility: .value(identity: nil, references: references(of: f))))
        case .resource(let r):
            guard scope.kind == .component else {
                throw ComponentValidationError("resources can only be defined within a concrete component", offset: t.offset)
            }
            if let d = r.destructor {
                let f = try coreFunction(d, at: t.offset)
                if let f, f != FunctionType(parameters: [.i32], results: []) {
                    throw ComponentValidationError("resource destructor must have type [i32] -> [], not \(describe(f))", offset: t.offset)
                }
            }
            let id = freshResource()
            scope.definedResources.insert(id)
            scope.types.append(TypeSlot(type: .resource(id), size: 1, depth: 1, visibility: .value(identity: freshIdentity(), references: [])))
        case .instance(let decls):
            let info = try validateDeclarations(decls, kind: .instanceType)
            scope.types.append(TypeSlot(type: .instance(info.exports), size: 1, depth: 1, visibility: .instance(info.visibility.exports)))
        case .component(let decls):
            let info = try validateDeclarations(decls, kind: .componentType)
            let type = ResolvedType.component(imports: info.imports, exports: info.exports)
            scope.types.append(TypeSlot(type: type, size: 1, depth: 1, visibility: .component(info.visibility)))
        }
    }

    /// Validates the declarations of an instance or component type in a new scope.
    mutating func validateDeclarations(_ decls: [TypeDeclaration], kind: ScopeKind) throws(ComponentValidationError) -> ComponentInfo {
        enclosing.append(scope)
        scope = ValidationScope(kind: kind)
        defer {
            if let last = enclosing.popLast() { scope = last }
        }
        for d in decls {
            switch d.kind {
            case .coreType(let t): try defineCoreType(t, at: d.offset)
            case .type(let t): try defineType(t)
            case .alias(let a):
                if case .coreExport = a.target {
                    throw ComponentValidationError("core export aliases are not allowed in type declarations", offset: d.offset)
                }
                guard a.sort == .type || a.sort == .core(.type) || a.sort == .instance else {
                    throw ComponentValidationError("aliases in type declarations may only refer to types or instances, not a \(a.sort.name)", offset: d.offset)
                }
                try addAlias(a)
            case .import(let name, let desc):
                try checkName(name, isImport: true, sort: desc.sort, at: d.offset)
                let e = try resolveDescriptor(desc, at: d.offset)
                try declare(name.name, e, declaredVisibility(desc), isImport: true, at: d.offset)
            case .export(let name, let desc):
                try checkName(name, isImport: false, sort: desc.sort, at: d.offset)
                let e = try resolveDescriptor(desc, at: d.offset)
                try declare(name.name, e, declaredVisibility(desc), isImport: false, at: d.offset)
            }
        }
        return ComponentInfo(
            imports: scope.imports, exports: scope.exports,
            visibility: ComponentVisibility(imports: scope.visibility.imports, exports: scope.visibility.exports))
    }

    /// Validates a core type and appends it to the core type index space.
    mutating func defineCoreType(_ t: CoreType, at offset: Int) throws(ComponentValidationError) {
        if case .module(let decls) = t {
            try CoreNameValidation.checkModuleType(decls, at: offset)
            var typeCount = 0
            for d in decls {
                switch d {
                case .type: typeCount += 1
                case .outerAlias(_, let count, let index):
                    // count 1 is the enclosing component (or type) scope.
                    guard count == 1 else {
                        throw ComponentValidationError("outer alias of a core type in a module type must have count 1", offset: offset)
                    }
                    guard Int(exactly: index).map({ $0 < scope.coreTypes.count }) ?? false else {
                        throw ComponentValidationError("core type index \(index) out of bounds", offset: offset)
                    }
                    typeCount += 1
                case .import(let i):
                    if case .function(let ti) = i.descriptor, Int(ti) >= typeCount {
                        throw ComponentValidationError("type index \(ti) out of bounds in module type", offset: offset)
                    }
                case .export(_, let desc):
                    if case .function(let ti) = desc, Int(ti) >= typeCount {
                        throw ComponentValidationError("type index \(ti) out of bounds in module type", offset: offset)
                    }
                }
            }
        }
        scope.coreTypes.append(t)
    }
}
