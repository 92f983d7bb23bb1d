import ComponentBinary
import WasmBinary
import WasmInterpreter
import WasmValidation

/// Instantiates a component: walks its sections in order, filling the index spaces with run-time
/// definitions (core instances in the store, lifted and lowered functions, resource types).
struct Instantiator {
    let runtime: ComponentRuntime
    let definition: LoadedComponent
    let linker: ComponentLinker

    /// Instantiates the root component with imports from the linker.
    func instantiateRoot() throws(ComponentError) -> (ComponentInstanceValue, ComponentInstanceState) {
        let closure = ComponentClosure(component: definition.component, parent: nil)
        let state = ComponentInstanceState()
        let value = try instantiate(closure, state: state) { (i: ComponentImport, scope: RuntimeScope) throws(ComponentError) -> ComponentItem in
            try linker.resolve(i, in: scope, runtime: runtime)
        }
        return (value, state)
    }

    /// Instantiates a component definition; `provide` supplies each import.
    func instantiate(
        _ closure: ComponentClosure,
        state: ComponentInstanceState = ComponentInstanceState(),
        provide: (ComponentImport, RuntimeScope) throws(ComponentError) -> ComponentItem
    ) throws(ComponentError) -> ComponentInstanceValue {
        let scope = RuntimeScope(parent: closure.parent, state: state)
        // The outermost instantiation is the last use of every scope (nothing instantiates a
        // nested component afterwards): break the scopes' cycles when it ends.
        defer { if closure.parent == nil { scope.releaseAll() } }
        let result = ComponentInstanceValue()
        for section in closure.component.sections {
            switch section {
            case .custom: break
            case .coreModule(let m):
                guard let module = definition.modules[m.range.lowerBound] else {
                    throw ComponentError(.instantiation, "core module at byte offset 0x\(String(m.range.lowerBound, radix: 16)) was not compiled")
                }
                scope.coreModules.append(module)
            case .coreInstances(let items):
                for i in items { scope.coreInstances.append(try coreInstance(i, scope)) }
            case .coreTypes(let items): scope.coreTypes += items.count
            case .component(let c): scope.components.append(ComponentClosure(component: c, parent: scope))
            case .instances(let items):
                for i in items { scope.instances.append(try componentInstance(i, scope)) }
            case .aliases(let items):
                for a in items { try alias(a, scope) }
            case .types(let items):
                for t in items { scope.types.append(try scope.resolveTypeDefinition(t, runtime: runtime)) }
            case .canons(let items):
                for c in items { try canon(c, scope) }
            case .start(let s):
                guard s.arguments.isEmpty, s.resultCount == 0 else {
                    throw ComponentError(.instantiation, "start functions with values are not supported", at: s.offset)
                }
                guard case .function(let f) = try scope.item(SortIndex(sort: .function, index: s.function), at: s.offset) else { break }
                do { _ = try f.call([]) } catch { throw ComponentError.trapped(error) }
            case .imports(let items):
                for i in items { scope.add(try provide(i, scope)) }
            case .exports(let items):
                for e in items {
                    let item = try scope.item(e.item, at: e.offset)
                    result.add(e.name.name, item)
                    scope.add(item)
                }
            }
        }
        return result
    }

    private func coreInstance(_ i: CoreInstance, _ scope: RuntimeScope) throws(ComponentError) -> [String: ExternalValue] {
        switch i.expression {
        case .instantiate(let moduleIndex, let arguments):
            guard let n = Int(exactly: moduleIndex), n < scope.coreModules.count else {
                throw ComponentError(.instantiation, "core module index \(moduleIndex) out of bounds", at: i.offset)
            }
            var given: [String: [String: ExternalValue]] = [:]
            for a in arguments {
                guard let k = Int(exactly: a.instance), k < scope.coreInstances.count else {
                    throw ComponentError(.instantiation, "core instance index \(a.instance) out of bounds", at: i.offset)
                }
                given[a.name] = scope.coreInstances[k]
            }
            let instance: Instance
            do {
                instance = try runtime.store.instantiate(scope.coreModules[n]) { module, name in given[module]?[name] }
            } catch {
                throw ComponentError(.instantiation, "core module \(moduleIndex): \(error)", at: i.offset)
            }
            var exports: [String: ExternalValue] = [:]
            exports.reserveCapacity(instance.exports.count)
            for e in instance.exports { exports[e.name] = e.value }
            return exports
        case .exports(let items):
            var exports: [String: ExternalValue] = [:]
            for e in items { exports[e.name] = try scope.coreItem(e.sort, e.index, at: i.offset) }
            return exports
        }
    }

