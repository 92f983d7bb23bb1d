import Synchronization
import WippyFuncs

/// One top-level call of an entry and the `funcs` calls it led to. Such a chain runs one call
/// at a time (a caller is suspended while its callee runs), holds the pool instances of the
/// calls in progress, and waits for at most one pool. Pools record which chains hold their
/// instances; the chain records the pool it waits for (``waitingFor``), so ``WaitCheck`` can
/// follow who waits for whom.
final class CallChain: FuncsCallChain {
    /// The pool whose queue this chain is in (set under that pool's lock when queued, cleared
    /// under it when granted).
    let waitingFor = Mutex<EntryPool?>(nil)
}

/// Refuses a `funcs` call's wait for a pool instance when the wait would close a cycle: the
/// chains holding the pool's instances wait, directly or through other chains, for an
/// instance the calling chain holds. Every wait of a chain that holds instances passes this
/// check under one lock, so the graph of waits never gets a cycle and the calls never deadlock
/// (inline pools, and full lazy or static pools alike); independent callers still wait in
/// turn.
///
/// The check is conservative for pools of several instances: it refuses when *any* holder is
/// in the cycle, even if another holder would have let the wait end. It only runs when the
/// pool is full and the caller already holds an instance, so ordinary waits never take its lock.
final class WaitCheck: Sendable {
    private let lock = Mutex<Void>(())

    /// Asks `pool` for an instance for `chain` (which holds instances of its earlier calls),
    /// waiting in the pool's queue only when that cannot deadlock.
    func acquire(_ pool: EntryPool, chain: CallChain, near: RegistryWorker?, _ grant: () -> EntryPool.Grant) -> PoolAnswer {
        lock.withLock { _ -> PoolAnswer in
            if let cycle = cycle(chain, waitingFor: pool) {
                // The check itself waits for nothing: one more try, but no queue.
                let answer = pool.acquire(chain: chain, mayQueue: false, near: near, grant)
                if case .full = answer { return .refused(cycle) }
                return answer
            }
            return pool.acquire(chain: chain, mayQueue: true, near: near, grant)
        }
    }

    /// Why `chain` waiting for `pool` would deadlock, or nil when it would not: a search from
    /// the holders of `pool` through the pools they wait for, and their holders, for `chain`.
    private func cycle(_ chain: CallChain, waitingFor pool: EntryPool) -> String? {
        var seen = [ObjectIdentifier(pool)]
        var pending = [pool]
        while let next = pending.popLast() {
            for holder in next.holders {
                if holder === chain {
                    if next === pool {
                        return "busy: the call comes back to an entry whose \(pool.config.capacity == 1 ? "only instance is" : "instances are all") in use by the calls that led here (pool \(pool.config.kind.rawValue))"
                    }
                    return "busy: waiting for an instance would deadlock: the calls holding \(pool.config.capacity == 1 ? "its instance" : "its instances") wait, directly or through other calls, for an instance this call holds (pool \(pool.config.kind.rawValue))"
                }
                guard let further = holder.waitingFor.withLock({ $0 }) else { continue }
                let id = ObjectIdentifier(further)
                if !seen.contains(id) {
                    seen.append(id)
                    pending.append(further)
                }
            }
        }
        return nil
    }
}
