// A runnable example of the registry's embedding API (docs/embedding.md, "Entries and the
// registry"):
//
//   swift run registry-example examples/registry/app.yaml
//
// It loads an entry file, registers a Swift function as a `funcs` target, calls entries by ID
// with JSON and with component values, and runs 100 calls concurrently from Swift tasks.
import ComponentModel
import WippyFuncs
import WippyJSON
import WippyRuntime

let path = CommandLine.arguments.dropFirst().first ?? "examples/registry/app.yaml"

do {
    // 1. Load: every entry of the file; each function's code is read, verified and compiled
    //    once, on its first call, and its instances stay warm in its pool.
    let registry = try EntryRegistry(paths: [path])
    defer { registry.shutdown() }

    // 2. A Swift function as a `funcs` target: guests reach it with
    //    call-string("demo:shout", input). A thrown FuncsFailure reaches them as
    //    err("demo:shout: <message>").
    try registry.register("demo:shout") { input throws(FuncsFailure) in
        guard case .string(let text) = input, !text.isEmpty else { throw FuncsFailure("nothing to shout") }
        return .string(text.uppercased() + "!")
    }

    // 3. Call by ID with JSON arguments; the result is JSON, as `wippy-wasm run` prints it.
    let sum = try await registry.call("demo:add", json: [40, 2])
    print("demo:add(40, 2) = \(sum?.serialized() ?? "nothing")")

    // 4. A component calling the Swift function through funcs, with component values.
    let shouted = try await registry.call("demo:call", values: [.string("demo:shout"), .string("hello")])
    if case .result(isOK: true, payload: .string(let text)?)? = shouted {
        print("demo:call(\"demo:shout\", \"hello\") = ok(\"\(text)\")")
    }
    let refused = try await registry.call("demo:call", json: ["demo:shout", ""])
    print("demo:call(\"demo:shout\", \"\") = \(refused?.serialized() ?? "nothing")")

    // 5. Many concurrent calls: they share the entry's pool (at most 4 instances at once).
    let total = try await withThrowingTaskGroup(of: Int64.self) { group in
        for i in 0..<100 {
            group.addTask { try await registry.call("demo:add", json: [.number(JSONNumber(Int64(i))), 1])?.numberValue?.int64 ?? 0 }
        }
        var sum: Int64 = 0
        for try await value in group { sum += value }
        return sum
    }
    let stats = registry.statistics("demo:add")
    print("100 concurrent calls: sum \(total), at most \(stats?.peakBusy ?? 0) at once on \(stats?.created ?? 0) instance(s)")
} catch {
    // EntryError: kind .unknownEntry, .arguments, .trap, .busy or .invalid, and a located message.
    print("error: \(error)")
}
