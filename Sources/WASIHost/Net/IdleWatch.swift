#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The idle limit of a connected socket's stream (`limits.socket_timeout_ms`): a guest waiting
/// on the stream fails with `ETIMEDOUT` once it has waited `limit` nanoseconds without the
/// stream making progress.
///
/// A wait starts when the guest finds nothing to do on the stream (a read that gets no bytes, a
/// `check-write` that gets no room, a flush not done yet, a wait on the stream's pollable) and
/// lasts until bytes move (received, or taken by the socket). So a guest busy elsewhere is never
/// timed out, and a peer that sends or reads slowly but steadily is not either.
final class IdleWatch {
    /// The longest wait without progress, in nanoseconds.
    let limit: UInt64
    /// When the current wait began (monotonic nanoseconds); nil when none is under way.
    private var since: UInt64?

    init(limit: UInt64) { self.limit = limit }

    /// Bytes moved: any wait under way ends.
    func progressed() { since = nil }

    /// When the current wait times out, starting it now if none is under way.
    func deadline() -> UInt64 {
        let start = since ?? Dispatcher.now()
        since = start
        let (deadline, overflow) = start.addingReportingOverflow(limit)
        return overflow ? .max : deadline
    }

    /// Whether the guest has waited too long (a wait starts now if none is under way).
    func hasExpired() -> Bool { Dispatcher.now() >= deadline() }

    /// Whether a wait under way has lasted too long (none is started).
    var isExpired: Bool {
        guard let since else { return false }
        let (deadline, overflow) = since.addingReportingOverflow(limit)
        return !overflow && Dispatcher.now() >= deadline
    }

    /// The error a timed-out stream operation reports (`network-error-code`: `timeout`).
    static let timedOut = SystemError.posix(ETIMEDOUT)
}

/// A stream's pollable under an ``IdleWatch``: ready when `source` is, or when the guest's wait
/// times out (the stream's next operation then reports the timeout).
final class IdlePollable: HostPollable {
    let source: HostPollable
    let watch: IdleWatch

    init(_ source: HostPollable, _ watch: IdleWatch) {
        self.source = source
        self.watch = watch
    }

    func isReady() -> Bool { source.isReady() || watch.isExpired }

    func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        EitherPollable(source, DeadlinePollable(deadline: watch.deadline())).whenReady(on: dispatcher, wake)
    }
}
