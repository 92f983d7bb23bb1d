// wippy-fuzz: long fuzzing runs of every input surface (`make fuzz`, issue #12).
//
//   wippy-fuzz SHARED SURFACE [COUNT] [SEED]
//
// SURFACE is module, component, wat, yaml, json, wave, http, entry, wasi, serve, requests, funcs or all. Each input is
// a mutated seed (the shared suite's modules, components and scripts, the repository's entry
// files, HTTP messages, WASI 0.2 programs, `serve` handlers and clients, `funcs` callers); every input must end in a value or a typed error, and some surfaces
// check more (`PropertyFailure`: the run stops with its message). The input being run is kept in
// .build/fuzz/current-SURFACE.bin, so when the process dies it holds the crashing input. An input
// that runs longer than WIPPY_FUZZ_HANG_SECONDS (default 60) ends the run as a hang (`Watchdog`).
#if canImport(Glibc)
import Glibc
#endif
import ComponentBinary
import ComponentModel
import FuzzSupport
import WasmBinary

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    print("usage: wippy-fuzz SHARED SURFACE [COUNT] [SEED]  (SURFACE: module, component, wat, yaml, json, wave, http, entry, wasi, serve, requests, funcs, all)")
    exit(2)
}
let shared = arguments[0]
let wanted = arguments[1]
let count = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
let seed = arguments.count > 3 ? UInt64(arguments[3]) ?? 1 : 1

guard let specFolder = opendir(shared + "/spec") else {
    print("wippy-fuzz: \(shared)/spec not found: put the shared suite beside the repository as ../shared")
    exit(2)
}
closedir(specFolder)

func surface(_ name: String) -> Surface? {
    switch name {
    case "module":
        // The 2.0 suite and the newest one (3.0 with GC, proposals, legacy exceptions).
        return Surfaces.module(seeds: Corpus.files(under: shared + "/spec/wasm-2.0/json", suffix: ".wasm", limit: 256 << 10)
            + Corpus.files(under: shared + "/spec/json", suffix: ".wasm", limit: 256 << 10))
    case "component":
        let seeds = Corpus.files(under: shared + "/wippy", suffix: ".wasm", limit: 512 << 10)
            + Corpus.files(under: shared + "/components", suffix: "-wat.wasm", limit: 512 << 10)
            + Corpus.files(under: "testsuite/components", suffix: ".wasm", limit: 512 << 10)
        return Surfaces.component(seeds: seeds)
    case "wat":
        return Surfaces.wat(seeds: Corpus.wastCommands(Corpus.files(under: shared + "/spec/wasm-2.0/wast", suffix: ".wast")
            + Corpus.files(under: shared + "/spec/wast", suffix: ".wast")))
    case "yaml":
        return Surfaces.yaml(seeds: Corpus.files(under: "examples", suffix: ".yaml") + Corpus.files(under: "testsuite", suffix: ".yaml"))
    case "json":
        return Surfaces.json(seeds: Corpus.files(under: shared + "/components", suffix: ".json"))
    case "wave":
        var types: [ResolvedFunctionType] = []
        var seeds: [[UInt8]] = []
        for bytes in Corpus.files(under: shared + "/wippy", suffix: ".wasm", limit: 4 << 20) {
            guard let component = try? LoadedComponent(bytes: bytes),
                  let instance = try? ComponentRuntime().instantiate(component) else { continue }
            for name in instance.functionNames {
                guard let type = instance.functionType(name) else { continue }
                types.append(type)
                let values = type.parameters.map { WAVE.format(SampleValues.value($0.type), as: $0.type) }
                seeds.append(Array("\(name)(\(values.joined(separator: ", ")))".utf8))
            }
        }
        return Surfaces.wave(seeds: seeds, types: types)
    case "http":
        return HTTPSurface.surface()
    case "entry":
        guard let entry = EntrySurface.surface(seeds: Corpus.files(under: "examples", suffix: ".yaml")) else { unavailable(name) }
        return entry
    case "wasi":
        guard let wasi = WASISurface.surface(shared: shared) else { unavailable(name) }
        return wasi
    case "serve":
        guard let serve = ServeSurface.surface() else { unavailable(name) }
        return serve
    case "requests":
        guard let requests = ServeRequestsSurface.surface() else { unavailable(name) }
        return requests
    case "funcs":
        guard let funcs = FuncsSurface.surface() else { unavailable(name) }
        return funcs
    default:
        return nil
    }
}

/// Ends the run: the surface's scratch folder, the repository files it reads (its seeds, its
/// test components), its host or its server could not be set up.
func unavailable(_ name: String) -> Never {
    print("wippy-fuzz: \(name): cannot set up its scratch folder under .build/fuzz, read the repository files it needs "
        + "(examples/, testsuite/components/: run it from the repository's root, as `make fuzz` does), or start its host or server")
    exit(2)
}

/// Keeps the input being run in a file, so a crash leaves it behind.
struct CurrentInput {
    let fd: Int32

    init(_ surface: String) {
        mkdir(".build", 0o755)
        mkdir(".build/fuzz", 0o755)
        fd = open(".build/fuzz/current-\(surface).bin", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }

    func record(_ bytes: [UInt8]) {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }
}

let hangLimit = getenv("WIPPY_FUZZ_HANG_SECONDS").flatMap { Double(String(cString: $0)) } ?? 60
let watchdog = Watchdog(limit: hangLimit)

let names = wanted == "all" ? ["module", "component", "wat", "yaml", "json", "wave", "http", "entry", "wasi", "serve", "requests", "funcs"] : [wanted]
for name in names {
    guard let target = surface(name) else {
        print("wippy-fuzz: unknown surface \(name)")
        exit(2)
    }
    guard !target.seeds.isEmpty else {
        print("wippy-fuzz: \(name): no seed inputs found")
        exit(2)
    }
    let mutator = Mutator(tokens: target.tokens)
    let current = CurrentInput(name)
    var rng = FuzzRandom(state: seed &* 0x2545_F491_4F6C_DD1D)
    var accepted = 0
    let start = seconds()
    for i in 0..<count {
        let base = target.seeds[rng.below(target.seeds.count)]
        let input = i % 16 == 0 ? base : mutator.mutate(base, &rng)
        current.record(input)
        watchdog.begin(name, i)
        defer { watchdog.end() }
        do throws(PropertyFailure) {
            if try target.run(input) { accepted += 1 }
        } catch {
            print("wippy-fuzz: \(name): input \(i) (kept in .build/fuzz/current-\(name).bin): \(error.message)")
            exit(1)
        }
    }
    let elapsed = seconds() - start
    print("fuzz \(name): \(count) inputs (\(target.seeds.count) seeds, seed \(seed)), \(accepted) accepted, \(count - accepted) rejected, 0 crashes, \(Int(elapsed)) s")
    fflush(nil)
}
