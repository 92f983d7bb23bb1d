import ComponentBinary
import WasmInterpreter

/// Runs components: owns the core store their modules live in and the resource types of their
/// instances. Not thread-safe: use one runtime from one thread at a time.
public final class ComponentRuntime {
    /// The store of the components' core instances.
    public let store: Store
    private var resourceTypes: [ResourceID: ResourceTypeInfo] = [:]
    /// The lowered host call that has just suspended, until the call that started it takes it.
    private var suspension: SuspendedHostCall?

    /// What host functions see of the instances of this runtime: their resource table and
    /// per-instance data (see ``ComponentHostState``).
    public let hostState: ComponentHostState

    /// What one lift may take (``StoreConfiguration/maxLiftedBytes``).
    let maxLiftedBytes: Int

    /// Creates a runtime with a new store and host state.
    public init(configuration: StoreConfiguration = StoreConfiguration(), hostState: ComponentHostState = ComponentHostState()) {
        store = Store(configuration: configuration)
        maxLiftedBytes = max(configuration.maxLiftedBytes, 0)
        self.hostState = hostState
        link.attach(self)
    }

    deinit { link.detach() }

    /// How the host functions this runtime's store holds reach the runtime without keeping it
    /// alive (see ``RuntimeLink``).
    let link = RuntimeLink()

    /// Instantiates a component, taking its imports from `linker`; imports the linker lacks
    /// become stubs that trap when called.
    public func instantiate(_ component: LoadedComponent, linker: ComponentLinker = ComponentLinker()) throws(ComponentError) -> InstantiatedComponent {
        linker.freeze()
        let instantiator = Instantiator(runtime: self, definition: component, linker: linker)
        let (root, state) = try instantiator.instantiateRoot()
        return InstantiatedComponent(runtime: self, root: root, state: state, summary: component.summary)
    }

    func suspend(_ call: SuspendedHostCall) { suspension = call }

    func takeSuspension() -> SuspendedHostCall? {
        defer { suspension = nil }
        return suspension
    }

    func resourceType(_ id: ResourceID) -> ResourceTypeInfo? { resourceTypes[id] }

    func register(_ info: ResourceTypeInfo) { resourceTypes[info.id] = info }

    func newResourceType(name: String, definedByHost: Bool) -> ResourceTypeInfo {
        let info = ResourceTypeInfo(id: freshResourceID(), name: name, definedByHost: definedByHost)
        register(info)
        return info
    }
}
