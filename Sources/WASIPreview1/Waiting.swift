import WasmInterpreter
import WASIHost

/// A guest suspended in `poll_oneoff`, with where to write its events.
struct PendingWait {
    let request: PollRequest
    unowned let store: Store
    let memory: MemoryAddress?
}

extension WASIPreview1 {
    /// Runs a started call to its end: whenever the guest suspends in `poll_oneoff`, parks it on
    /// the dispatcher (timers and descriptor watches) and resumes it with the events once one is
    /// ready. Returns the call's results.
    public func drive(_ started: ExecutionResult) throws(TrapCode) -> [Value] {
        var outcome = started
        while true {
            switch outcome {
            case .finished(let values): return values
            case .suspended(let execution):
                guard let wait = pendingWait, let dispatcher else {
                    throw TrapCode.hostTrap("the guest suspended outside poll_oneoff")
                }
                pendingWait = nil
                let errno = Self.waitForEvents(wait, on: dispatcher)
                outcome = try execution.resume(with: [.i32(UInt32(errno.rawValue))])
            }
        }
    }

    /// Waits on the dispatcher until a subscription of the request is ready, then writes the
    /// events into guest memory; returns the errno for the guest.
    static func waitForEvents(_ wait: PendingWait, on dispatcher: Dispatcher) -> Errno {
        var request = wait.request
        while request.ready.isEmpty {
            var woken = false
            var tokens: [DispatcherToken] = []
            for t in request.timers { tokens.append(dispatcher.addTimer(deadline: t.deadline) { woken = true }) }
            for p in request.polled { tokens.append(dispatcher.watch(p.fd.fd, write: p.type == P1.eventFDWrite) { woken = true }) }
            dispatcher.run { woken }
            for t in tokens { dispatcher.cancel(t) }
            do throws(Errno) { try collect(&request, blocking: false) } catch { return error }
            if !woken { return .inval }  // nothing could ever become ready
        }
        do throws(TrapCode) {
            return try wait.store.withUnsafeMemory(wait.memory ?? MemoryAddress(index: -1)) { (raw) throws(TrapCode) -> Errno in
                do throws(Errno) {
                    try writeEvents(request, GuestMemory(buffer: raw))
                    return .success
                } catch {
                    return error
                }
            }
        } catch {
            return .fault
        }
    }
}
