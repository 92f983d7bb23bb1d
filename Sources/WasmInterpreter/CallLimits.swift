/// What one call may use: wall-clock time, linear memory and fuel. Embedders (the entry layer,
/// the command line) build one from an entry's `limits` and from flags, and apply it to the
/// store the call runs in.
public struct CallLimits: Hashable, Sendable {
    /// Milliseconds the call may take from start to end, suspensions included (nil: no limit).
    public var maxExecutionMilliseconds: Int?
    /// Bytes all linear memories of the store may take together, and also what its GC heap
    /// (structs, arrays, thrown exceptions) may take (nil: the store's defaults).
    public var maxMemoryBytes: Int?
    /// Fuel the call may spend: taken backward branches plus calls (nil: unlimited).
    public var fuel: Int?

    /// Creates limits; nil fields do not limit.
    public init(maxExecutionMilliseconds: Int? = nil, maxMemoryBytes: Int? = nil, fuel: Int? = nil) {
        self.maxExecutionMilliseconds = maxExecutionMilliseconds
        self.maxMemoryBytes = maxMemoryBytes
        self.fuel = fuel
    }

    /// Whether nothing is limited.
    public var isEmpty: Bool { maxExecutionMilliseconds == nil && maxMemoryBytes == nil && fuel == nil }

    /// Each limit the tighter of the two (a limit set on one side only is kept).
    public func tightened(by other: CallLimits) -> CallLimits {
        func tighter(_ a: Int?, _ b: Int?) -> Int? {
            guard let a else { return b }
            guard let b else { return a }
            return min(a, b)
        }
        return CallLimits(
            maxExecutionMilliseconds: tighter(maxExecutionMilliseconds, other.maxExecutionMilliseconds),
            maxMemoryBytes: tighter(maxMemoryBytes, other.maxMemoryBytes),
            fuel: tighter(fuel, other.fuel))
    }

    /// `configuration` with the memory cap (to linear memory and to the GC heap, never looser
    /// than they were) and the fuel applied.
    public func applied(to configuration: StoreConfiguration) -> StoreConfiguration {
        var result = configuration
        if let maxMemoryBytes {
            result.maxMemoryBytes = min(result.maxMemoryBytes, maxMemoryBytes)
            result.maxGCHeapBytes = min(result.maxGCHeapBytes, maxMemoryBytes)
        }
        if let fuel { result.fuel = result.fuel.map { min($0, fuel) } ?? fuel }
        return result
    }

    /// The deadline of a call starting now, if time is limited.
    public func deadlineFromNow() -> ExecutionDeadline? {
        maxExecutionMilliseconds.map { ExecutionDeadline(milliseconds: $0) }
    }
}
