// A runnable example of embedding wippy-wasm's component runtime (docs/embedding.md).
//
//   swift run embedding-example ../shared/wippy/minimal.wasm
//
// It loads Wippy's `minimal.wasm` test component, gives it a Swift implementation of its
// `test:minimal/host@0.1.0` import, and calls two of its exports.
import ComponentModel
import Foundation

let path = CommandLine.arguments.dropFirst().first ?? "../shared/wippy/minimal.wasm"
guard let data = FileManager.default.contents(atPath: path) else {
    print("cannot read \(path): pass the path of minimal.wasm (it is in the shared suite's wippy/ folder)")
    exit(1)
}

do {
    // 1. Load: decode and validate the component and compile its core modules (once; the
    //    result is immutable and can be instantiated many times).
    let component = try LoadedComponent(bytes: [UInt8](data))

    // 2. Link: register host functions by interface name and version. A guest importing
    //    test:minimal/host@0.1.x is served by this 0.1.0 host.
    let linker = ComponentLinker()
    try linker.define("test:minimal/host@0.1.0#add") { arguments in
        guard case .u32(let a) = arguments[0], case .u32(let b) = arguments[1] else { return nil }
        print("host add(\(a), \(b))")
        return .u32(a &+ b)
    }

    // 3. Instantiate and call exports by name (`iface#name` for interface exports).
    let instance = try ComponentRuntime().instantiate(component, linker: linker)
    let product = try instance.call("compute", [.u32(6), .u32(7)])
    let sum = try instance.call("compute-using-host", [.u32(7), .u32(8)])
    print("compute(6, 7) = \(product.map { WAVE.format($0, as: .primitive(.u32)) } ?? "-")")
    print("compute-using-host(7, 8) = \(sum.map { WAVE.format($0, as: .primitive(.u32)) } ?? "-")")
} catch {
    print("error: \(error)")
    exit(1)
}
