import Foundation
import Testing
@testable import WasmInterpreter

/// The stop signal the run loop checks at its check points: raised by the deadline timer and by
/// interrupt handles, and only ever stopping an execution for a limit that really holds.
struct StopSignalTests {
    /// The trap `body` ends with, or nil.
    func trap(_ body: () throws(TrapCode) -> Void) -> TrapCode? { ExecutionLimitTests().trap(body) }

    @Test func aDeadlineReplacedByALaterOneDoesNotStopTheCall() throws {
        let (store, instance) = try ExecutionLimitTests.make()
        let countdown = try #require(instance.exportedFunction("countdown"))
        store.deadline = ExecutionDeadline(milliseconds: 5)
        // The timer may fire for the first deadline after it was replaced: the execution sees
        // the signal, finds the deadline not passed, and goes on.
        usleep(30_000)
        store.deadline = ExecutionDeadline(milliseconds: 60_000)
        #expect(try store.invoke(countdown, [.i32(2_000_000)]) == [.i32(0)])
        store.deadline = nil
        #expect(try store.invoke(countdown, [.i32(1_000)]) == [.i32(0)])
    }

    @Test func aPassedDeadlineStopsEveryLaterCallUntilItIsCleared() throws {
        let (store, instance) = try ExecutionLimitTests.make()
        let spin = try #require(instance.exportedFunction("spin"))
        let countdown = try #require(instance.exportedFunction("countdown"))
        store.deadline = ExecutionDeadline(milliseconds: 20)
        let first = trap { () throws(TrapCode) in _ = try store.invoke(spin, []) }
        #expect(first?.description == "execution time limit exceeded (20 ms)")
        let second = trap { () throws(TrapCode) in _ = try store.invoke(countdown, [.i32(10)]) }
        #expect(second?.description == "execution time limit exceeded (20 ms)")
        store.deadline = nil
        #expect(try store.invoke(countdown, [.i32(10)]) == [.i32(0)])
    }

    @Test func oneHandleInterruptsEveryStoreUsingIt() throws {
        let (first, firstInstance) = try ExecutionLimitTests.make()
        let (second, secondInstance) = try ExecutionLimitTests.make()
        let handle = InterruptHandle()
        first.interruptHandle = handle
        second.interruptHandle = handle
        /// One store's spinning call, run on its own thread.
        final class Spinner: @unchecked Sendable {
            let store: Store
            let spin: FunctionAddress
            init(_ store: Store, _ spin: FunctionAddress) { (self.store, self.spin) = (store, spin) }
        }
        final class Outcomes: @unchecked Sendable {
            let lock = NSLock()
            var traps: [String] = []
        }
        let spinners = [Spinner(first, try #require(firstInstance.exportedFunction("spin"))),
                        Spinner(second, try #require(secondInstance.exportedFunction("spin")))]
        let outcomes = Outcomes()
        let threads = spinners.map { spinner in
            Thread {
                var text = "returned"
                do {
                    _ = try spinner.store.invoke(spinner.spin, [])
                } catch {
                    text = "\(error)"
                }
                outcomes.lock.lock()
                outcomes.traps.append(text)
                outcomes.lock.unlock()
            }
        }
        threads.forEach { $0.start() }
        usleep(50_000)
        handle.interrupt()
        // A generous safety bound: both loops stop at their next check point.
        for _ in 0..<1000 {
            outcomes.lock.lock()
            let count = outcomes.traps.count
            outcomes.lock.unlock()
            if count == 2 { break }
            usleep(10_000)
        }
        #expect(outcomes.traps == ["execution interrupted", "execution interrupted"])
        // After reset, and for a store that left the handle, calls run again.
        handle.reset()
        let countdown = try #require(firstInstance.exportedFunction("countdown"))
        #expect(try first.invoke(countdown, [.i32(10)]) == [.i32(0)])
        second.interruptHandle = InterruptHandle()
        handle.interrupt()
        let secondCountdown = try #require(secondInstance.exportedFunction("countdown"))
        #expect(try second.invoke(secondCountdown, [.i32(10)]) == [.i32(0)])
        let stopped = trap { () throws(TrapCode) in _ = try first.invoke(countdown, [.i32(10)]) }
        #expect(stopped?.description == "execution interrupted")
    }
}
