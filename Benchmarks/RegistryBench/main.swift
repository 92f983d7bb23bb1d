// Registry benchmarks (`make bench-registry`; not tests): what a call by ID costs on a warm
// registry through the Swift API, a funcs round trip A -> B, and the calls per second of a lazy
// pool under 64 concurrent callers of a 1 ms CPU-bound function.
//
//   .build/release/RegistryBench [REPOSITORY-ROOT]
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import BenchSupport
import WippyFuncs
import WippyJSON
import WippyRuntime

func write(_ path: String, _ text: String) {
    guard let handle = fopen(path, "wb") else { return }
    _ = text.withCString { fputs($0, handle) }
    fclose(handle)
}

func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return path }
    let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return path == "." ? cwd : cwd + "/" + path
}

func sha256(_ path: String) -> String {
    // The bench takes the hash from the test component's source folder at run time.
    guard let pipe = popen("sha256sum '\(path)'", "r") else { return "" }
    defer { pclose(pipe) }
    var buffer = [CChar](repeating: 0, count: 256)
    guard fgets(&buffer, 256, pipe) != nil else { return "" }
    return String(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).prefix(64))
}

let root = absolute(CommandLine.arguments.dropFirst().first ?? ".")
let components = root + "/testsuite/components"
var template = Array("/tmp/wippy-registry-bench-XXXXXX".utf8CString)
let folder = template.withUnsafeMutableBufferPointer { buffer -> String in
    guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return "/tmp" }
    return String(cString: made)
}
write(folder + "/nop.wat", #"(module (func (export "nop") (result i32) (i32.const 1)))"#)
write(folder + "/spin.wat", """
(module (func (export "spin") (param $n i32) (result i32) (local $i i32) (local $acc i32)
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $i)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.get $acc)))
""")
write(folder + "/app.yaml", """
namespace: b
entries:
  - {name: parts, kind: fs.directory, directory: \(components)}
  - {name: nop, kind: function.wat, source: "file://nop.wat", method: nop}
  - {name: spin, kind: function.wat, source: "file://spin.wat", method: spin, pool: {type: lazy}}
  - name: call
    kind: function.wasm
    fs: b:parts
    path: /funcs-caller.wasm
    hash: sha256:\(sha256(components + "/funcs-caller.wasm"))
    method: call
    imports: [funcs]
  - name: repeat
    kind: function.wasm
    fs: b:parts
    path: /funcs-caller.wasm
    hash: sha256:\(sha256(components + "/funcs-caller.wasm"))
    method: call-repeat
    imports: [funcs]
  - name: echo
    kind: function.wasm
    fs: b:parts
    path: /funcs-callee.wasm
    hash: sha256:\(sha256(components + "/funcs-callee.wasm"))
    method: echo
""")

/// The measurements, off the main actor (a loop on the main actor would hop to it and back on
/// every await, measuring Swift's executor switches instead of the registry).
enum Bench {
    /// Microseconds per call of `body`, over `count` sequential calls after `count / 10` warm-up
    /// calls: wall time, and CPU time of the whole process.
    static func measure(_ count: Int, _ body: () async throws -> Void) async throws -> (wall: Double, cpu: Double) {
        for _ in 0..<max(1, count / 10) { try await body() }
        let (start, startCPU) = (wallSeconds(), cpuSeconds())
        for _ in 0..<count { try await body() }
        return ((wallSeconds() - start) / Double(count) * 1e6, (cpuSeconds() - startCPU) / Double(count) * 1e6)
    }

    static func perCall(_ count: Int, _ body: () async throws -> Void) async throws -> Double {
        try await measure(count, body).wall
    }

    static func both(_ figures: (wall: Double, cpu: Double)) -> String {
        "\(format(figures.wall)) µs wall, \(format(figures.cpu)) µs CPU"
    }

    /// `value` with two decimals; a difference of two noisy figures can be negative.
    static func format(_ value: Double) -> String {
        let hundredths = Int((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        return "\(value < 0 && hundredths > 0 ? "-" : "")\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func run(_ folder: String) async {
        do {
            let registry = try EntryRegistry(paths: [folder + "/app.yaml"])
            try registry.register("b:swift-echo") { $0 }
            let n = 20_000

            if CommandLine.arguments.count > 2, CommandLine.arguments[2] == "funcs" {
                // Only the funcs round trips, long enough for a profiler.
                let figures = try await measure(20) { _ = try await registry.call("b:repeat", json: ["b:echo", "x", 50_000]) }
                print("funcs round trips inside one guest call: A -> B entry \(format(figures.cpu / 50_000)) µs CPU")
                return
            }

            // 1. A call by ID on a warm registry: the guest returns a constant (its own work is tens
            //    of nanoseconds), so the figure is the registry's cost: JSON in and out, pool, the
            //    hand-off to a worker thread and back to the awaiting task.
            let byID = try await measure(n) { _ = try await registry.call("b:nop", json: []) }
            print("call by ID (warm, Swift API, async): \(both(byID)) per call")

            // 2. funcs A -> B: the caller component calls the echo component through call-string;
            //    against the same caller answering from a Swift target (no second guest).
            let direct = try await measure(n) { _ = try await registry.call("b:echo", json: ["x"]) }
            let toSwift = try await measure(n) { _ = try await registry.call("b:call", json: ["b:swift-echo", "x"]) }
            let toEntry = try await measure(n) { _ = try await registry.call("b:call", json: ["b:echo", "x"]) }
            print("a component entry (echo) called from Swift: \(both(direct)) per call")
            print("caller -> Swift target: \(both(toSwift)); caller -> echo entry: \(both(toEntry)) per call")
            print("funcs round trip A -> B (caller->entry minus caller->Swift target): \(format(toEntry.wall - toSwift.wall)) µs wall, \(format(toEntry.cpu - toSwift.cpu)) µs CPU")
            // The same inside one guest call: call-repeat makes `times` call-string round trips,
            // so the hand-off from Swift to the worker is paid once.
            let times = 20_000
            let repeatEntry = try await measure(5) { _ = try await registry.call("b:repeat", json: ["b:echo", "x", .number(JSONNumber(Int64(times)))]) }
            let repeatSwift = try await measure(5) { _ = try await registry.call("b:repeat", json: ["b:swift-echo", "x", .number(JSONNumber(Int64(times)))]) }
            let perRound = (wall: repeatEntry.wall / Double(times), cpu: repeatEntry.cpu / Double(times))
            let perSwift = (wall: repeatSwift.wall / Double(times), cpu: repeatSwift.cpu / Double(times))
            print("funcs round trips inside one guest call: A -> B entry \(both(perRound)); A -> Swift target \(both(perSwift))")

            // 3. Throughput: calibrate spin(n) to about 1 ms, then 64 concurrent callers on the lazy pool.
            var iterations = 1_000_000
            // Calibrated on CPU time: on a busy machine wall time would make the function shorter.
            let probe = try await measure(20) { _ = try await registry.call("b:spin", json: [.number(JSONNumber(Int64(iterations)))]) }
            iterations = max(1, Int(Double(iterations) * 1000 / probe.cpu))
            let unitFigures = try await measure(50) { _ = try await registry.call("b:spin", json: [.number(JSONNumber(Int64(iterations)))]) }
            let callers = 64, perCaller = 60
            let spin: [JSONValue] = [.number(JSONNumber(Int64(iterations)))]
            let (start, startCPU) = (wallSeconds(), cpuSeconds())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<callers {
                    group.addTask {
                        for _ in 0..<perCaller { _ = try await registry.call("b:spin", json: spin) }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = wallSeconds() - start
            let cpuPerCall = (cpuSeconds() - startCPU) / Double(callers * perCaller) * 1e6
            let stats = registry.statistics("b:spin")
            print("lazy pool, \(callers) callers x \(perCaller) calls of a \(format(unitFigures.cpu / 1000)) ms CPU function (spin \(iterations)): "
                + "\(Int(Double(callers * perCaller) / elapsed)) calls/s (\(format(elapsed)) s; instances \(stats?.created ?? 0), at most \(stats?.peakBusy ?? 0) at once)")
            let processors = Double(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
            print("  CPU per call under load \(format(cpuPerCall)) µs (alone \(format(unitFigures.cpu)) µs): "
                + "\(Int(processors * 1e6 / cpuPerCall)) calls/s when the \(Int(processors)) processors are this program's alone")
            registry.shutdown()
        } catch {
            print("error: \(error)")
        }
    }
}

await Bench.run(folder)
