import WasmInterpreter
import WippyYAML

/// The `limits` field of a function entry: what one call of the entry may use.
///
/// Every value is a positive integer. `max_execution_ms` and `memory_bytes` are applied by
/// the runtime to each call (a call past its time ends with the trap
/// `execution time limit exceeded (N ms)`; `memory.grow` past the memory cap returns -1, and a
/// GC allocation or `throw` past it traps with `out of memory: GC heap limit`);
/// the socket and retained-memory limits are read and checked here for the layers that use them.
public struct EntryLimits: Hashable, Sendable {
    /// `max_execution_ms`: wall-clock time one call may take, in milliseconds (nil: no limit).
    public var maxExecutionMilliseconds: Int?
    /// `memory_bytes`: bytes all linear memories of one instance may take together, and also
    /// what its GC heap may take (nil: the store's defaults).
    public var memoryBytes: Int?
    /// `max_open_sockets`: sockets one instance may hold open at once.
    public var maxOpenSockets: Int = 16
    /// `socket_timeout_ms`: how long one socket operation may wait, in milliseconds.
    public var socketTimeoutMilliseconds: Int = 30_000
    /// `max_retained_memory_bytes`: a warm instance whose memory grew past this is not reused.
    public var maxRetainedMemoryBytes: Int = 64 << 20

    /// The keys `limits` accepts, in the order errors list them.
    public static let keys = [
        "max_execution_ms", "memory_bytes", "max_open_sockets", "socket_timeout_ms", "max_retained_memory_bytes",
    ]

    /// The defaults: no time or memory limit of its own, 16 sockets, 30 s socket timeout,
    /// 64 MiB retained memory.
    public init() {}

    /// The limits the runtime applies to each call of the entry.
    public var callLimits: CallLimits {
        CallLimits(maxExecutionMilliseconds: maxExecutionMilliseconds, maxMemoryBytes: memoryBytes)
    }
}

extension FieldReader {
    /// `limits`: a mapping of positive integers; unknown keys are refused, naming them.
    func limits() throws(EntryError) -> EntryLimits {
        var result = EntryLimits()
        guard let limits = try submapping("limits", known: EntryLimits.keys) else { return result }
        result.maxExecutionMilliseconds = try limits.positiveInteger("max_execution_ms")
        result.memoryBytes = try limits.positiveInteger("memory_bytes")
        if let sockets = try limits.positiveInteger("max_open_sockets") { result.maxOpenSockets = sockets }
        if let timeout = try limits.positiveInteger("socket_timeout_ms") { result.socketTimeoutMilliseconds = timeout }
        if let retained = try limits.positiveInteger("max_retained_memory_bytes") { result.maxRetainedMemoryBytes = retained }
        return result
    }

    /// A field of `limits` holding a positive decimal integer that fits in `Int`; nil when absent.
    private func positiveInteger(_ field: String) throws(EntryError) -> Int? {
        guard let value = node[field], !value.isNull else { return nil }
        let failure = error(field, "limits.\(field) must be a positive integer")
        guard value.isScalar, let text = value.string, !text.isEmpty,
              text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = Int(text), number > 0
        else { throw failure }
        return number
    }
}