    private func componentInstance(_ i: ComponentInstance, _ scope: RuntimeScope) throws(ComponentError) -> ComponentInstanceValue {
        switch i.expression {
        case .instantiate(let componentIndex, let arguments):
            guard let n = Int(exactly: componentIndex), n < scope.components.count else {
                throw ComponentError(.instantiation, "component index \(componentIndex) out of bounds", at: i.offset)
            }
            var given: [String: ComponentItem] = [:]
            for a in arguments { given[a.name] = try scope.item(a.item, at: i.offset) }
            return try instantiate(scope.components[n]) { (imp: ComponentImport, inner: RuntimeScope) throws(ComponentError) -> ComponentItem in
                if let item = given[imp.name.name] { return item }
                if case .type(.equal(let t)) = imp.descriptor { return .type(try inner.type(t, at: imp.offset)) }
                throw ComponentError(.link, "missing instantiation argument `\(imp.name.name)`", at: i.offset)
            }
        case .exports(let items):
            let value = ComponentInstanceValue()
            for e in items { value.add(e.name.name, try scope.item(e.item, at: i.offset)) }
            return value
        }
    }

    private func alias(_ a: Alias, _ scope: RuntimeScope) throws(ComponentError) {
        switch a.target {
        case .export(let instanceIndex, let name):
            guard let n = Int(exactly: instanceIndex), n < scope.instances.count else {
                throw ComponentError(.instantiation, "instance index \(instanceIndex) out of bounds", at: a.offset)
            }
            guard let item = scope.instances[n][name] else {
                throw ComponentError(.link, "instance \(instanceIndex) has no export `\(name)`", at: a.offset)
            }
            scope.add(item)
        case .coreExport(let instanceIndex, let name):
            guard let n = Int(exactly: instanceIndex), n < scope.coreInstances.count else {
                throw ComponentError(.instantiation, "core instance index \(instanceIndex) out of bounds", at: a.offset)
            }
            guard let value = scope.coreInstances[n][name] else {
                throw ComponentError(.link, "core instance \(instanceIndex) has no export `\(name)`", at: a.offset)
            }
            scope.addCore(value)
        case .outer(let count, let index):
            let outer = try scope.outer(count, at: a.offset)
            switch a.sort {
            case .type: scope.types.append(try outer.type(index, at: a.offset))
            case .core(.type): scope.coreTypes += 1
            default: scope.add(try outer.item(SortIndex(sort: a.sort, index: index), at: a.offset))
            }
        }
    }

    private func options(_ o: CanonOptions, _ scope: RuntimeScope, at offset: Int) throws(ComponentError) -> RuntimeCanonOptions {
        var r = RuntimeCanonOptions()
        r.encoding = o.stringEncoding
        if let m = o.memory, case .memory(let a) = try scope.coreItem(.memory, m, at: offset) { r.memory = a }
        if let f = o.realloc, case .function(let a) = try scope.coreItem(.function, f, at: offset) { r.realloc = a }
        if let f = o.postReturn, case .function(let a) = try scope.coreItem(.function, f, at: offset) { r.postReturn = a }
        return r
    }

    private func canon(_ c: Canon, _ scope: RuntimeScope) throws(ComponentError) {
        switch c.kind {
        case .lift(let coreIndex, let o, let typeIndex):
            guard case .function(let core) = try scope.coreItem(.function, coreIndex, at: c.offset) else { return }
            guard case .function(let type) = try scope.type(typeIndex, at: c.offset) else {
                throw ComponentError(.instantiation, "canon lift: type index \(typeIndex) is not a function type", at: c.offset)
            }
            let opts = try options(o, scope, at: c.offset)
            scope.functions.append(ComponentFunction(
                name: "func \(scope.functions.count)", type: type,
                kind: .lifted(LiftedCore(core: core, options: opts, instance: scope.state)), runtime: runtime))
        case .lower(let functionIndex, let o):
            guard case .function(let f) = try scope.item(SortIndex(sort: .function, index: functionIndex), at: c.offset) else { return }
            let opts = try options(o, scope, at: c.offset)
            scope.coreFunctions.append(f.lowered(options: opts, instance: scope.state))
        case .resourceNew(let t):
            scope.coreFunctions.append(runtime.resourceNew(try scope.resource(t, at: c.offset), instance: scope.state))
        case .resourceDrop(let t):
            scope.coreFunctions.append(runtime.resourceDrop(try scope.resource(t, at: c.offset), instance: scope.state))
        case .resourceRep(let t):
            scope.coreFunctions.append(runtime.resourceRep(try scope.resource(t, at: c.offset), instance: scope.state))
        }
    }
}
