// Component call benchmarks (`make bench-component-calls`; not tests): what one warm call of an
// exported function costs through the embedding API (`InstantiatedComponent.call`: lower the
// arguments, run the core function, lift the result, post-return), on the Wippy fixtures
// `minimal.wasm` (`compute(6, 7)`, two u32 in, one out) and `strings.wasm` (`echo` of a
// 1 KiB string: realloc, copy in, copy out).
//
//   .build/release/ComponentCallBench [SHARED-FOLDER] [CALLS]
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

/// Runs `call` `count` times after a warm-up and prints the median over 5 rounds of the
/// per-call wall and CPU time, in microseconds.
func measure(_ label: String, count: Int, _ call: () throws -> Void) rethrows {
    for _ in 0..<min(count, 10_000) { try call() }
    var walls: [Double] = []
    var cpus: [Double] = []
    for _ in 0..<5 {
        let w0 = wallSeconds(), c0 = cpuSeconds()
        for _ in 0..<count { try call() }
        walls.append((wallSeconds() - w0) / Double(count) * 1e6)
        cpus.append((cpuSeconds() - c0) / Double(count) * 1e6)
    }
    let w = walls.sorted()[2], c = cpus.sorted()[2]
    print("component-calls: \(label): \(fmt(w)) µs wall, \(fmt(c)) µs CPU per call (median of 5 × \(count))")
}

func fmt(_ x: Double) -> String {
    let hundredths = Int((x * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

let arguments = CommandLine.arguments.dropFirst()
let shared = arguments.first ?? "../shared"
let count = arguments.dropFirst().first.flatMap { Int($0) } ?? 200_000
guard let minimal = load(shared, "minimal.wasm"), let strings = load(shared, "strings.wasm") else { exit(1) }

do {
    let six: [ComponentValue] = [.u32(6), .u32(7)]
    guard try minimal.call("compute", six) == .u32(42) else {
        print("component-calls: compute(6, 7) did not return 42")
        exit(1)
    }
    try measure("minimal.wasm compute(6, 7)", count: count) { _ = try minimal.call("compute", six) }

    let text = String(repeating: "wippy-wasm 1 KiB ", count: 60) + "1234"
    let argument: [ComponentValue] = [.string(text)]
    guard text.utf8.count == 1024, try strings.call("echo", argument) == .string(text) else {
        print("component-calls: echo did not return its 1 KiB argument")
        exit(1)
    }
    try measure("strings.wasm echo(1 KiB string)", count: count / 4) { _ = try strings.call("echo", argument) }
} catch {
    print("component-calls: \(error)")
    exit(1)
}
