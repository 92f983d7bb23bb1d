#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmBinary
import WasmValidation

// Public surface of the store. Bodies are being written; signatures are fixed.

/// Limits of a store's executions.
public struct StoreConfiguration: Sendable {
    /// Maximum value-stack size in 8-byte slots per execution.
    public var maxStackSlots: Int = 1 << 20
    /// Maximum call depth per execution.
    public var maxCallDepth: Int = 20_000
    /// Executions that may run inside each other (a host function calling back into the
    /// store starts one more on the native stack); one more traps with `call stack exhausted`.
    public var maxNestedExecutions: Int = 64
    /// Fuel all executions of the store may spend together before they trap with
    /// `all fuel consumed` (nil: unlimited). One unit is one taken backward branch or one call
    /// (see ``Store/remainingFuel``). Bounds every loop, so hostile guests always end.
    public var fuel: Int?
    /// Bytes all tables of the store may take together (8 per element). Creating a table past
    /// it fails to instantiate; `table.grow` past it returns -1. The default is 512 MiB.
    public var maxTableBytes: Int = 512 << 20
    /// Bytes all linear memories of the store may take together. Creating a memory past it
    /// fails to instantiate; `memory.grow` past it returns -1. The default is 16 GiB (address
    /// space is reserved per memory, but pages are committed only when touched).
    public var maxMemoryBytes: Int = 16 << 30
    /// Bytes the GC heap (structs and arrays: 8 per struct field, an array element's own width,
    /// plus 64 per object; thrown exceptions: 8 per payload slot plus 96) may take. An allocation that would pass it collects first; if what
    /// is still reachable leaves no room, it traps with `out of memory: GC heap limit`. The
    /// default is 1 GiB.
    public var maxGCHeapBytes: Int = 1 << 30
    /// Bytes of host memory the component values lifted in one go may take: the arguments a
    /// component passes to a host function or to another component in one call, or the results
    /// of one call of a component's export (a string or a byte list counts its length, every
    /// other value its in-memory size). Past it the call traps with `lifted value too large`.
    /// Lifting copies what the guest's pointers name, and many pointers may name the same bytes:
    /// without this bound a list of a million references to one megabyte of a guest's memory
    /// would make the host allocate a terabyte. The default is 1 GiB; core modules ignore it.
    public var maxLiftedBytes: Int = 1 << 30
    /// How much the GC heap grows between collections: a collection runs when the heap has
    /// grown by this many bytes, or by as many as survived the last collection if that is more,
    /// since the last one (so collecting costs time in proportion to what is allocated). 0
    /// collects before every allocation, a test of the collector's roots. The default is 8 MiB;
    /// setting `WIPPY_GC_STRESS` in the environment makes it 0, or the number it is when that is
    /// 2 or more (a short interval: allocations between collections then take the threaded
    /// paths that reuse what a collection freed); "" and "0" leave the default.
    public var gcCollectionBytes: Int = Self.stressCollectionBytes() ?? 8 << 20
    /// Whether each function's code, made once per module and linked for each instance, is
    /// checked against a translation made for that instance alone; a difference traps. A
    /// developer check of the translator (it translates every function twice): the test
    /// suites run with it by setting `WIPPY_CHECK_SHARED_CODE=1` in the environment, which the
    /// default configuration reads.
    package var checksSharedCode: Bool = Self.environmentAsks("WIPPY_CHECK_SHARED_CODE")
    /// Creates the default configuration.
    public init() {}

    /// `WIPPY_GC_STRESS`'s collection interval (see `gcCollectionBytes`), or nil when unset.
    static func stressCollectionBytes() -> Int? {
        guard environmentAsks("WIPPY_GC_STRESS"), let value = getenv("WIPPY_GC_STRESS") else { return nil }
        guard let bytes = Int(String(cString: value)), bytes >= 2 else { return 0 }
        return bytes
    }

    /// Whether the environment variable `name` is set to something other than "" or "0".
    static func environmentAsks(_ name: String) -> Bool {
        guard let value = getenv(name) else { return false }
        let text = String(cString: value)
        return !text.isEmpty && text != "0"
    }
}

extension Store {
    /// Instantiates a validated module. `imports` returns the value for each (module, name) import.
    public func instantiate(
        _ module: ValidatedModule,
        imports: (String, String) -> ExternalValue?
    ) throws(InstantiationError) -> Instance {
        try instantiateModule(module, imports: imports)
    }

    /// Calls a function to completion. Throws the trap if it traps; a host function that asks to
    /// suspend during `invoke` traps with "cannot suspend here" (use `start` for suspendable calls).
    public func invoke(_ function: FunctionAddress, _ arguments: [Value]) throws(TrapCode) -> [Value] {
        let execution = try makeExecution(function, arguments)
        switch try execution.run() {
        case .finished(let values):
            execution.recycleBuffers()
            return values
        case .suspended: throw TrapCode.hostTrap("cannot suspend here: host function suspended during invoke")
        }
    }

    /// Starts a call that may suspend at host functions. Resume a suspended one with `Execution.resume`.
    public func start(_ function: FunctionAddress, _ arguments: [Value]) throws(TrapCode) -> ExecutionResult {
        let execution = try makeExecution(function, arguments)
        let result = try execution.run()
        // A call that finished without suspending is not seen again: its stacks serve the next.
        if case .finished = result { execution.recycleBuffers() }
        return result
    }
}

/// How a started or resumed execution stopped.
public enum ExecutionResult {
    /// It returned these values.
    case finished([Value])
    /// A host function asked to suspend; resume it with that function's results.
    case suspended(Execution)
}
