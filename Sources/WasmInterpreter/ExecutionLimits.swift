#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A moment after which a store's executions stop with the trap
/// `execution time limit exceeded (N ms)`.
///
/// Set one on ``Store/deadline`` before a call; it covers everything the store runs until it is
/// cleared, including a suspended execution that is resumed later (a resumed execution past its
/// deadline traps at once).
public struct ExecutionDeadline: Hashable, Sendable {
    /// The monotonic clock's reading (`CLOCK_MONOTONIC`, nanoseconds) at which it passes.
    public let monotonicNanoseconds: UInt64
    /// The limit as given, for the trap's message.
    public let milliseconds: Int

    /// A deadline `milliseconds` from now (negative counts as zero).
    public init(milliseconds: Int) {
        self.milliseconds = milliseconds
        let delta = UInt64(max(milliseconds, 0)).multipliedReportingOverflow(by: 1_000_000)
        let (sum, overflow) = MonotonicClock.nanoseconds().addingReportingOverflow(delta.partialValue)
        monotonicNanoseconds = delta.overflow || overflow ? UInt64.max : sum
    }

    /// The trap an execution ends with once the deadline has passed.
    public var trap: TrapCode { .interrupted("execution time limit exceeded (\(milliseconds) ms)") }
}

/// Stops a store's executions from any thread: after ``interrupt()`` the running execution
/// traps with `execution interrupted` at its next check point, and so does every execution of
/// the store started before ``reset()``.
public final class InterruptHandle: Sendable {
    private let raised = Atomic<Bool>(false)
    /// The stop signals of the stores using this handle.
    private let signals = Mutex<[WeakSignal]>([])

    private struct WeakSignal {
        weak var signal: StopSignal?
    }

    /// Creates a handle that is not raised.
    public init() {}

    /// Asks the executions of the stores using this handle to stop.
    public func interrupt() {
        raised.store(true, ordering: .relaxed)
        signals.withLock { all in for entry in all { entry.signal?.raise(StopSignal.interrupted) } }
    }

    /// Lets executions run again.
    public func reset() {
        raised.store(false, ordering: .relaxed)
        signals.withLock { all in for entry in all { entry.signal?.lower(StopSignal.interrupted) } }
    }

    /// Whether ``interrupt()`` was called since the last ``reset()``.
    public var isInterrupted: Bool { raised.load(ordering: .relaxed) }

    /// A store starts using this handle.
    func attach(_ signal: StopSignal) {
        signals.withLock { all in
            all.removeAll { $0.signal == nil }
            all.append(WeakSignal(signal: signal))
        }
        if isInterrupted { signal.raise(StopSignal.interrupted) }
    }

    /// A store stops using this handle.
    func detach(_ signal: StopSignal) {
        signals.withLock { all in all.removeAll { $0.signal == nil || $0.signal === signal } }
        signal.lower(StopSignal.interrupted)
    }

    /// The trap of an interrupted execution.
    static let trap = TrapCode.interrupted("execution interrupted")
}

/// The monotonic clock, read where the run loop checks its limits.
enum MonotonicClock {
    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(max(now.tv_sec, 0)) &* 1_000_000_000 &+ UInt64(max(now.tv_nsec, 0))
    }
}

/// Fuel not yet handed to a running execution. The run loop checks its limits only at its
/// *check points* (taken backward branches and calls), with one load and branch on the store's
/// ``StopSignal``: zero means nothing to do. When fuel is limited the signal's ``StopSignal/metered``
/// bit is set for good, and every check point takes the slow path, which counts the unit from
/// the execution's slice (``maxSlice`` units at most, taken from here).
struct FuelSlicing {
    /// Fuel not handed out yet; `Int.max` when unlimited.
    var reserve: Int

    static let maxSlice = 1 << 13

    var isUnlimited: Bool { reserve == Int.max }

