import ComponentBinary
import WasmBinary
import WasmInterpreter

/// One call of a host function's fast form: the guest's core arguments as it passed them, with
/// access to the handles it names and to its memory, before anything is lifted.
///
/// Registered with ``ComponentLinker/defineFunction(_:coreType:flat:_:)`` beside the general
/// form. The fast form suits the hottest calls (stream writes): it reads a guest buffer in
/// place instead of copying it into a ``ComponentValue``, and writes a simple result straight
/// into the guest's return area. Pointers it gets are valid only during the call.
public struct ComponentFlatCall {
    /// The core arguments, as the guest passed them (the return-area pointer last, when the
    /// result does not fit in one core value). Made on each read; ``i32(_:)`` reads one
    /// argument without making the array.
    public var arguments: [Value] { types.indices.map { Value(flatBits: bits($0), type: types[$0]) } }
    /// The calling instance's host state.
    public let state: ComponentHostState
    /// The function's name as the guest imported it.
    public let name: String
    let instance: ComponentInstanceState
    unowned let runtime: ComponentRuntime
    let memory: MemoryAddress?
    /// The core arguments' types, and their bits: the first eight here (fast forms take four at
    /// most: no allocation), any others in `more`. Copied from the guest's frame when the call
    /// is made, so the call stays valid as a value.
    private let types: [ValueType]
    private let first: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private let more: [UInt64]

    /// A call with the core arguments of `types` in the slots at `slots` (one slot each).
    init(slots: UnsafePointer<UInt64>, types: [ValueType], state: ComponentHostState, name: String,
         instance: ComponentInstanceState, runtime: ComponentRuntime, memory: MemoryAddress?) {
        let n = types.count
        func slot(_ i: Int) -> UInt64 { i < n ? slots[i] : 0 }
        first = (slot(0), slot(1), slot(2), slot(3), slot(4), slot(5), slot(6), slot(7))
        more = n > 8 ? Array(UnsafeBufferPointer(start: slots + 8, count: n - 8)) : []
        self.types = types
        self.state = state
        self.name = name
        self.instance = instance
        self.runtime = runtime
        self.memory = memory
    }

    /// The raw bits of core argument `index` (in range).
    private func bits(_ index: Int) -> UInt64 {
        switch index {
        case 0: return first.0
        case 1: return first.1
        case 2: return first.2
        case 3: return first.3
        case 4: return first.4
        case 5: return first.5
        case 6: return first.6
        case 7: return first.7
        default: return more[index - 8]
        }
    }

    /// The resource table of the calling instance.
    public var resources: ComponentResourceTable { state.resources }

    /// A general call with no arguments, for helpers written against ``ComponentHostCall``
    /// (building error resources, waiting on a pollable).
    public var general: ComponentHostCall { ComponentHostCall(arguments: [], state: state, name: name) }

    /// The `i32` core argument at `index` (0 when it is not an `i32`; the core type was checked
    /// when the import was lowered).
    public func i32(_ index: Int) -> UInt32 {
        guard index >= 0, index < types.count, types[index] == .i32 else { return 0 }
        return UInt32(truncatingIfNeeded: bits(index))
    }

    /// The host object of a `borrow<T>` argument: the guest's handle at core argument `index`,
    /// checked to be of resource type `type`, looked up in the resource table.
    public func borrowed<T>(_ index: Int, _ type: ResourceID, as _: T.Type = T.self) throws -> T {
        let handle = i32(index)
        let entry = try instance.handles.get(handle)
        try runtime.checkHandleType(entry, type, handle)
        return try resources.get(ResourceHandle(type: entry.type, rep: entry.rep), type, as: T.self)
    }

    /// Runs `body` over `count` bytes of guest memory at `offset`, in place; traps when the range
    /// is outside the memory or the import has no memory option.
    public func withGuestBytes<R>(at offset: UInt32, count: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let p = try guest().check(Int(offset), Int(count))
        return try body(UnsafeRawBufferPointer(start: p, count: Int(count)))
    }

    /// Stores a result into the guest's return area at `offset` (+ `field`), little-endian,
    /// checking bounds and that `offset` is aligned to `alignment`.
    public func storeResult(_ value: UInt64, bytes: Int, at offset: UInt32, field: Int = 0, alignment: Int) throws(TrapCode) {
        guard alignment > 0, Int(offset) % alignment == 0 else { throw CanonTrap.unaligned }
        let m = try guest()
        switch bytes {
        case 1: try m.setU8(Int(offset) + field, UInt8(truncatingIfNeeded: value))
        case 4: try m.setU32(Int(offset) + field, UInt32(truncatingIfNeeded: value))
        default: try m.setU64(Int(offset) + field, value)
        }
    }

    private func guest() throws(TrapCode) -> GuestMemory {
        guard let memory else { throw CanonTrap.trap("\(name): the import has no memory option") }
        return GuestMemory(store: runtime.store, address: memory)
    }
}

/// What a host function's fast form answers.
public enum ComponentFlatReply {
    /// Done: the core results (the return area, if any, already written).
    case core([Value])
    /// Done or waiting, with a component-level result lowered the general way.
    case general(ComponentHostReply)
    /// Not handled here, nothing done: the general form runs.
    case notHandled
}

/// The fast form of a host function (see ``ComponentFlatCall``). A thrown error traps the guest.
public typealias ComponentFlatHostFunction = (_ call: ComponentFlatCall) throws -> ComponentFlatReply

/// A fast form and the core signature it was written for: it is used only for imports lowered
/// to exactly that signature; others get the general form.
struct FlatHostDefinition {
    let coreType: FunctionType
    let body: ComponentFlatHostFunction
}
