#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Something a guest can wait for (`wasi:io/poll.pollable`): a deadline, a readable or
/// writable descriptor, a stream with room or data.
public protocol HostPollable: AnyObject {
    /// Whether it is ready now. Never blocks.
    func isReady() -> Bool
    /// Calls `wake` on the dispatcher's thread once it is ready (in the next turn when it already
    /// is); the token cancels that.
    func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken
}

/// A pollable that is always ready (files, closed streams, zero-length sleeps).
public final class ReadyPollable: HostPollable {
    /// Creates one.
    public init() {}
    public func isReady() -> Bool { true }
    public func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        dispatcher.addTimer(deadline: 0, wake)
    }
}

/// Ready once the monotonic clock reaches a deadline (`subscribe-duration`, `subscribe-instant`).
public final class DeadlinePollable: HostPollable {
    /// The deadline on the monotonic clock, in nanoseconds.
    public let deadline: UInt64

    /// Creates one for `deadline` (monotonic nanoseconds).
    public init(deadline: UInt64) { self.deadline = deadline }

    public func isReady() -> Bool { Dispatcher.now() >= deadline }

    public func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        dispatcher.addTimer(deadline: deadline, wake)
    }
}

/// Ready when a host descriptor is readable or writable (or has an error or hang-up).
public final class DescriptorPollable: HostPollable {
    let fd: Int32
    let forWriting: Bool

    /// Creates one for `fd`.
    public init(fd: Int32, forWriting: Bool) {
        self.fd = fd
        self.forWriting = forWriting
    }

    public func isReady() -> Bool {
        var p = pollfd(fd: fd, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0)
        let n = poll(&p, 1, 0)
        return n != 0
    }

    public func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        dispatcher.watch(fd, write: forWriting, wake)
    }
}

/// Ready when a condition holds; the condition is re-checked whenever `source` is ready. For
/// streams whose own buffer decides readiness (an output stream with bytes still to drain).
public final class ConditionPollable: HostPollable {
    let condition: () -> Bool
    let source: HostPollable

    /// Creates one: ready when `condition()` is true, re-checked when `source` is ready.
    public init(source: HostPollable, _ condition: @escaping () -> Bool) {
        self.source = source
        self.condition = condition
    }

    public func isReady() -> Bool { condition() }

    public func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        if condition() { return dispatcher.addTimer(deadline: 0, wake) }
        return source.whenReady(on: dispatcher, wake)
    }
}

/// Ready when either of two pollables is (a socket or a deadline, say); wakes once.
public final class EitherPollable: HostPollable {
    let first: HostPollable
    let second: HostPollable

    /// Creates one.
    public init(_ first: HostPollable, _ second: HostPollable) {
        self.first = first
        self.second = second
    }

    public func isReady() -> Bool { first.isReady() || second.isReady() }

    public func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        var members: [DispatcherToken] = []
        var group: DispatcherToken?
        var fired = false
        let once = {
            guard !fired else { return }
            fired = true
            for t in members { dispatcher.cancel(t) }
            if let group { dispatcher.ungroup(group) }
            wake()
        }
        members.append(first.whenReady(on: dispatcher, once))
        members.append(second.whenReady(on: dispatcher, once))
        let token = dispatcher.group(members)
        group = token
        return token
    }
}
