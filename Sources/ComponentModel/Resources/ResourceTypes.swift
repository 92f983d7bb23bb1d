import ComponentBinary
import WasmInterpreter

/// A resource type at run time: each resource definition gets a new one per component
/// instantiation; each host resource gets one when it is registered.
final class ResourceTypeInfo {
    let id: ResourceID
    let name: String
    /// The component instance that defined it (nil for host resources). Held strongly: the
    /// instance state refers to no resource type, so there is no cycle, and both live as long as
    /// the runtime. (A weak reference would give every instance state a side table, making each
    /// retain and release of it on the call path take the runtime's slow path.)
    var implementation: ComponentInstanceState?
    /// The guest destructor, for a resource defined by a component.
    var destructor: FunctionAddress?
    /// The host's destructor, for a host resource.
    var hostDrop: ((UInt32, ComponentRuntime) throws -> Void)?

    /// Whether the host defined it.
    let definedByHost: Bool

    init(id: ResourceID, name: String, definedByHost: Bool) {
        self.id = id
        self.name = name
        self.definedByHost = definedByHost
    }
}

/// Per-instantiation state of one component instance: its handle table and the flags of the
/// canonical ABI that guard entering and leaving it.
final class ComponentInstanceState {
    /// Read and changed in single statements (`update`'s closures only change the entry they
    /// are given), so accesses cannot overlap: no dynamic exclusivity checks on every handle use.
    @exclusivity(unchecked) var handles = ResourceHandleTable()
    /// False while post-return or realloc run: the instance may not call out.
    var mayLeave = true
    /// False while a call into the instance is in progress (no reentrance).
    var mayEnter = true

    init() {}
}
