// Component call benchmarks (`make bench-component-calls`; not tests): what one warm call of an
// exported function costs through the embedding API (`InstantiatedComponent.call`: lower the
// arguments, run the core function, lift the result, post-return), on the Wippy fixtures
// `minimal.wasm` (`compute(6, 7)`, two u32 in, one out) and `strings.wasm` (`echo` of a
// 1 KiB string: realloc, copy in, copy out).
//
//   .build/release/ComponentCallBench [SHARED-FOLDER] [CALLS-PER-ROUND] [ROUNDS] [--each-round]
//                                     [--only=compute|--only=echo]
//
// The two calls are measured in many short rounds that alternate (CALLS `compute`, then
// CALLS / 4 `echo`, about 10 ms each), and the figure is the median round. The machine this
// runs on has periods, from tens of milliseconds to seconds, in which code like this runs up to
// twice as slowly while a register-only loop does not (docs/architecture.md, "Component calls:
// slow periods of the machine"); a few long rounds per call, one call after the other, made a
// whole process look slow when one fell into such a period. The slowest round is printed too,
// so a period still shows. `--each-round` prints every round, with two loops that are not
// wippy-wasm's code beside it (MachineCheck.swift), to see such periods come and go.
// `--only=compute` or `--only=echo` warms up and runs only that call (after the one check of
// each), for counting one call's instructions: under callgrind, the difference between two
// CALLS-PER-ROUND divided by the difference in calls (docs/architecture.md).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import BenchSupport
import ComponentModel

func load(_ shared: String, _ name: String) -> InstantiatedComponent? {
    let path = shared + "/wippy/" + name
    guard let bytes = readFile(path) else {
        print("component-calls: cannot read \(path); put the conformance data at ../shared or pass its folder")
        return nil
    }
    do {
        return try ComponentRuntime().instantiate(try LoadedComponent(bytes: bytes))
    } catch {
        print("component-calls: \(path): \(error)")
        return nil
    }
}

/// The per-call wall and CPU times, in microseconds, of the rounds of one call.
struct Rounds {
    let label: String
    let count: Int
    var walls: [Double] = []
    var cpus: [Double] = []

    init(_ label: String, count: Int) {
        self.label = label
        self.count = count
    }

    /// Runs `call` `count` times and records the round.
    mutating func run(_ call: () throws -> Void) rethrows {
        let w0 = wallSeconds(), c0 = cpuSeconds()
        for _ in 0..<count { try call() }
        walls.append((wallSeconds() - w0) / Double(count) * 1e6)
        cpus.append((cpuSeconds() - c0) / Double(count) * 1e6)
    }

    /// Prints the median round's wall and CPU time per call, and the fastest and slowest
    /// round's CPU time.
    func report() {
        let w = walls.sorted(), c = cpus.sorted()
        guard let fastest = c.first, let slowest = c.last else { return }
        print("component-calls: \(label): \(fmt(w[w.count / 2])) µs wall, \(fmt(c[c.count / 2])) µs CPU per call "
            + "(median of \(c.count) rounds × \(count); CPU per round \(fmt(fastest))–\(fmt(slowest)) µs)")
    }
}

func fmt(_ x: Double) -> String {
    let hundredths = Int((x * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

let arguments = CommandLine.arguments.dropFirst()
let shared = arguments.first ?? "../shared"
let count = max(4, arguments.dropFirst().first.flatMap { Int($0) } ?? 20_000)
let rounds = max(1, arguments.dropFirst(2).first.flatMap { Int($0) } ?? 41)
let eachRound = arguments.contains("--each-round")
let only = arguments.first { $0.hasPrefix("--only=") }.map { String($0.dropFirst("--only=".count)) }
if let only, only != "compute", only != "echo" {
    print("component-calls: --only takes compute or echo, not \(only)")
    exit(2)
}
let runsCompute = only != "echo", runsEcho = only != "compute"
guard let minimal = load(shared, "minimal.wasm"), let strings = load(shared, "strings.wasm") else { exit(1) }

do {
    let six: [ComponentValue] = [.u32(6), .u32(7)]
    guard try minimal.call("compute", six) == .u32(42) else {
        print("component-calls: compute(6, 7) did not return 42")
        exit(1)
    }
    let text = String(repeating: "wippy-wasm 1 KiB ", count: 60) + "1234"
    let argument: [ComponentValue] = [.string(text)]
    guard text.utf8.count == 1024, try strings.call("echo", argument) == .string(text) else {
        print("component-calls: echo did not return its 1 KiB argument")
        exit(1)
    }
    var compute = Rounds("minimal.wasm compute(6, 7)", count: count)
    var echo = Rounds("strings.wasm echo(1 KiB string)", count: count / 4)
    // Warm-up: one round of each, not recorded.
    if runsCompute { for _ in 0..<count { _ = try minimal.call("compute", six) } }
    if runsEcho { for _ in 0..<(count / 4) { _ = try strings.call("echo", argument) } }
    var check = MachineCheck(iterations: count * 100)
    let start = wallSeconds()
    if eachRound { print("seconds compute-µs echo-µs \(MachineCheck.columns)") }
    for _ in 0..<rounds {
        let at = wallSeconds() - start
        if runsCompute { try compute.run { _ = try minimal.call("compute", six) } }
        if runsEcho { try echo.run { _ = try strings.call("echo", argument) } }
        if eachRound, let c = compute.cpus.last, let e = echo.cpus.last {
            print("\(fmt(at)) \(fmt(c)) \(fmt(e)) \(check.measure())")
        }
    }
    if runsCompute { compute.report() }
    if runsEcho { echo.report() }
} catch {
    print("component-calls: \(error)")
    exit(1)
}
