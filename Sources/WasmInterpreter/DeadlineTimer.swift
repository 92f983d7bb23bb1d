#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import WippyThreads

/// The word a store's executions check at each check point (a taken backward branch, a call):
/// zero lets them run on; any bit set sends the run loop to ``Execution/checkPoint()``. Bits
/// are set by other threads (``DeadlineTimer``, ``InterruptHandle``) and by the store's own
/// thread (``metered``), always with atomic read-modify-writes.
final class StopSignal: @unchecked Sendable {
    /// The store's ``InterruptHandle`` was raised.
    static let interrupted = 1
    /// The store's deadline is less than ``deadlineMargin`` away (or has passed): each check
    /// point reads the clock, so the stop does not wait for the timer thread to get a processor
    /// at the deadline itself.
    static let deadlineNear = 2
    /// The store's fuel is limited: every check point counts one unit on the slow path.
    static let metered = 4

    /// How long before its deadline an execution starts reading the clock at its check points.
    static let deadlineMargin: UInt64 = 5_000_000

    /// The word itself (manually allocated, so the run loop reaches it through a plain pointer).
    let word: UnsafeMutablePointer<Atomic<Int>>
    /// The deadline the timer should fire at (monotonic nanoseconds), nil when none; and the
    /// time of this signal's live entry in the timer's queue. Both guarded by the timer's lock.
    var armedAt: UInt64?
    var queuedAt: UInt64?

    init() {
        word = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: 1)
        word.initialize(to: Atomic(0))
    }

    deinit {
        word.deinitialize(count: 1)
        word.deallocate()
    }

    func raise(_ bits: Int) { _ = word.pointee.bitwiseOr(bits, ordering: .relaxed) }
    func lower(_ bits: Int) { _ = word.pointee.bitwiseAnd(~bits, ordering: .relaxed) }
    var bits: Int { word.pointee.load(ordering: .relaxed) }
}

/// One thread for the whole process that raises ``StopSignal/deadlineNear`` on a store's
/// signal shortly before the store's deadline, so that a running execution stops at its first
/// check point past it however long its loop iterations are (instead of reading the clock every
/// so many check points). It sleeps until the earliest armed deadline; re-arming a store to a
/// later deadline (the next call of a warm instance) costs a lock and no wake-up.
final class DeadlineTimer: @unchecked Sendable {
    static let shared = DeadlineTimer()

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    /// A binary min-heap of (time, signal); an entry is live while its time is its signal's
    /// `queuedAt` (earlier re-arming leaves the old entry behind, skipped when it comes up).
    private var queue: [(at: UInt64, signal: StopSignal)] = []
    private var started = false
    /// When the thread wakes up next on its own (`UInt64.max`: only when signalled).
    private var sleepingUntil = UInt64.max

    private init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    /// Makes `signal` fire at `deadline` (monotonic nanoseconds), or never (nil), replacing
    /// what it was armed with.
    func arm(_ signal: StopSignal, at deadline: UInt64?) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        signal.armedAt = deadline
        guard let deadline else { return }
        if let queued = signal.queuedAt, queued <= deadline { return }
        signal.queuedAt = deadline
        push(deadline, signal)
        if !started {
            started = (try? NativeThread.detach { self.loop() }) != nil
            // Without a thread (it could not be created) the run loop never sees the deadline
            // bit; executions still check the deadline when they start or resume.
        }
        if deadline < sleepingUntil { pthread_cond_signal(condition) }
    }

    private func loop() {
        pthread_mutex_lock(mutex)
        while true {
            let now = MonotonicClock.nanoseconds()
            while let top = queue.first, top.at <= now {
                popTop()
                let signal = top.signal
                guard signal.queuedAt == top.at else { continue }
                signal.queuedAt = nil
                guard let armed = signal.armedAt else { continue }
                if armed <= now {
                    signal.armedAt = nil
                    signal.raise(StopSignal.deadlineNear)
                } else {
                    signal.queuedAt = armed
                    push(armed, signal)
                }
            }
            sleepingUntil = queue.first?.at ?? UInt64.max
            if sleepingUntil == UInt64.max {
                pthread_cond_wait(condition, mutex)
            } else {
                var until = timespec()
                until.tv_sec = Int(sleepingUntil / 1_000_000_000)
                until.tv_nsec = Int(sleepingUntil % 1_000_000_000)
                pthread_cond_timedwait(condition, mutex, &until)
            }
        }
    }

    private func push(_ at: UInt64, _ signal: StopSignal) {
        queue.append((at, signal))
        var child = queue.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard queue[child].at < queue[parent].at else { break }
            queue.swapAt(child, parent)
            child = parent
        }
    }

    private func popTop() {
        let last = queue.count - 1
        queue.swapAt(0, last)
        queue.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < queue.count, queue[left].at < queue[smallest].at { smallest = left }
            if right < queue.count, queue[right].at < queue[smallest].at { smallest = right }
            guard smallest != parent else { return }
            queue.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
