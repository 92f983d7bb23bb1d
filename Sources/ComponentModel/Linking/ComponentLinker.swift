import ComponentBinary
import Synchronization
import WasmBinary

/// Run-time resource type ids: unique across the process.
let nextResourceID = Atomic<Int>(1 << 32)

func freshResourceID() -> ResourceID {
    ResourceID(nextResourceID.add(1, ordering: .relaxed).newValue)
}

/// Host functions and resources that components import, registered by name.
///
/// Names are `namespace:package/interface@version#item` for an item of an interface, or a plain
/// name for a function the component imports directly. An import is served by the registered
/// interface of the same name whose version is semver-compatible (a host `0.2.3` serves a guest
/// importing `0.2.0` or `0.2.8`; the highest compatible version wins). Imports nobody provides
/// are linked to stubs that trap with the import's name when called, so components that import
/// more than they use still run.
public final class ComponentLinker: @unchecked Sendable {
    /// Read only once the linker is frozen, so it may cross threads with it.
    final class HostInterface: @unchecked Sendable {
        let name: String
        let version: SemanticVersion?
        var functions: [String: ComponentFunction.Kind] = [:]
        var resources: [String: ResourceTypeInfo] = [:]
        init(name: String, version: SemanticVersion?) {
            self.name = name
            self.version = version
        }
    }

    /// Interfaces by `ns:pkg/iface` (no version), each version registered.
    private var interfaces: [String: [HostInterface]] = [:]
    private var plainFunctions: [String: ComponentFunction.Kind] = [:]
    /// Set by the first instantiation: from then on the linker is read only, so instances on
    /// several threads may share it.
    private let frozen = Atomic<Bool>(false)

    /// An empty linker.
    public init() {}

    /// Registers a simple host function under `iface#name` (for example
    /// `test:minimal/host@0.1.0#add`) or a plain name. Fails for a name already defined, and
    /// once the linker has been used to instantiate.
    public func define(_ name: String, _ body: @escaping ComponentSimpleHostFunction) throws(ComponentError) {
        try add(name, .host({ call in .value(try body(call.arguments)) }, flat: nil))
    }

    /// Registers a host function that receives the calling instance's context and may answer
    /// later: ``ComponentHostReply/pending(_:)`` suspends the guest's call (started with
    /// ``InstantiatedComponent/start(_:_:)``) until the pending result is resolved.
    public func defineFunction(_ name: String, _ body: @escaping ComponentHostFunction) throws(ComponentError) {
        try add(name, .host(body, flat: nil))
    }

    /// Registers a host function with a fast form beside its general one: when a guest imports
    /// it with exactly the core signature `coreType`, `flat` runs first on the guest's core
    /// arguments (``ComponentFlatCall``); when it answers ``ComponentFlatReply/notHandled``, or
    /// for any other import of it, `body` runs as for ``defineFunction(_:_:)``.
    public func defineFunction(
        _ name: String, coreType: FunctionType, flat: @escaping ComponentFlatHostFunction,
        _ body: @escaping ComponentHostFunction
    ) throws(ComponentError) {
        try add(name, .host(body, flat: FlatHostDefinition(coreType: coreType, body: flat)))
    }

    private func checkOpen(_ name: String) throws(ComponentError) {
        if frozen.load(ordering: .acquiring) {
            throw ComponentError(.link, "cannot define `\(name)`: the linker has already been used to instantiate (define everything first)")
        }
    }

    private func add(_ name: String, _ kind: ComponentFunction.Kind) throws(ComponentError) {
        try checkOpen(name)
        if let (iface, item) = Self.split(name) {
            let i = interface(iface)
            guard i.functions[item] == nil else { throw ComponentError(.link, "`\(name)` is already defined") }
            i.functions[item] = kind
        } else {
            guard plainFunctions[name] == nil else { throw ComponentError(.link, "`\(name)` is already defined") }
            plainFunctions[name] = kind
        }
    }

    /// Marks the linker as in use (read only from now on).
    func freeze() { frozen.store(true, ordering: .releasing) }

    /// The resource type `iface#name` (for example `wasi:io/streams@0.2.12#output-stream`),
    /// created on first use. Host groups that hand out the same resource (a stream made by
    /// `wasi:cli` and used by `wasi:io`) all ask for it, so they agree on its identity. Its
    /// handles live in each instance's ``ComponentResourceTable``; a guest's drop removes them
    /// from there.
    public func resourceType(_ name: String) throws(ComponentError) -> ResourceID {
        guard let (iface, item) = Self.split(name) else {
            throw ComponentError(.link, "a resource type is named `interface#name`, not `\(name)`")
        }
        let i = interface(iface)
        if let existing = i.resources[item] { return existing.id }
        try checkOpen(name)
        let info = ResourceTypeInfo(id: freshResourceID(), name: name, definedByHost: true)
        info.hostDrop = { rep, runtime in try runtime.hostState.resources.delete(rep) }
        i.resources[item] = info
        return info.id
    }

    /// Registers a host resource type `iface#name` and returns the table of its objects. Register
    /// its constructor and methods with ``define(_:_:)`` under their WIT names, such as
    /// `iface#[constructor]counter` and `iface#[method]counter.get`. The objects are the
    /// linker's own (shared by every instance); per-instance objects belong in
    /// ``ComponentHostCall/resources`` with a type from ``resourceType(_:)``.
    public func defineResource<Object>(_ name: String, as _: Object.Type = Object.self) throws(ComponentError) -> HostResourceTable<Object> {
        try checkOpen(name)
        guard let (iface, item) = Self.split(name) else {
            throw ComponentError(.link, "a resource type is named `interface#name`, not `\(name)`")
        }
        let i = interface(iface)
        guard i.resources[item] == nil else { throw ComponentError(.link, "`\(name)` is already defined") }
        let info = ResourceTypeInfo(id: freshResourceID(), name: name, definedByHost: true)
        let table = HostResourceTable<Object>(type: info.id)
        info.hostDrop = { rep, _ in table.remove(rep: rep) }
        i.resources[item] = info
        return table
    }

