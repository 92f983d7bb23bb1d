#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmBinary
import WasmInterpreter
import WASIHost

/// A mount directory could not be opened when setting up WASI.
public struct WASIMountError: Error, CustomStringConvertible {
    /// The host directory.
    public var hostPath: String
    /// Why it failed.
    public var error: SystemError

    /// `cannot open directory PATH: REASON`.
    public var description: String { "cannot open directory \(hostPath): \(error)" }
}

/// WASI preview 1 (`wasi_snapshot_preview1`) for core modules: one guest's descriptor table,
/// arguments, environment and standard streams, and the host functions that serve them.
///
/// ```swift
/// let wasi = try WASIPreview1(context: WASIContext(arguments: ["prog"], mounts: [...]))
/// let instance = try store.instantiate(module, imports: wasi.imports(into: store))
/// ```
/// Host functions are added to the store only for the names the module imports. Every guest
/// pointer is bounds-checked (`fault`), paths never leave their mount (`perm`), and
/// `proc_exit(n)` ends the call with `TrapCode.exit(n)`.
public final class WASIPreview1 {
    /// The import module name.
    public static let moduleName = "wasi_snapshot_preview1"

    /// The arguments, environment, mounts and streams the guest sees.
    public let context: WASIContext
    /// The descriptor table: 0–2 standard streams, then the mounts in order, then opened files.
    var descriptors = HandleTable<Descriptor>(firstHandle: 0)
    /// `argv` and `environ` strings with their NUL terminators.
    let argumentBytes: [[UInt8]]
    let environmentBytes: [[UInt8]]
    /// The event loop `poll_oneoff` parks the guest on instead of blocking the thread. Set it
    /// only when the caller drives suspended executions (``runCommand`` does).
    public var dispatcher: Dispatcher?
    /// The `poll_oneoff` the guest is suspended in.
    var pendingWait: PendingWait?
    /// Host functions added so far, by name.
    private var addresses: [String: FunctionAddress] = [:]
    /// The instance that called last, and its memory. Held strongly: nothing the instance
    /// holds refers back to this object, and a weak reference would give every instance a
    /// side table, which sends each retain and release of it (one per host call, in the run
    /// loop) down the runtime's slow path.
    private var cachedInstance: Instance?
    private var cachedMemory: MemoryAddress?

    /// Sets up a guest's WASI state: opens every mount's directory as a preopened descriptor.
    ///
    /// - Throws: `WASIMountError` when a mount directory cannot be opened.
    public init(context: WASIContext) throws(WASIMountError) {
        self.context = context
        argumentBytes = context.arguments.map { Array($0.utf8) + [0] }
        environmentBytes = context.environment.map { Array("\($0.name)=\($0.value)".utf8) + [0] }
        descriptors.put(Descriptor.stream(context.standardInput, writable: false), at: 0)
        descriptors.put(Descriptor.stream(context.standardOutput, writable: true), at: 1)
        descriptors.put(Descriptor.stream(context.standardError, writable: true), at: 2)
        for mount in context.mounts {
            let fd: Int32
            do { fd = try mount.openDirectory() } catch { throw WASIMountError(hostPath: mount.hostPath, error: error) }
            let rights = mount.readOnly ? Self.readOnlyRights(P1.rightsDirectory) : P1.rightsDirectory
            let inheriting = mount.readOnly ? Self.readOnlyRights(P1.rightsAll) : P1.rightsAll
            _ = descriptors.insert(Descriptor(
                backing: .host(fd: fd, owned: true), filetype: P1.filetypeDirectory,
                rightsBase: rights, rightsInheriting: inheriting,
                preopenName: Array(mount.guestPath.utf8), readOnly: mount.readOnly))
        }
    }

    /// Sets up WASI for `context` and returns the import resolver for `store` (see
    /// `imports(into:)`).
    public static func register(into store: Store, context: WASIContext) throws(WASIMountError) -> (String, String) -> ExternalValue? {
        try WASIPreview1(context: context).imports(into: store)
    }

    /// An import resolver: for `("wasi_snapshot_preview1", name)` it adds that host function to
    /// `store` (once) and returns it; nil for anything else, so it composes with other resolvers.
    /// The host functions keep this object alive as long as the store holds them.
    public func imports(into store: Store) -> (String, String) -> ExternalValue? {
        return { [self] module, name in
            guard module == Self.moduleName else { return nil }
            if let address = addresses[name] { return .function(address) }
            guard let definition = Self.definition(name) else { return nil }
            let type = FunctionType(parameters: definition.parameters, results: definition.returnsErrno ? [.i32] : [])
            let body = definition.body
            let returnsErrno = definition.returnsErrno
            let count = definition.parameters.count
            // Every parameter is an i32 or an i64: one slot each, so argument i is slot i.
            let address = store.addHostFunction(type: type, name: "\(Self.moduleName).\(name)") { context, slots throws(TrapCode) in
                try self.call(body, returnsErrno: returnsErrno, parameters: count, context, slots)
            }
            addresses[name] = address
            return .function(address)
        }
    }

    /// Closes every descriptor this guest opened (borrowed standard streams stay open).
    public func closeAll() {
        for handle in descriptors.handles { descriptors.remove(handle)?.close() }
    }

