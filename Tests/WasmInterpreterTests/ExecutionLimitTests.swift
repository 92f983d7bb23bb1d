import Foundation
import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Deadlines, interruption, fuel, the memory cap and bounded call depth: each ends the call with
/// a trap (or `memory.grow` with -1), never a crash or a hang.
struct ExecutionLimitTests {
    static let source = """
        (module
          (import "env" "host" (func $host (param i32) (result i32)))
          (tag $e)
          (memory 1)
          (func (export "spin") (loop $l (br $l)))
          (func (export "countdown") (param $n i32) (result i32)
            (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $n))
          (func (export "eqz-countdown") (param $n i32) (result i32)
            (loop
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br_if 0 (i32.eqz (i32.eqz (local.get $n)))))
            (local.get $n))
          (func (export "eqz") (local $z i32) (loop (br_if 0 (i32.eqz (local.get $z)))))
          (func (export "eqz-load") (loop (br_if 0 (i32.eqz (i32.load8_u (i32.const 0))))))
          (func (export "on-null") (loop (br_on_null 0 (ref.null func)) (drop)))
          (func $nn (export "on-non-null") (ref.func $nn) (loop (param funcref) (br_on_non_null 0)))
          (func (export "throw-catch") (loop (try_table (catch_all 0) (throw $e))))
          (elem declare func $nn)
          (func $leaf)
          (func (export "calls") (param $n i32)
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get $n)))
              (call $leaf)
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l))))
          (func $recurse (export "recurse") (param i32) (result i32)
            (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
          (func (export "reenter") (param i32) (result i32) (call $host (local.get 0)))
          (func (export "wait-then-spin") (drop (call $host (i32.const 0))) (loop $l (br $l)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
        """

    /// A new store holding the module; `host` is the imported function's body.
    static func make(
        _ configuration: StoreConfiguration = StoreConfiguration(),
        host: @escaping HostFunctionBody = { _, _ in .values([.i32(0)]) }
    ) throws -> (Store, Instance) {
        let store = Store(configuration: configuration)
        let type = FunctionType(parameters: [.i32], results: [.i32])
        let function = store.addHostFunction(type: type, name: "host", body: host)
        let module = try validateModule(try decodeModule(try parseWAT(source)))
        let instance = try store.instantiate(module) { m, n in m == "env" && n == "host" ? .function(function) : nil }
        return (store, instance)
    }