    /// Takes the next slice (0 when no fuel is left).
    mutating func take() -> Int {
        let n = min(Self.maxSlice, reserve)
        if !isUnlimited { reserve -= n }
        return n
    }

    /// Gives back what an execution did not use of its slice.
    mutating func giveBack(_ unused: Int) {
        if unused > 0 && !isUnlimited { reserve = reserve > Int.max - unused ? Int.max - 1 : reserve + unused }
    }
}

extension Store {
    /// Traps when the store's executions must stop: interrupted, or past the deadline.
    func checkLimits() throws(TrapCode) {
        if interruptHandle.isInterrupted { throw InterruptHandle.trap }
        if let deadline, MonotonicClock.nanoseconds() >= deadline.monotonicNanoseconds { throw deadline.trap }
    }
}

extension UnsafeMutablePointer where Pointee == LoopState {
    /// Whether a check point must leave the fast path: some bit of the store's stop signal is
    /// set (one load and compare).
    @inline(__always)
    var mustCheck: Bool { pointee.stopWord.pointee.load(ordering: .relaxed) != 0 }

    /// The threaded handlers' metered check point: when fuel is limited and nothing else is
    /// raised, spends one unit of the slice and lets the handler go on (true); otherwise (the
    /// slice is used up, a stop is asked) the handler hands the instruction to the switch, whose
    /// `checkPoint()` does the rest.
    @inline(__always)
    func spendFuel() -> Bool {
        guard pointee.stopWord.pointee.load(ordering: .relaxed) == StopSignal.metered, pointee.fuel > 0 else { return false }
        pointee.fuel &-= 1
        return true
    }
}

extension Execution {
    /// Checks the limits when the loop starts or resumes, and takes a slice of fuel when fuel
    /// is limited.
    func beginSlice() throws(TrapCode) {
        try store.checkLimits()
        if store.slicing.isUnlimited {
            store.stopSignal.lower(StopSignal.metered)
            return
        }
        store.stopSignal.raise(StopSignal.metered)
        let slice = store.slicing.take()
        guard slice > 0 else { throw outOfFuel() }
        loopState.pointee.fuel = slice
    }

    /// Returns the unused part of the slice to the store (before a host call, which may run
    /// other executions of the store, and when the loop stops).
    func releaseSlice() {
        store.slicing.giveBack(loopState.pointee.fuel)
        loopState.pointee.fuel = 0
    }

    /// The slow path of a check point (``UnsafeMutablePointer/mustCheck`` was true): traps when
    /// the store was interrupted or its deadline passed, and counts one unit of fuel when fuel is
    /// limited (taking the next slice when this one is used up).
    @inline(never)
    func checkPoint() throws(TrapCode) {
        let signal = store.stopSignal
        let bits = signal.bits
        if bits & StopSignal.interrupted != 0, store.interruptHandle.isInterrupted { throw InterruptHandle.trap }
        if bits & StopSignal.deadlineNear != 0 {
            // Lowered before the clock is read (a timer firing meanwhile raises it again), and
            // raised again while the deadline is near: each check point then reads the clock.
            signal.lower(StopSignal.deadlineNear)
            if let deadline = store.deadline {
                let now = MonotonicClock.nanoseconds()
                if now >= deadline.monotonicNanoseconds { throw deadline.trap }
                if deadline.monotonicNanoseconds &- now <= StopSignal.deadlineMargin { signal.raise(StopSignal.deadlineNear) }
            }
        }
        if bits & StopSignal.metered != 0 {
            let st = loopState
            st.pointee.fuel &-= 1
            if st.pointee.fuel < 0 {
                st.pointee.fuel = 0
                let slice = store.slicing.take()
                guard slice > 0 else { throw outOfFuel() }
                st.pointee.fuel = slice &- 1
            }
        }
    }

    /// The trap for an execution that used up its fuel.
    func outOfFuel() -> TrapCode { .interrupted("all fuel consumed") }
}
