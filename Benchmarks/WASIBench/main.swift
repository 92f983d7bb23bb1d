// `make bench-wasi`: what waiting guests cost. Starts N instances of the sleeper component
// (testsuite/components/sleeper.wasm; default 10,000) on one dispatcher from one thread, each
// sleeping 1 s on wasi:clocks/monotonic-clock (subscribe-duration + pollable.block), and prints
// the wall time until all are done, the OS threads of the process, the peak RSS, and the RSS
// per sleeping guest beyond its linear memory (RSS with all suspended, minus RSS before,
// minus the guests' linear memories, over N).
//
//   swift run -c release WASIBench [N] [SLEEP_MS]
//   swift run -c release WASIBench tcp [N]     (guests waiting on TCP connections: TCPWaiters.swift)
#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import ComponentModel
import WASIClocks
import WASIHost
import WASIIO

/// A field of /proc/self/status in kB (VmRSS, VmHWM), or the number of Threads.
func status(_ field: String) -> Int {
    guard let bytes = readFile("/proc/self/status") else { return -1 }
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(field + ":") {
        let digits = line.dropFirst(field.count + 1).filter { $0.isNumber }
        return Int(digits) ?? -1
    }
    return -1
}

let args = CommandLine.arguments
if args.count > 1 && args[1] == "tcp" {
    do {
        try runTCPWaiters(count: args.count > 2 ? Int(args[2]) ?? 1000 : 1000)
        exit(0)
    } catch {
        print("error: \(error)")
        exit(1)
    }
}
let count = args.count > 1 ? Int(args[1]) ?? 10_000 : 10_000
let sleepMS = args.count > 2 ? UInt64(args[2]) ?? 1000 : 1000
let path = "testsuite/components/sleeper.wasm"
guard let bytes = readFile(path) else {
    print("cannot read \(path): run from the repository's root")
    exit(1)
}
do {
    let component = try LoadedComponent(bytes: bytes)
    let linker = ComponentLinker()
    try wasiIOGroup.register(into: linker)
    try wasiClocksGroup.register(into: linker)
    let dispatcher = try Dispatcher()
    let rssBefore = status("VmRSS")
    let start = Dispatcher.now()
    var done = 0
    var failures = 0
    var keep: [InstantiatedComponent] = []
    keep.reserveCapacity(count)
    for _ in 0..<count {
        let runtime = ComponentRuntime()
        runtime.hostState[WASISession.self] = WASISession(context: WASIContext(), dispatcher: dispatcher)
        let instance = try runtime.instantiate(component, linker: linker)
        keep.append(instance)
        ComponentDriver.drive(on: dispatcher, try instance.start("sleep", [.u64(sleepMS * 1_000_000)])) { outcome in
            if case .success = outcome { done += 1 } else { failures += 1 }
        }
    }
    let started = Dispatcher.now()
    let rssSuspended = status("VmRSS")
    let threads = status("Threads")
    dispatcher.run()
    let end = Dispatcher.now()
    // The sleeper has no linear memory of its own, so everything measured is per-guest overhead.
    let perGuest = Double(rssSuspended - rssBefore) * 1024 / Double(count)
    print("wasi-sleep: \(count) guests x \(sleepMS) ms: all done in \(Double(end - start) / 1e9) s wall (start-up of all \(Double(started - start) / 1e9) s), \(done) finished, \(failures) failed")
    print("wasi-sleep: OS threads while sleeping: \(threads); peak RSS \(status("VmHWM") / 1024) MiB; RSS per sleeping guest \(Int(perGuest / 1024)) KiB (no linear memory)")
} catch {
    print("error: \(error)")
    exit(1)
}