    func trap(_ body: () throws(TrapCode) -> Void) -> TrapCode? {
        do throws(TrapCode) {
            try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func anInfiniteLoopStopsAtItsDeadline() throws {
        let (store, instance) = try Self.make()
        let spin = try #require(instance.exportedFunction("spin"))
        // Taken before the deadline is set: the stop must not come before 100 ms from here.
        let started = Date()
        store.deadline = ExecutionDeadline(milliseconds: 100)
        let stopped = trap { () throws(TrapCode) in _ = try store.invoke(spin, []) }
        #expect(stopped?.description == "execution time limit exceeded (100 ms)")
        // Generous: the stop itself is measured by `make bench-limits`.
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(Date().timeIntervalSince(started) >= 0.1)
    }

    @Test func anotherThreadInterruptsALoop() throws {
        let (store, instance) = try Self.make()
        let spin = try #require(instance.exportedFunction("spin"))
        let handle = store.interruptHandle
        let thread = Thread {
            usleep(50_000)
            handle.interrupt()
        }
        thread.start()
        let stopped = trap { () throws(TrapCode) in _ = try store.invoke(spin, []) }
        #expect(stopped?.description == "execution interrupted")
        handle.reset()
        let countdown = try #require(instance.exportedFunction("countdown"))
        #expect(try store.invoke(countdown, [.i32(5)]) == [.i32(0)])
    }

    @Test func aResumedExecutionPastItsDeadlineTraps() throws {
        let (store, instance) = try Self.make(host: { _, _ in .suspend })
        let wait = try #require(instance.exportedFunction("wait-then-spin"))
        store.deadline = ExecutionDeadline(milliseconds: 30)
        guard case .suspended(let execution) = try store.start(wait, []) else {
            Issue.record("did not suspend")
            return
        }
        usleep(60_000)
        let stopped = trap { () throws(TrapCode) in _ = try execution.resume(with: [.i32(0)]) }
        #expect(stopped?.description == "execution time limit exceeded (30 ms)")
    }

    @Test func aResumedExecutionIsStoppedWhileItLoops() throws {
        let (store, instance) = try Self.make(host: { _, _ in .suspend })
        let wait = try #require(instance.exportedFunction("wait-then-spin"))
        store.deadline = ExecutionDeadline(milliseconds: 100)
        guard case .suspended(let execution) = try store.start(wait, []) else {
            Issue.record("did not suspend")
            return
        }
        usleep(20_000)
        let stopped = trap { () throws(TrapCode) in _ = try execution.resume(with: [.i32(0)]) }
        #expect(stopped?.description == "execution time limit exceeded (100 ms)")
    }

    /// Loops of the branches that once went back without a check point: `br_if` of an `i32.eqz`
    /// (one fused branch-if-zero), `br_on_null`, `br_on_non_null`, a throw caught inside the
    /// loop. (These tests run the switch; cli_tests.py's `test_every_loop_stops` runs the
    /// threaded handlers of the release build on testsuite/cli/loops.wat.)
    @Test(arguments: ["eqz", "eqz-load", "on-null", "on-non-null", "throw-catch"])
    func fuelStopsEveryKindOfLoop(_ name: String) throws {
        var configuration = StoreConfiguration()
        configuration.fuel = 50_000
        let (store, instance) = try Self.make(configuration)
        let f = try #require(instance.exportedFunction(name))
        let stopped = trap { () throws(TrapCode) in _ = try store.invoke(f, []) }
        #expect(stopped?.description == "all fuel consumed")
    }

    @Test(arguments: ["eqz", "on-null", "throw-catch"])
    func aDeadlineStopsEveryKindOfLoop(_ name: String) throws {
        let (store, instance) = try Self.make()
        let f = try #require(instance.exportedFunction(name))
        store.deadline = ExecutionDeadline(milliseconds: 30)
        let stopped = trap { () throws(TrapCode) in _ = try store.invoke(f, []) }
        #expect(stopped?.description == "execution time limit exceeded (30 ms)")
    }

    @Test(arguments: ["countdown", "eqz-countdown"])
    func oneUnitOfFuelPerTakenBackwardBranch(_ name: String) throws {
        // countdown(n) and eqz-countdown(n) take n - 1 backward branches.
        var configuration = StoreConfiguration()
        configuration.fuel = 999
        let (store, instance) = try Self.make(configuration)
        let countdown = try #require(instance.exportedFunction(name))
        #expect(try store.invoke(countdown, [.i32(1000)]) == [.i32(0)])
        #expect(store.remainingFuel == 0)
        store.remainingFuel = 998
        let stopped = trap { () throws(TrapCode) in _ = try store.invoke(countdown, [.i32(1000)]) }
        #expect(stopped?.description == "all fuel consumed")
    }

    @Test func oneUnitOfFuelPerCall() throws {
        // calls(n): n calls and n backward branches.
        var configuration = StoreConfiguration()
        configuration.fuel = 100_000
        let (store, instance) = try Self.make(configuration)
        let calls = try #require(instance.exportedFunction("calls"))
        _ = try store.invoke(calls, [.i32(30_000)])
        #expect(store.remainingFuel == 100_000 - 60_000)
        let stopped = trap { () throws(TrapCode) in _ = try store.invoke(calls, [.i32(30_000)]) }
        #expect(stopped?.description == "all fuel consumed")
        let spin = try #require(instance.exportedFunction("spin"))
        store.remainingFuel = 5_000_000
        let spun = trap { () throws(TrapCode) in _ = try store.invoke(spin, []) }
        #expect(spun?.description == "all fuel consumed")
        #expect(store.remainingFuel == 0)
    }

    @Test func memoryGrowStopsAtTheCap() throws {
        var configuration = StoreConfiguration()
        configuration.maxMemoryBytes = 4 * 65536
        let (store, instance) = try Self.make(configuration)
        let grow = try #require(instance.exportedFunction("grow"))
        #expect(try store.invoke(grow, [.i32(2)]) == [.i32(1)])
        #expect(try store.invoke(grow, [.i32(2)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try store.invoke(grow, [.i32(1)]) == [.i32(3)])
        #expect(try store.invoke(grow, [.i32(1)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try store.invoke(grow, [.i32(0)]) == [.i32(4)])
    }

    @Test func unboundedRecursionTraps() throws {
        let (store, instance) = try Self.make()
        let recurse = try #require(instance.exportedFunction("recurse"))
        let stopped = trap { () throws(TrapCode) in _ = try store.invoke(recurse, [.i32(0)]) }
        #expect(stopped == .callStackExhausted)
    }

    @Test func unboundedReentryThroughTheHostTraps() throws {
        final class Box { var store: Store?; var reenter: FunctionAddress? }
        let box = Box()
        let (store, instance) = try Self.make(host: { _, args throws(TrapCode) in
            guard let store = box.store, let reenter = box.reenter else { return .values([.i32(0)]) }
            return .values(try store.invoke(reenter, args))
        })
        box.store = store
        box.reenter = instance.exportedFunction("reenter")
        let reenter = try #require(box.reenter)
        let stopped = trap { () throws(TrapCode) in _ = try store.invoke(reenter, [.i32(0)]) }
        #expect(stopped == .callStackExhausted)
        box.store = nil
        #expect(try store.invoke(reenter, [.i32(7)]) == [.i32(0)])
    }

    /// On a thread whose native stack is too small for 64 nested executions (2 MiB; an
    /// unoptimised build's run loop frame alone is 125 KiB), reentry stops with a trap before
    /// the stack runs out instead of overflowing it.
    @Test func reentryOnASmallThreadStackTrapsBeforeOverflowing() throws {
        final class Box: @unchecked Sendable {
            var store: Store?
            var reenter: FunctionAddress?
            var depth = 0
            var outcome: TrapCode?
            var finished = false
            let done = DispatchSemaphore(value: 0)
        }
        let box = Box()
        let (store, instance) = try Self.make(host: { _, args throws(TrapCode) in
            guard let store = box.store, let reenter = box.reenter else { return .values([.i32(0)]) }
            box.depth += 1
            return .values(try store.invoke(reenter, args))
        })
        box.store = store
        box.reenter = try #require(instance.exportedFunction("reenter"))
        let thread = Thread {
            do throws(TrapCode) {
                if let store = box.store, let reenter = box.reenter { _ = try store.invoke(reenter, [.i32(0)]) }
            } catch {
                box.outcome = error
            }
            box.finished = true
            box.done.signal()
        }
        thread.stackSize = 2 << 20
        thread.start()
        box.done.wait()
        #expect(box.finished)
        #expect(box.outcome == .callStackExhausted)
        #expect(box.depth < 64)
        #expect(NativeStack.remaining().map { $0 > NativeStack.headroom } == true)
    }
}
