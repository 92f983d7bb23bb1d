/// The `pool` field of a function entry (DESIGN.md §5, Wippy's pool types): how many instances
/// of the entry may run calls at once, and what callers do when all are busy.
public struct PoolConfig: Sendable, Hashable {
    /// The pool types.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// One instance; calls are serialized.
        case inline
        /// Instances made on demand up to ``PoolConfig/maxSize``; idle ones are reused; callers
        /// wait in order when all are busy.
        case lazy
        /// ``PoolConfig/workers`` instances and a queue of ``PoolConfig/buffer`` waiting calls;
        /// a call finding the queue full fails.
        case `static`
        /// Grows with load up to ``PoolConfig/maxSize`` and shrinks back to one instance when idle.
        case adaptive
    }

    /// The default `max_size` of `lazy` and `adaptive` pools.
    public static let defaultMaxSize = 16
    /// The default `workers` of a `static` pool.
    public static let defaultWorkers = 8
    /// The largest number of instances a pool may hold.
    public static let largestSize = 4096
    /// The largest queue of a `static` pool.
    public static let largestBuffer = 1 << 20

    /// The type (no `type`: `lazy`).
    public var kind: Kind = .lazy
    /// `max_size` (`lazy`, `adaptive`).
    public var maxSize: Int = PoolConfig.defaultMaxSize
    /// `workers`, or `size` (`static`).
    public var workers: Int = PoolConfig.defaultWorkers
    /// `buffer` (`static`): how many calls may wait; default `workers` × 64.
    public var buffer: Int = PoolConfig.defaultWorkers * 64

    /// A lazy pool of 16.
    public init() {}

    /// A pool of `kind` with the given sizes (nil: the defaults).
    public init(kind: Kind, maxSize: Int? = nil, workers: Int? = nil, buffer: Int? = nil) {
        self.kind = kind
        self.maxSize = maxSize ?? Self.defaultMaxSize
        self.workers = workers ?? Self.defaultWorkers
        self.buffer = buffer ?? self.workers * 64
    }

    /// The most instances the pool holds at once.
    public var capacity: Int {
        switch kind {
        case .inline: return 1
        case .static: return workers
        case .lazy, .adaptive: return maxSize
        }
    }

    /// How many callers may wait for an instance (nil: no limit).
    public var queueLimit: Int? { kind == .static ? buffer : nil }
}

extension FieldReader {
    /// `pool`: type and sizes; an unknown type or key, or a size that is not a positive
    /// integer, is an error naming the field (`myns:f: pool.max_size must be ...`).
    func pool() throws(EntryError) -> PoolConfig {
        guard let node = node["pool"], !node.isNull else { return PoolConfig() }
        guard node.map != nil else { throw error("pool", "field 'pool' must be a mapping") }
        let pool = FieldReader(loader: loader, entryID: entryID, node: node)
        let known = ["type", "size", "workers", "buffer", "max_size"]
        for key in node.map?.keys ?? [] where !known.contains(key) {
            throw pool.error(key, "pool.\(MessageText.short(key)) is not a known field (known: \(known.joined(separator: ", ")))")
        }
        var kind = PoolConfig.Kind.lazy
        if let text = try pool.optionalString("type") {
            guard let parsed = PoolConfig.Kind(rawValue: text.lowercased()) else {
                let names = PoolConfig.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw pool.error("type", "pool.type: unknown pool type '\(MessageText.short(text))' (known: \(names))")
            }
            kind = parsed
        }
        let size = try pool.count("size", minimum: 1, maximum: PoolConfig.largestSize)
        let workers = try pool.count("workers", minimum: 1, maximum: PoolConfig.largestSize)
        let maxSize = try pool.count("max_size", minimum: 1, maximum: PoolConfig.largestSize)
        let buffer = try pool.count("buffer", minimum: 0, maximum: PoolConfig.largestBuffer)
        return PoolConfig(kind: kind, maxSize: maxSize ?? size, workers: workers ?? size, buffer: buffer)
    }

    /// An integer field of `pool` within `minimum...maximum`, nil when absent.
    private func count(_ field: String, minimum: Int, maximum: Int) throws(EntryError) -> Int? {
        guard let text = try optionalString(field) else { return nil }
        guard let value = Int(text), value >= minimum, value <= maximum else {
            let what = minimum == 0 ? "a non-negative integer" : "a positive integer"
            throw error(field, "pool.\(field) must be \(what) up to \(maximum), got '\(MessageText.short(text))'")
        }
        return value
    }
}