    /// Runs one host function over the caller's slots: finds the caller's memory, runs `body`,
    /// writes its errno into the first slot; true when the call waits (nothing written).
    /// No WASI function calls back into the guest, so the memory cannot move while `body` holds
    /// its view (a function that did would have to look the memory up again after the call).
    private func call(_ body: Body, returnsErrno: Bool, parameters: Int, _ context: HostContext,
                      _ slots: UnsafeMutablePointer<UInt64>) throws(TrapCode) -> Bool {
        let memory = memoryAddress(context)
        let arguments = Arguments(slots: UnsafePointer(slots), count: parameters)
        var wait: PollRequest?
        let code: Errno = try context.store.withUnsafeMemory(memory ?? MemoryAddress(index: -1)) { (raw) throws(TrapCode) -> Errno in
            do throws(CallError) {
                try body(self, arguments, GuestMemory(buffer: raw))
                return .success
            } catch {
                switch error {
                case .errno(let errno): return errno
                case .trap(let trap): throw trap
                case .wait(let request):
                    wait = request
                    return .success
                }
            }
        }
        if let wait {
            pendingWait = PendingWait(request: wait, store: context.store, memory: memory)
            return true
        }
        if returnsErrno { slots[0] = UInt64(UInt32(code.rawValue)) }
        return false
    }

    /// The memory exported as `memory` by the calling instance (else its first memory).
    private func memoryAddress(_ context: HostContext) -> MemoryAddress? {
        guard let instance = context.callerInstance else { return nil }
        if cachedInstance === instance { return cachedMemory }
        let memory = instance.exportedMemory("memory") ?? instance.memory(at: 0)
        cachedInstance = instance
        cachedMemory = memory
        return memory
    }

    /// Rights without anything that writes.
    static func readOnlyRights(_ rights: UInt64) -> UInt64 {
        rights & ~(P1.rightFDWrite | P1.rightFDAllocate | P1.rightFDDatasync | P1.rightFDFilestatSetSize
            | P1.rightFDFilestatSetTimes | P1.rightPathCreateDirectory | P1.rightPathCreateFile
            | P1.rightPathLinkSource | P1.rightPathLinkTarget | P1.rightPathRenameSource
            | P1.rightPathRenameTarget | P1.rightPathFilestatSetSize | P1.rightPathFilestatSetTimes
            | P1.rightPathSymlink | P1.rightPathRemoveDirectory | P1.rightPathUnlinkFile)
    }

    /// The descriptor `fd`, or `badf`.
    func descriptor(_ fd: UInt32) throws(Errno) -> Descriptor {
        guard fd <= UInt32(Int32.max), let entry = descriptors[Int(fd)] else { throw .badf }
        return entry
    }
}

/// How a host function ended short of success.
enum CallError: Error {
    /// Return this errno to the guest.
    case errno(Errno)
    /// End the call with this trap (`proc_exit`).
    case trap(TrapCode)
    /// Suspend the guest until something of the request is ready (`poll_oneoff`).
    case wait(PollRequest)
}

/// The implementation of one WASI function.
typealias Body = (WASIPreview1, Arguments, GuestMemory) throws(CallError) -> Void

/// The raw arguments of a call, read as the ABI's integer types from the caller's slots (valid
/// only during the call). Every parameter of a WASI preview 1 function is an `i32` or an `i64`,
/// one slot each, so argument `index` is slot `index`. An index past the parameters reads 0.
struct Arguments {
    let slots: UnsafePointer<UInt64>
    let count: Int

    @inline(__always)
    func u32(_ index: Int) -> UInt32 { index < count ? UInt32(truncatingIfNeeded: slots[index]) : 0 }

    @inline(__always)
    func u64(_ index: Int) -> UInt64 { index < count ? slots[index] : 0 }
}

/// A function's signature and implementation.
struct Definition {
    let parameters: [ValueType]
    let returnsErrno: Bool
    let body: Body

    /// A function returning an errno; `method` is an unapplied `WASIPreview1` method.
    init(_ parameters: [ValueType], _ method: @escaping (WASIPreview1) -> (Arguments, GuestMemory) throws(Errno) -> Void) {
        self.parameters = parameters
        self.returnsErrno = true
        self.body = { (wasi, arguments, memory) throws(CallError) in
            do throws(Errno) { try method(wasi)(arguments, memory) } catch { throw .errno(error) }
        }
    }

    /// A function returning an errno that may also ask to wait (`poll_oneoff`).
    init(waiting parameters: [ValueType], _ method: @escaping (WASIPreview1) -> (Arguments, GuestMemory) throws(CallError) -> Void) {
        self.parameters = parameters
        self.returnsErrno = true
        self.body = { (wasi, arguments, memory) throws(CallError) in try method(wasi)(arguments, memory) }
    }

    /// A function with no result that may end the call with a trap.
    init(trapping parameters: [ValueType], _ method: @escaping (WASIPreview1) -> (Arguments, GuestMemory) throws(CallError) -> Void) {
        self.parameters = parameters
        self.returnsErrno = false
        self.body = { (wasi, arguments, memory) throws(CallError) in try method(wasi)(arguments, memory) }
    }
}
