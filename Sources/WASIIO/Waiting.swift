import ComponentModel
import WASIHost
import WasmInterpreter

/// How host functions wait without blocking a thread: try now; when the answer is not there
/// yet, suspend the guest and try again each time `pollable` is ready.
extension ComponentHostCall {
    /// Runs `attempt` now and, while it answers nil (not yet), again whenever `pollable()` is
    /// ready, on the guest's dispatcher. The guest's call is suspended meanwhile. A thrown
    /// error traps the guest with its text.
    public func waiting(for pollable: @escaping () -> HostPollable, _ attempt: @escaping () throws -> ComponentValue??) throws -> ComponentHostReply {
        if let done = try attempt() { return .value(done) }
        let dispatcher = try session().dispatcher
        let pending = ComponentPendingResult()
        func wait() {
            _ = pollable().whenReady(on: dispatcher) {
                do {
                    if let done = try attempt() { pending.resolve(done) } else { wait() }
                } catch {
                    pending.fail("\(self.name): \(error)")
                }
            }
        }
        wait()
        return .pending(pending)
    }
}

/// Runs component calls that may suspend to completion on a dispatcher.
public enum ComponentDriver {
    /// Starts a call with `start` and drives it on `dispatcher` until it finishes; returns its
    /// result. Other work on the dispatcher (other guests) runs meanwhile.
    ///
    /// With a `deadline` (the one set on the guest's store), a call still waiting when it passes
    /// ends with the deadline's trap; the guest's code itself is stopped by its store.
    public static func run(
        on dispatcher: Dispatcher, deadline: ExecutionDeadline? = nil,
        _ start: () throws(ComponentError) -> ComponentCallResult
    ) throws(ComponentError) -> ComponentValue? {
        var outcome: Result<ComponentValue?, ComponentError>?
        var expired = false
        let timer = deadline.map { dispatcher.addTimer(deadline: $0.monotonicNanoseconds) { expired = true } }
        defer { if let timer { dispatcher.cancel(timer) } }
        drive(on: dispatcher, try start()) { outcome = $0 }
        dispatcher.run { outcome != nil || expired }
        if outcome == nil, expired, let trap = deadline?.trap { throw ComponentError(.trap, trap.description, trap: trap) }
        guard let outcome else { throw ComponentError(.trap, "the guest is waiting for something that can never happen (no timer, descriptor or other work is left)") }
        return try outcome.get()
    }

    /// Drives a started call: whenever it suspends, resumes it on `dispatcher` once its pending
    /// host result is resolved; calls `done` with the outcome.
    public static func drive(on dispatcher: Dispatcher, _ result: ComponentCallResult, _ done: @escaping (Result<ComponentValue?, ComponentError>) -> Void) {
        switch result {
        case .finished(let v): done(.success(v))
        case .suspended(let call):
            call.pending.whenResolved {
                dispatcher.schedule {
                    do throws(ComponentError) {
                        drive(on: dispatcher, try call.resume(), done)
                    } catch {
                        done(.failure(error))
                    }
                }
            }
        }
    }
}
