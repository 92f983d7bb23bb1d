// `make bench-limits`: how late an execution stops after its deadline.
//
// For each guest loop shape, runs it `runs` times under a 100 ms deadline
// (`Store.deadline`) and measures the overshoot: the monotonic time when the trap reached the
// caller minus the deadline. Prints the median and the maximum per shape. The shapes: the
// tightest loop `(loop (br 0))`; a loop calling a function each iteration; a loop whose body is
// 2000 arithmetic instructions (few check points, long between them); and a loop that
// first runs cheap iterations for 50 ms, then switches to the long body (a check that reads
// the clock every so many check points, tuned to the cheap phase, would see the deadline late).
// `phases-late` switches about 2 ms before the deadline.
//
// On a loaded machine the overshoot is mostly the scheduler's (the guest's thread, or the
// deadline timer's, waiting for a processor): `chrt -f 20 .build/release/LimitsBench 20 100`
// measures the mechanism itself.
#if canImport(Glibc)
import Glibc
#endif
import WasmBinary
import WasmInterpreter
import WasmText
import WasmValidation

func nanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

let longBody = String(repeating: "(local.set $x (i32.add (local.get $x) (i32.const 1)))\n", count: 1000)
let source = """
    (module
      (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func (export "spin") (loop $l (br $l)))
      (func (export "calls") (local $x i32) (loop $l (local.set $x (call $leaf (local.get $x))) (br $l)))
      (func $long (export "long") (local $x i32) (loop $l \(longBody) (br $l)))
      (func $phases (export "phases") (param $cheap i64) (local $x i32)
        (loop $l
          (local.set $x (i32.add (local.get $x) (i32.const 1)))
          (br_if $l (i64.lt_u (i64.extend_i32_u (local.get $x)) (local.get $cheap))))
        (loop $m \(longBody) (br $m))))
    """

let arguments = CommandLine.arguments
let runs = arguments.count > 1 ? Int(arguments[1]) ?? 20 : 20
let limit = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100

do {
    let module = try validateModule(try decodeModule(try parseWAT(source)))
    // Cheap iterations of "phases" that take about half the limit: timed on 10^6 of them,
    // with just enough fuel to stop right after the cheap loop.
    var configuration = StoreConfiguration()
    configuration.fuel = 1_000_010
    let probe = Store(configuration: configuration)
    let probeInstance = try probe.instantiate(module) { _, _ in nil }
    var cheapIterations: Int64 = 1_000_000
    var lateIterations: Int64 = 1_000_000
    if let phases = probeInstance.exportedFunction("phases") {
        let started = nanoseconds()
        _ = try? probe.invoke(phases, [.i64(1_000_000)])
        let perIteration = max(Double(nanoseconds() - started) / 1e6, 0.1)
        cheapIterations = Int64(Double(limit) * 1e6 / 2 / perIteration)
        lateIterations = Int64(Double(max(limit - 2, 0)) * 1e6 / perIteration)
    }
    print("limit \(limit) ms, \(runs) runs per shape; overshoot = trap returned - deadline")
    for (name, arguments) in [("spin", [Value]()), ("calls", []), ("long", []), ("phases", [.i64(UInt64(cheapIterations))]),
                                ("phases-late", [.i64(UInt64(lateIterations))])] {
        var overshoots: [Double] = []
        var message = ""
        for _ in 0..<runs {
            // A pause between runs: the figures are not inflated by the scheduler's throttling of
            // a program that never sleeps (run it under `chrt -f 20` on a loaded machine to keep
            // other programs' time slices out of them).
            usleep(50_000)
            let store = Store()
            let instance = try store.instantiate(module) { _, _ in nil }
            guard let function = instance.exportedFunction(name == "phases-late" ? "phases" : name) else { continue }
            let deadline = ExecutionDeadline(milliseconds: limit)
            store.deadline = deadline
            do {
                _ = try store.invoke(function, arguments)
                message = "returned"
            } catch {
                message = error.description
            }
            overshoots.append(Double(Int64(bitPattern: nanoseconds() &- deadline.monotonicNanoseconds)) / 1e6)
        }
        overshoots.sort()
        let median = overshoots.isEmpty ? 0 : overshoots[overshoots.count / 2]
        let maximum = overshoots.last ?? 0
        let line = "\(name): median \(String(format3: median)) ms, max \(String(format3: maximum)) ms (\(message))"
        print(line)
    }
} catch {
    print("limits bench: \(error)")
    exit(1)
}

extension String {
    /// A number with three decimals.
    init(format3 value: Double) {
        let scaled = Int((value * 1000).rounded())
        let sign = scaled < 0 ? "-" : ""
        let magnitude = abs(scaled)
        let fraction = String(magnitude % 1000)
        self = "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
