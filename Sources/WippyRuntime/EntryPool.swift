import Synchronization

/// A slot of a pool: one instance of an entry, pinned to one worker. Its ``live`` instance is
/// made on first use and touched only on that worker's thread.
final class PooledInstance: @unchecked Sendable {
    let worker: RegistryWorker
    var live: LiveInstance?
    var lastUsed: UInt64 = 0

    init(worker: RegistryWorker) { self.worker = worker }
}

/// What a pool says to a caller asking for an instance.
enum PoolAnswer {
    /// Use this instance now.
    case granted(PooledInstance)
    /// The caller waits; its grant runs when an instance is free.
    case queued
    /// No instance and no waiting: the message says why.
    case refused(String)
}

/// Numbers about one entry's pool, for tests, monitoring and benchmarks.
public struct PoolStatistics: Sendable, Hashable {
    /// Instances that exist now (busy or idle).
    public var instances: Int
    /// Calls running now.
    public var busy: Int
    /// The most calls that ran at once.
    public var peakBusy: Int
    /// Instances made so far (a discarded one is replaced by a new one).
    public var created: Int
    /// Instances discarded (after a trap, or holding too much memory).
    public var discarded: Int
    /// Callers waiting now.
    public var waiting: Int
}

/// The instances of one entry and the callers waiting for them (DESIGN.md §5): thread-safe;
/// grants run outside the lock, in the order callers asked (FIFO).
final class EntryPool: Sendable {
    typealias Grant = @Sendable (PooledInstance) -> Void

    let config: PoolConfig
    private let workers: [RegistryWorker]
    /// How long an idle instance beyond the first stays in an adaptive pool.
    static let adaptiveIdleNanoseconds: UInt64 = 1_000_000_000

    private struct State: ~Copyable {
        var idle: [PooledInstance] = []
        var waiters: [Grant] = []
        var waitersHead = 0
        var instances = 0
        var busy = 0
        var peakBusy = 0
        var created = 0
        var discarded = 0
        var nextWorker = 0

        var waitingCount: Int { waiters.count - waitersHead }

        mutating func popWaiter() -> Grant? {
            guard waitersHead < waiters.count else { return nil }
            let grant = waiters[waitersHead]
            waitersHead += 1
            if waitersHead > 64, waitersHead * 2 > waiters.count {
                waiters.removeFirst(waitersHead)
                waitersHead = 0
            }
            return grant
        }
    }

    private let state = Mutex(State())

    init(config: PoolConfig, workers: [RegistryWorker]) {
        self.config = config
        self.workers = workers
    }

    /// Asks for an instance. `reentrant`: the caller is inside a call of this same entry (a
    /// `funcs` chain came back to it), so waiting could wait for itself: refused instead.
    /// `near`: the worker the caller runs on (a `funcs` call), whose instances are preferred
    /// and on which a new instance is made, so a chain of calls stays on one thread.
    /// `grant` makes the closure that receives the instance later (only called when the caller
    /// has to wait).
    func acquire(reentrant: Bool, near: RegistryWorker? = nil, _ grant: () -> Grant) -> PoolAnswer {
        state.withLock { s -> PoolAnswer in
            if !s.idle.isEmpty {
                var index = s.idle.count - 1
                if let near, let local = s.idle.lastIndex(where: { $0.worker === near }) { index = local }
                let instance = s.idle.remove(at: index)
                s.busy += 1
                s.peakBusy = max(s.peakBusy, s.busy)
                return .granted(instance)
            }
            if s.instances < config.capacity {
                return .granted(makeInstance(&s, near: near))
            }
            if reentrant {
                return .refused("busy: the call comes back to an entry whose \(config.capacity == 1 ? "only instance is" : "instances are all") in use by the calls that led here (pool \(config.kind.rawValue))")
            }
            if let limit = config.queueLimit, s.waitingCount >= limit {
                return .refused("pool queue is full (\(config.kind.rawValue) pool of \(config.workers) workers, buffer \(limit))")
            }
            s.waiters.append(grant())
            return .queued
        }
    }

    private func makeInstance(_ s: inout State, near: RegistryWorker? = nil) -> PooledInstance {
        let worker: RegistryWorker
        if let near {
            worker = near
        } else {
            worker = workers[s.nextWorker % workers.count]
            s.nextWorker &+= 1
        }
        s.instances += 1
        s.created += 1
        s.busy += 1
        s.peakBusy = max(s.peakBusy, s.busy)
        return PooledInstance(worker: worker)
    }

    /// Gives an instance back after a call; `discard` drops it (it trapped, or keeps too much
    /// memory). The next waiter, if any, gets it (or a new one) at once.
    func release(_ instance: PooledInstance, discard: Bool, now: UInt64) {
        let next: (Grant, PooledInstance)? = state.withLock { s in
            s.busy -= 1
            if discard {
                s.instances -= 1
                s.discarded += 1
            }
            if let grant = s.popWaiter() {
                if !discard {
                    s.busy += 1
                    return (grant, instance)
                }
                return (grant, makeInstance(&s))
            }
            if !discard {
                instance.lastUsed = now
                s.idle.append(instance)
                if config.kind == .adaptive { shrink(&s, now: now) }
            }
            return nil
        }
        if discard { instance.live = nil }
        if let (grant, granted) = next { grant(granted) }
    }

    /// Adaptive pools drop idle instances unused for a while, keeping at least one.
    private func shrink(_ s: inout State, now: UInt64) {
        while s.idle.count > 1, let oldest = s.idle.first, now &- oldest.lastUsed > Self.adaptiveIdleNanoseconds {
            s.idle.removeFirst()
            s.instances -= 1
        }
    }

    var statistics: PoolStatistics {
        state.withLock { s in
            PoolStatistics(instances: s.instances, busy: s.busy, peakBusy: s.peakBusy, created: s.created,
                           discarded: s.discarded, waiting: s.waitingCount)
        }
    }
}
