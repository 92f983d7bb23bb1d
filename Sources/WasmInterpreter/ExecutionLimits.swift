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
/// traps with `execution interrupted` at its next check (within about a millisecond of guest
/// time), and so does every execution of the store started before ``reset()``.
public final class InterruptHandle: Sendable {
    private let raised = Atomic<Bool>(false)

    /// Creates a handle that is not raised.
    public init() {}

    /// Asks the executions of the stores using this handle to stop.
    public func interrupt() { raised.store(true, ordering: .relaxed) }

    /// Lets executions run again.
    public func reset() { raised.store(false, ordering: .relaxed) }

    /// Whether ``interrupt()`` was called since the last ``reset()``.
    public var isInterrupted: Bool { raised.load(ordering: .relaxed) }

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

/// How the run loop checks its limits without a cost on the hot path.
///
/// The loop already counts fuel at its check points (taken backward branches and calls) with one
/// decrement and compare. The store hands an execution its fuel in *slices* of at most
/// ``maxSlice`` units (fewer when less fuel is left); when a slice is used up the loop
/// leaves its fast path once and ``Execution/sliceEnded()`` checks the interrupt handle and the
/// deadline, reads the clock, and takes the next slice. Slices adapt so that one lasts about
/// ``targetSliceNanoseconds`` of guest time: a slice that took longer shrinks the next in
/// proportion, a quick one doubles it up to ``maxSlice``.
struct FuelSlicing {
    /// Fuel not handed out yet; `Int.max` when unlimited.
    var reserve: Int
    /// Units the next slice holds: small at first (a loop whose iterations are long is checked
    /// soon), doubling while slices are quick.
    var length = FuelSlicing.firstSlice
    /// When the current slice was handed out (monotonic nanoseconds).
    var startedAt: UInt64 = 0

    static let firstSlice = 256
    static let maxSlice = 1 << 13
    static let targetSliceNanoseconds: UInt64 = 1_000_000

    var isUnlimited: Bool { reserve == Int.max }

    /// Takes the next slice (0 when no fuel is left) at `now`.
    mutating func take(now: UInt64) -> Int {
        startedAt = now
        let n = min(length, reserve)
        if !isUnlimited { reserve -= n }
        return n
    }

    /// Gives back what an execution did not use of its slice.
    mutating func giveBack(_ unused: Int) {
        if unused > 0 && !isUnlimited { reserve = reserve > Int.max - unused ? Int.max - 1 : reserve + unused }
    }

    /// Sizes the next slice from how long the last full one took.
    mutating func adapt(now: UInt64) {
        let elapsed = now &- startedAt
        if elapsed > Self.targetSliceNanoseconds {
            let scaled = UInt64(length).multipliedFullWidth(by: Self.targetSliceNanoseconds)
            let (quotient, _) = elapsed.dividingFullWidth((scaled.high, scaled.low))
            length = max(1, Int(truncatingIfNeeded: min(quotient, UInt64(Self.maxSlice))))
        } else if elapsed < Self.targetSliceNanoseconds / 2 {
            length = min(length &* 2, Self.maxSlice)
        }
    }
}

extension Store {
    /// Traps when the store's executions must stop: interrupted, or past the deadline.
    func checkLimits(now: UInt64) throws(TrapCode) {
        if interruptHandle.isInterrupted { throw InterruptHandle.trap }
        if let deadline, now >= deadline.monotonicNanoseconds { throw deadline.trap }
    }
}

extension Execution {
    /// Takes the store's checks and the first slice when the loop starts or resumes.
    func beginSlice() throws(TrapCode) {
        let now = MonotonicClock.nanoseconds()
        try store.checkLimits(now: now)
        let slice = store.slicing.take(now: now)
        guard slice > 0 else { throw outOfFuel() }
        loopState.pointee.fuel = slice
    }

    /// Returns the unused part of the slice to the store (before a host call, which may run
    /// other executions of the store, and when the loop stops). The next check point then
    /// leaves the fast path and checks the limits again.
    func releaseSlice() {
        store.slicing.giveBack(loopState.pointee.fuel)
        loopState.pointee.fuel = 0
    }

    /// Called by the run loop when its fuel went below zero at a check point: the slice is used
    /// up. Checks the limits and takes the next slice, charging the check point that ran out.
    @inline(never)
    func sliceEnded() throws(TrapCode) {
        loopState.pointee.fuel = 0
        let now = MonotonicClock.nanoseconds()
        try store.checkLimits(now: now)
        store.slicing.adapt(now: now)
        let slice = store.slicing.take(now: now)
        guard slice > 0 else { throw outOfFuel() }
        loopState.pointee.fuel = slice &- 1
    }

    /// The trap for an execution that used up its fuel.
    func outOfFuel() -> TrapCode { .interrupted("all fuel consumed") }
}
