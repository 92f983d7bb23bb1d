// `make bench-instances` (not a test): what each instance of a pool costs to start when one
// process runs many instances of one component, as a Wippy pool does (each worker its own
// store). Loads ../shared/components/py-cli-tour.wasm (CPython, componentize-py) once, then
// runs it as a command N times, one after the other, each time in a fresh store with its
// fixture's arguments, environment, stdin and mounts, and prints the CPU time of the first run
// and the median of the others. The first run translates the functions CPython runs; the later
// ones use the translations the module's instances share (DESIGN.md §3).
//
//   .build/release/InstanceStartBench [SHARED-FOLDER] [RUNS]
#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import ComponentModel
import WASICLI
import WASIClocks
import WASIFilesystem
import WASIHost
import WASIIO
import WASIRandom
import WASISockets

func temporaryDirectory(_ prefix: String) -> String? {
    var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { buffer -> String? in
        guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return nil }
        return String(cString: made)
    }
}

func fmt(_ x: Double) -> String {
    let tenths = Int((x * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

let arguments = CommandLine.arguments.dropFirst()
let shared = arguments.first ?? "../shared"
let runs = max(2, arguments.dropFirst().first.flatMap { Int($0) } ?? 11)
let path = shared + "/components/py-cli-tour.wasm"
let dataFolder = shared + "/components/py-cli-tour.data"
guard let bytes = readFile(path) else {
    print("instance-start: cannot read \(path); put the conformance data at ../shared or pass its folder")
    exit(1)
}
let component: LoadedComponent
let linker = ComponentLinker()
let dispatcher: Dispatcher
do {
    component = try LoadedComponent(bytes: bytes)
    for group in [wasiIOGroup, wasiCLIGroup, wasiClocksGroup, wasiFilesystemGroup, wasiRandomGroup, wasiSocketsGroup] {
        try group.register(into: linker)
    }
    dispatcher = try Dispatcher()
} catch {
    print("instance-start: \(path): \(error)")
    exit(1)
}

var cpuMilliseconds: [Double] = []
for run in 0..<runs {
    // /out is written by the guest: a fresh folder each run; /data is only read.
    guard let out = temporaryDirectory("wippy-instance-start") else {
        print("instance-start: cannot create a temporary folder")
        exit(1)
    }
    let stdout = WASIByteBuffer(), stderr = WASIByteBuffer()
    let context = WASIContext(
        arguments: ["py-cli-tour", "first", "second arg"], environment: [(name: "GREETING", value: "hi")],
        mounts: [WASIMount(hostPath: dataFolder, guestPath: "/data", readOnly: true),
                 WASIMount(hostPath: out, guestPath: "/out")],
        standardInput: .buffer(WASIByteBuffer(Array("line one\nline two\n".utf8))),
        standardOutput: .buffer(stdout), standardError: .buffer(stderr))
    let c0 = cpuSeconds()
    let outcome: WASICommand.Outcome
    do {
        outcome = try WASICommand.run(component, linker: linker, context: context, dispatcher: dispatcher)
    } catch {
        print("instance-start: run \(run + 1): \(error)")
        exit(1)
    }
    cpuMilliseconds.append((cpuSeconds() - c0) * 1000)
    let text = String(decoding: stdout.bytes, as: UTF8.self)
    guard outcome == .exited(0), text.contains("sha256('wasi'): f5e33862a28cb3fe") else {
        print("instance-start: run \(run + 1) ended \(outcome) with output \(text.suffix(200))")
        exit(1)
    }
    for file in ["sub/dir/note.txt", "result.json"] { unlink(out + "/" + file) }
    for folder in ["sub/dir", "sub", ""] { rmdir(out + "/" + folder) }
}
let later = cpuMilliseconds.dropFirst().sorted()
print("instance-start: py-cli-tour.wasm, \(runs) runs in one process, each in its own store: "
    + "first \(fmt(cpuMilliseconds[0])) ms CPU, later runs median \(fmt(later[later.count / 2])) ms "
    + "(\(fmt(later.first ?? 0))–\(fmt(later.last ?? 0)))")
