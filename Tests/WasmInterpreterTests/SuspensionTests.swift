import Testing
import WasmBinary
@testable import WasmInterpreter

/// A host function that always suspends; the test resumes with twice its argument.
/// run(x): inner(x) = yield(x) + 1; middle(x) = yield(inner(x)) + inner(x); run = middle(x) * 1000.
/// With yield(v) = 2v: inner = 2x + 1, middle = 3 * (2x + 1), run = 3000 * (2x + 1).
struct SuspensionTests {
    final class YieldLog {
        var arguments: [UInt32] = []
    }

    func makeInstance(_ log: YieldLog) throws -> (Store, Instance) {
        let store = Store()
        let yieldType = FunctionType(parameters: [.i32], results: [.i32])
        let host = store.addHostFunction(type: yieldType, name: "yield") { _, args in
            if case .i32(let v)? = args.first { log.arguments.append(v) }
            return .suspend
        }
        let instance = try TestModules.instantiate(TestModules.suspending, in: store, imports: ["env.yield": .function(host)])
        return (store, instance)
    }

    @Test func suspendsThreeTimesInsideNestedCallsAndResumes() throws {
        let log = YieldLog()
        let (store, instance) = try makeInstance(log)
        let run = try #require(instance.exportedFunction("run"))
        var result = try store.start(run, [.i32(5)])
        var suspensions = 0
        while case .suspended(let execution) = result {
            suspensions += 1
            let last = try #require(log.arguments.last)
            result = try execution.resume(with: [.i32(last &* 2)])
        }
        guard case .finished(let values) = result else {
            Issue.record("did not finish")
            return
        }
        #expect(suspensions == 3)
        #expect(log.arguments == [5, 11, 5])
        #expect(values == [.i32(3000 * 11)])
    }

    @Test func tenThousandExecutionsSuspendedAtOnce() throws {
        let log = YieldLog()
        let (store, instance) = try makeInstance(log)
        let run = try #require(instance.exportedFunction("run"))
        var pending: [(UInt32, Execution)] = []
        for i in 0..<10_000 {
            let result = try store.start(run, [.i32(UInt32(i))])
            guard case .suspended(let execution) = result else {
                Issue.record("execution \(i) did not suspend")
                return
            }
            pending.append((UInt32(i), execution))
        }
        #expect(pending.count == 10_000)
        #expect(pending.allSatisfy { $0.1.isSuspended })
        // Resume them all round-robin until each finishes; each resume answers 2 * argument.
        var finished = 0
        var lastArgument: [ObjectIdentifier: UInt32] = [:]
        for (x, e) in pending { lastArgument[ObjectIdentifier(e)] = x }
        var round = pending
        while !round.isEmpty {
            var next: [(UInt32, Execution)] = []
            for (x, execution) in round {
                let arg = lastArgument[ObjectIdentifier(execution)] ?? 0
                log.arguments.removeAll()
                let result = try execution.resume(with: [.i32(arg &* 2)])
                switch result {
                case .suspended(let e):
                    lastArgument[ObjectIdentifier(e)] = log.arguments.last ?? 0
                    next.append((x, e))
                case .finished(let values):
                    #expect(values == [.i32(3000 &* (2 &* x &+ 1))])
                    finished += 1
                }
            }
            round = next
        }
        #expect(finished == 10_000)
    }

    @Test func resumingAFinishedExecutionIsAnError() throws {
        let log = YieldLog()
        let (store, instance) = try makeInstance(log)
        let deep = try #require(instance.exportedFunction("deep"))
        let result = try store.start(deep, [.i32(3)])
        guard case .finished(let values) = result else {
            Issue.record("deep should not suspend")
            return
        }
        #expect(values == [.i32(3)])
    }

    @Test func invokeRejectsASuspendingHost() throws {
        let log = YieldLog()
        let (store, instance) = try makeInstance(log)
        let run = try #require(instance.exportedFunction("run"))
        #expect(throws: TrapCode.self) { _ = try store.invoke(run, [.i32(1)]) }
    }
}

struct CallStackTests {
    @Test func deepRecursionWithinLimitsWorks() throws {
        let store = Store()
        let stub = store.addHostFunction(type: FunctionType(parameters: [.i32], results: [.i32]), name: "yield") { _, a in .values(a) }
        let instance = try TestModules.instantiate(TestModules.suspending, in: store, imports: ["env.yield": .function(stub)])
        let deep = try #require(instance.exportedFunction("deep"))
        #expect(try store.invoke(deep, [.i32(10_000)]) == [.i32(10_000)])
    }

    @Test func infiniteRecursionIsATrapNotACrash() throws {
        let store = Store()
        let stub = store.addHostFunction(type: FunctionType(parameters: [.i32], results: [.i32]), name: "yield") { _, a in .values(a) }
        let instance = try TestModules.instantiate(TestModules.suspending, in: store, imports: ["env.yield": .function(stub)])
        let infinite = try #require(instance.exportedFunction("infinite"))
        #expect(throws: TrapCode.callStackExhausted) { _ = try store.invoke(infinite, []) }
    }
}
