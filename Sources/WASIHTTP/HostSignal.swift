import WASIHost

/// Something the host itself makes happen (a response arrived, a body pipe has room): guests
/// and host tasks waiting on a ``SignalPollable`` over it wake when it is notified.
final class HostSignal {
    private var waiters: [(Dispatcher, DispatcherToken)] = []

    /// Wakes everything waiting now (each in the dispatcher's next turn).
    func notify() {
        let current = waiters
        waiters = []
        for (dispatcher, token) in current { dispatcher.signal(token) }
    }

    func add(_ dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        let token = dispatcher.addSignal(wake)
        waiters.append((dispatcher, token))
        return token
    }
}

/// Ready when `condition` holds; re-checked whenever `signal` is notified. `prepare` runs
/// before each check: it lets the host task behind the signal make progress now (read what has
/// arrived) and start its own wait for more.
final class SignalPollable: HostPollable {
    let signal: HostSignal
    let condition: () -> Bool
    let prepare: () -> Void

    init(_ signal: HostSignal, prepare: @escaping () -> Void = {}, _ condition: @escaping () -> Bool) {
        self.signal = signal
        self.prepare = prepare
        self.condition = condition
    }

    func isReady() -> Bool {
        prepare()
        return condition()
    }

    func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        if isReady() { return dispatcher.addTimer(deadline: 0, wake) }
        return signal.add(dispatcher, wake)
    }
}

/// The one outstanding wait of a host task (a connection being made, a body being read): on a
/// pollable, a deadline, or both; whichever comes first runs and the other is cancelled. The
/// task owns it, so ending the task (``cancel()``) leaves nothing registered with the dispatcher.
final class HostWait {
    let dispatcher: Dispatcher
    private var tokens: [DispatcherToken] = []

    init(_ dispatcher: Dispatcher) { self.dispatcher = dispatcher }

    /// Whether a wait is registered.
    var isArmed: Bool { !tokens.isEmpty }

    /// Cancels the wait.
    func cancel() {
        for t in tokens { dispatcher.cancel(t) }
        tokens = []
    }

    /// Waits for `pollable` (then runs `ready`) or `deadline` (then runs `timeout`), replacing
    /// any earlier wait.
    func arm(_ pollable: HostPollable?, deadline: UInt64?, ready: @escaping () -> Void, timeout: @escaping () -> Void = {}) {
        cancel()
        if let pollable {
            tokens.append(pollable.whenReady(on: dispatcher) { [weak self] in
                self?.cancel()
                ready()
            })
        }
        if let deadline {
            tokens.append(dispatcher.addTimer(deadline: deadline) { [weak self] in
                self?.cancel()
                timeout()
            })
        }
    }

    deinit { cancel() }
}
