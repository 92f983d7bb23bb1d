@_exported import struct ComponentBinary.ResourceID
import ComponentBinary
import WasmInterpreter

/// One call of a host function: its arguments and the context of the guest that called it.
///
/// Host functions registered with ``ComponentLinker/defineFunction(_:_:)`` receive one. The
/// context (``state``) is the calling instance's own: its resource table and whatever per-instance
/// data the embedder or a host group attached (for WASI, the arguments, environment, mounts and
/// streams), so one linker serves any number of instances.
public struct ComponentHostCall {
    /// The arguments, lifted from the guest.
    public let arguments: [ComponentValue]
    /// The calling instance's host state.
    public let state: ComponentHostState
    /// The function's name as the guest imported it (`iface@version#name`).
    public let name: String

    /// The resource table of the calling instance (same as `state.resources`).
    public var resources: ComponentResourceTable { state.resources }
}

/// A host function: receives the call, answers a result now (``ComponentHostReply/value(_:)``)
/// or later (``ComponentHostReply/pending(_:)``, which suspends the guest). A thrown error traps
/// the calling guest with the error's text.
public typealias ComponentHostFunction = (_ call: ComponentHostCall) throws -> ComponentHostReply

/// A simple host function over component values: receives the arguments, returns the result
/// (nil for a function without one). A thrown error traps the calling guest.
public typealias ComponentSimpleHostFunction = (_ arguments: [ComponentValue]) throws -> ComponentValue?

/// The host's per-instance state: what host functions see of the guest that calls them.
///
/// Each ``ComponentRuntime`` has one (as wasmtime's per-store data): the instances of one
/// runtime share it, so give every guest instance that needs its own WASI context its own
/// runtime. Host groups keep their per-instance data here by type (``subscript(_:)``).
public final class ComponentHostState {
    /// Handles of host resources given to the guest (streams, descriptors, pollables, …).
    public let resources: ComponentResourceTable
    private var values: [ObjectIdentifier: AnyObject] = [:]

    /// Creates an empty state whose resource table holds at most `maxHandles` live handles.
    public init(maxHandles: Int = ComponentResourceTable.defaultLimit) {
        resources = ComponentResourceTable(limit: maxHandles)
    }

    /// Per-instance data of type `T` (at most one object per type), or nil.
    public subscript<T: AnyObject>(_ type: T.Type) -> T? {
        get { values[ObjectIdentifier(type)] as? T }
        set { values[ObjectIdentifier(type)] = newValue }
    }
}
