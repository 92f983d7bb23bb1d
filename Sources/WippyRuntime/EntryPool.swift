import Synchronization
import WASIHost

/// A slot of a pool: one instance of an entry, pinned to one worker. Its ``live`` instance is
/// made on first use and touched only on that worker's thread.
final class PooledInstance: @unchecked Sendable {
    let worker: RegistryWorker
    var live: LiveInstance?
    var lastUsed: UInt64 = 0
    /// The chain of calls using the instance now (guarded by the pool's lock; nil when idle or
    /// used by a call that cannot make `funcs` calls).
    var holder: CallChain?

    init(worker: RegistryWorker) { self.worker = worker }
}

/// What a pool says to a caller asking for an instance.
enum PoolAnswer {
    /// Use this instance now.
    case granted(PooledInstance)
    /// The caller waits; its grant runs when an instance is free.
    case queued
    /// No instance now, and the caller asked not to be queued.
    case full
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

    private struct Waiter {
        let grant: Grant
        let chain: CallChain?
    }

    private struct State: ~Copyable {
        var idle: [PooledInstance] = []
        var waiters: [Waiter] = []
        /// The chains using instances now, once per instance (see ``WaitCheck``).
        var holders: [CallChain] = []
        var waitersHead = 0
        var instances = 0
        var busy = 0
        var peakBusy = 0
        var created = 0
        var discarded = 0
        var nextWorker = 0

        var waitingCount: Int { waiters.count - waitersHead }

        mutating func popWaiter() -> Waiter? {
            guard waitersHead < waiters.count else { return nil }
            let waiter = waiters[waitersHead]
            waitersHead += 1
            if waitersHead > 64, waitersHead * 2 > waiters.count {
                waiters.removeFirst(waitersHead)
                waitersHead = 0
            }
            return waiter
        }

        /// Gives `instance` to `chain` (nil: a call that makes no `funcs` calls).
        mutating func hold(_ instance: PooledInstance, by chain: CallChain?) {
            instance.holder = chain
            if let chain { holders.append(chain) }
        }

        mutating func unhold(_ instance: PooledInstance) {
            guard let chain = instance.holder else { return }
            instance.holder = nil
            if let index = holders.lastIndex(where: { $0 === chain }) { holders.remove(at: index) }
        }
    }

    private let state = Mutex(State())

    init(config: PoolConfig, workers: [RegistryWorker]) {
        self.config = config
        self.workers = workers
    }

    /// Asks for an instance for `chain` (the calls it serves; nil for a call that makes no
    /// `funcs` calls). `mayQueue`: when none is free, the caller waits in the queue (a `funcs`
    /// call holding instances asks ``WaitCheck`` first, which queues it only when that cannot
    /// deadlock); otherwise the answer is ``PoolAnswer/full``.
    /// `near`: the worker the caller runs on (a `funcs` call), whose instances are preferred
    /// and on which a new instance is made, so a chain of calls stays on one thread.
    /// `grant` makes the closure that receives the instance later (only called when the caller
    /// has to wait).
    func acquire(chain: CallChain?, mayQueue: Bool, near: RegistryWorker? = nil, _ grant: () -> Grant) -> PoolAnswer {
        state.withLock { s -> PoolAnswer in
            if !s.idle.isEmpty {
                var index = s.idle.count - 1
                if let near, let local = s.idle.lastIndex(where: { $0.worker === near }) { index = local }
                let instance = s.idle.remove(at: index)
                s.busy += 1
                s.peakBusy = max(s.peakBusy, s.busy)
                s.hold(instance, by: chain)
                return .granted(instance)
            }
            if s.instances < config.capacity {
                let instance = makeInstance(&s, near: near)
                s.hold(instance, by: chain)
                return .granted(instance)
            }
            guard mayQueue else { return .full }
            if let limit = config.queueLimit, s.waitingCount >= limit {
                return .refused("pool queue is full (\(config.kind.rawValue) pool of \(config.workers) workers, buffer \(limit))")
            }
            s.waiters.append(Waiter(grant: grant(), chain: chain))
            chain?.waitingFor.withLock { $0 = self }
            return .queued
        }
    }

    /// The chains using this pool's instances now (for ``WaitCheck``).
    var holders: [CallChain] { state.withLock { $0.holders } }

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
    func release(_ instance: PooledInstance, discard: Bool) {
        // Only adaptive pools look at when an instance was last used (a clock read otherwise saved).
        let now = config.kind == .adaptive ? Dispatcher.now() : 0
        let next: (Grant, PooledInstance)? = state.withLock { s in
            s.busy -= 1
            s.unhold(instance)
            if discard {
                s.instances -= 1
                s.discarded += 1
            }
            if let waiter = s.popWaiter() {
                waiter.chain?.waitingFor.withLock { $0 = nil }
                let granted = discard ? makeInstance(&s) : instance
                if !discard { s.busy += 1 }
                s.hold(granted, by: waiter.chain)
                return (waiter.grant, granted)
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