    /// Whether an interface is registered in a version that serves `name`.
    public func provides(interface name: String) -> Bool { lookup(name) != nil }

    private func interface(_ name: String) -> HostInterface {
        let (base, version) = Self.baseAndVersion(name)
        if let existing = interfaces[base]?.first(where: { $0.version == version }) { return existing }
        let created = HostInterface(name: name, version: version)
        interfaces[base, default: []].append(created)
        return created
    }

    /// Lookups made since the linker was frozen, by import name (a frozen linker's answers
    /// never change, and every instantiation asks the same names again). At most
    /// ``maxCachedLookups`` names: a shared linker outlives the components it links, whose
    /// import names are theirs to choose.
    private let lookups = Mutex<[String: HostInterface?]>([:])
    static let maxCachedLookups = 4096
    /// How many lookups are cached (for tests).
    var cachedLookupCount: Int { lookups.withLock { $0.count } }

    /// The registered interface that serves an import of `name`.
    func lookup(_ name: String) -> HostInterface? {
        guard frozen.load(ordering: .acquiring) else { return findInterface(name) }
        if let known = lookups.withLock({ $0[name] }) { return known }
        let found = findInterface(name)
        lookups.withLock { if $0.count < Self.maxCachedLookups { $0[name] = .some(found) } }
        return found
    }

    private func findInterface(_ name: String) -> HostInterface? {
        let (base, version) = Self.baseAndVersion(name)
        guard let candidates = interfaces[base] else { return nil }
        guard let version else { return candidates.first { $0.version == nil } }
        if let exact = candidates.first(where: { $0.version == version }) { return exact }
        var best: HostInterface?
        for c in candidates {
            guard let v = c.version, v.isCompatible(with: version) else { continue }
            if let b = best?.version, b >= v { continue }
            best = c
        }
        return best
    }

    static func split(_ name: String) -> (String, String)? {
        guard let hash = name.lastIndex(of: "#") else { return nil }
        return (String(name[..<hash]), String(name[name.index(after: hash)...]))
    }

    static func baseAndVersion(_ name: String) -> (String, SemanticVersion?) {
        guard let at = name.lastIndex(of: "@") else { return (name, nil) }
        return (String(name[..<at]), SemanticVersion(String(name[name.index(after: at)...])))
    }

    /// The item that satisfies a root component's import.
    func resolve(_ i: ComponentImport, in scope: RuntimeScope, runtime: ComponentRuntime) throws(ComponentError) -> ComponentItem {
        let name = i.name.name
        let at = " (import `\(name)` at byte offset 0x\(String(i.offset, radix: 16)))"
        switch i.descriptor {
        case .instance(let ti):
            guard case .instance(let decls, let defined) = try scope.type(ti, at: i.offset) else {
                throw ComponentError(.link, "import type is not an instance type" + at)
            }
            return .instance(try hostInstance(name, decls, parent: defined, runtime: runtime))
        case .function(let ti):
            guard case .function(let type) = try scope.type(ti, at: i.offset) else {
                throw ComponentError(.link, "import type is not a function type" + at)
            }
            return .function(ComponentFunction(name: name, type: type, kind: plainFunctions[name] ?? .stub, runtime: runtime))
        case .type(.subResource):
            return .type(.resource(runtime.newResourceType(name: name, definedByHost: true).id))
        case .type(.equal(let t)):
            return .type(try scope.type(t, at: i.offset))
        case .coreModule, .component, .value:
            throw ComponentError(.link, "the host cannot supply a \(i.descriptor.sort.name)" + at)
        }
    }

    /// A host instance for an interface import, built from the import's instance type.
    func hostInstance(_ name: String, _ decls: [TypeDeclaration], parent: RuntimeScope, runtime: ComponentRuntime) throws(ComponentError) -> ComponentInstanceValue {
        let host = lookup(name)
        let local = RuntimeScope(parent: parent, state: parent.state)
        let value = ComponentInstanceValue()
        for d in decls {
            switch d.kind {
            case .coreType: local.coreTypes += 1
            case .type(let t): local.types.append(try local.resolveTypeDefinition(t, runtime: runtime))
            case .alias(let a): try local.addDeclarationAlias(a)
            case .import: break
            case .export(let item, let desc):
                switch desc {
                case .type(.subResource):
                    let info: ResourceTypeInfo
                    if let registered = host?.resources[item.name] {
                        info = registered
                        runtime.register(info)
                    } else {
                        info = runtime.newResourceType(name: "\(name)#\(item.name)", definedByHost: true)
                    }
                    local.types.append(.resource(info.id))
                    value.add(item.name, .type(.resource(info.id)))
                case .type(.equal(let t)):
                    let type = try local.type(t, at: d.offset)
                    local.types.append(type)
                    value.add(item.name, .type(type))
                case .function(let ti):
                    guard case .function(let type) = try local.type(ti, at: d.offset) else { continue }
                    let f = ComponentFunction(name: "\(name)#\(item.name)", type: type, kind: host?.functions[item.name] ?? .stub, runtime: runtime)
                    value.add(item.name, .function(f))
                case .instance(let ti):
                    guard case .instance(let inner, let defined) = try local.type(ti, at: d.offset) else { continue }
                    value.add(item.name, .instance(try hostInstance("\(name)/\(item.name)", inner, parent: defined, runtime: runtime)))
                case .coreModule, .component, .value:
                    continue
                }
            }
        }
        return value
    }
}
