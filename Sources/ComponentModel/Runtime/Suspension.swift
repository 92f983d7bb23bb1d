import WasmInterpreter

/// What a suspending host function answers: a result now, or a pending result the host
/// resolves later (for example when a timer fires or a socket is readable).
public enum ComponentHostReply {
    /// The call finished with this result (nil for a function without one).
    case value(ComponentValue?)
    /// The result comes later: the guest's call suspends until it is resolved and resumed.
    case pending(ComponentPendingResult)
}

/// The result of a host call that finishes later. The host resolves it once; the suspended
/// component call then continues with ``ComponentCall/resume()``.
public final class ComponentPendingResult {
    enum State {
        case waiting
        case value(ComponentValue?)
        case failed(String)
        case trapped(TrapCode)
    }

    private(set) var state: State = .waiting
    private var waiter: (() -> Void)?

    /// A pending result.
    public init() {}

    /// Runs `body` once when the result is resolved (at once when it already is). The driver of
    /// a suspended call uses it to schedule ``ComponentCall/resume()``; no one polls
    /// ``isResolved``.
    public func whenResolved(_ body: @escaping () -> Void) {
        if isResolved { body() } else { waiter = body }
    }

    private func notify() {
        let w = waiter
        waiter = nil
        w?()
    }

    /// Whether the host has resolved it (with a value or a failure).
    public var isResolved: Bool {
        if case .waiting = state { return false }
        return true
    }

    /// Sets the result. A second resolution is ignored.
    public func resolve(_ value: ComponentValue?) {
        guard case .waiting = state else { return }
        state = .value(value)
        notify()
    }

    /// Fails the call with a trap (an exit of the callee stays an exit).
    func fail(trap: TrapCode) {
        guard case .waiting = state else { return }
        state = .trapped(trap)
        notify()
    }

    /// Fails the call: the guest traps with `message`. A second resolution is ignored.
    public func fail(_ message: String) {
        guard case .waiting = state else { return }
        state = .failed(message)
        notify()
    }
}

/// A lowered host call that suspended: what it waits for and how to finish it (lower the
/// result into the guest and give the core results to the suspended execution).
struct SuspendedHostCall {
    let pending: ComponentPendingResult
    let finish: (ComponentValue?) throws(TrapCode) -> [Value]
}

/// How a started component call stopped.
public enum ComponentCallResult {
    /// It returned this result (nil for a function without one).
    case finished(ComponentValue?)
    /// A suspending host function answered `pending`: resolve that and call ``ComponentCall/resume()``.
    case suspended(ComponentCall)
}

/// A component call suspended at a host function.
public final class ComponentCall {
    /// What the call waits for.
    public private(set) var pending: ComponentPendingResult
    private let runtime: ComponentRuntime
    private var execution: Execution
    private var host: SuspendedHostCall
    private let completion: ([Value]) throws(TrapCode) -> ComponentValue?
    private let abandon: () -> Void
    private var done = false

    init(runtime: ComponentRuntime, execution: Execution, host: SuspendedHostCall, completion: @escaping ([Value]) throws(TrapCode) -> ComponentValue?, abandon: @escaping () -> Void) {
        self.runtime = runtime
        self.execution = execution
        self.host = host
        self.pending = host.pending
        self.completion = completion
        self.abandon = abandon
    }

    /// Continues the call after ``pending`` was resolved.
    public func resume() throws(ComponentError) -> ComponentCallResult {
        guard !done else { throw ComponentError(.argument, "the call has already finished") }
        guard pending.isResolved else { throw ComponentError(.argument, "the call is still waiting for its host function") }
        do throws(TrapCode) {
            let value: ComponentValue?
            switch pending.state {
            case .value(let v): value = v
            case .failed(let message): throw TrapCode.hostTrap(message)
            case .trapped(let trap): throw trap
            case .waiting: value = nil
            }
            let flat = try host.finish(value)
            switch try execution.resume(with: flat) {
            case .finished(let results):
                done = true
                return .finished(try completion(results))
            case .suspended(let next):
                guard let suspension = runtime.takeSuspension() else {
                    throw TrapCode.hostTrap("a host function suspended outside the component call")
                }
                execution = next
                host = suspension
                pending = suspension.pending
                return .suspended(self)
            }
        } catch {
            done = true
            abandon()
            throw ComponentError.trapped(error)
        }
    }
}
