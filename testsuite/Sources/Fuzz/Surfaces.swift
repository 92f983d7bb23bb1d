import ComponentBinary
import ComponentModel
import FuzzSupport
import WasmBinary
import WasmInterpreter
import WasmText
import WasmValidation
import WippyJSON
import WippyYAML

/// One input surface: its seeds, the words spliced into them, and how an input is run.
struct Surface {
    var name: String
    var seeds: [[UInt8]]
    var tokens: [[UInt8]] = []
    /// Runs one input to its end; true when it was accepted (parsed, or decoded and valid).
    /// Throws when the input breaks a property the surface checks beyond not crashing.
    var run: ([UInt8]) throws(PropertyFailure) -> Bool
}

/// An input that ended in a value or a typed error but broke a property its surface checks
/// (the same answer however an HTTP message's bytes arrive, for instance).
struct PropertyFailure: Error {
    var message: String
}

enum Surfaces {
    /// Core modules: decode, validate, instantiate with every import stubbed, call three exports.
    static func module(seeds: [[UInt8]]) -> Surface {
        Surface(name: "module", seeds: seeds) { bytes in
            guard let module = try? decodeModule(bytes), let validated = try? validateModule(module) else { return false }
            var configuration = StoreConfiguration()
            configuration.fuel = 500
            configuration.maxStackSlots = 1 << 16
            configuration.maxCallDepth = 2_000
            configuration.maxMemoryBytes = 64 << 20
            configuration.maxTableBytes = 16 << 20
            let store = Store(configuration: configuration)
            guard let instance = try? store.instantiate(validated, imports: StubImports.resolver(for: module, store: store)) else { return true }
            for export in instance.exports.prefix(3) {
                guard case .function(let f) = export.value else { continue }
                _ = try? store.invoke(f, store.functionType(f).parameters.map { Value.defaultValue(of: $0) })
            }
            return true
        }
    }

    /// Components: decode, validate, instantiate (imports become trapping stubs), call every
    /// export with a plain value of each parameter type.
    static func component(seeds: [[UInt8]]) -> Surface {
        Surface(name: "component", seeds: seeds) { bytes in
            guard let component = try? LoadedComponent(bytes: bytes) else { return false }
            var configuration = StoreConfiguration()
            configuration.fuel = 200_000
            configuration.maxMemoryBytes = 256 << 20
            guard let instance = try? ComponentRuntime(configuration: configuration).instantiate(component) else { return true }
            for f in instance.functionNames {
                guard let type = instance.functionType(f) else { continue }
                _ = try? instance.call(f, type.parameters.map { SampleValues.value($0.type) })
            }
            return true
        }
    }

    /// The text format: WAST scripts (modules, assertions, quoted and binary modules).
    static func wat(seeds: [[UInt8]]) -> Surface {
        let words = ["(module", "(func", "(param i32)", "(result i64)", "i32.add", "local.get 0", "(", ")", "\"",
                     "0x7fffffffffffffffff", "nan:0x7fffff", "-0x1p-149", "$x", ";;", "(;", ";)", "\\u{10ffff}", "offset=4294967296"]
        return Surface(name: "wat", seeds: seeds, tokens: words.map { Array($0.utf8) }) { bytes in
            (try? WastScript.parse(bytes: bytes)) != nil
        }
    }

    /// Entry-file shaped documents added to the repository's entry files as YAML seeds.
    static let yamlSeeds = [
        "namespace: app\nentries:\n  - name: f\n    kind: function.wasm\n    fs: app:files\n    path: /m.wasm\n    hash: sha256:00\n    method: run\n    imports: [wasi:cli, funcs]\n    pool: {type: lazy, max_size: 4}\n    limits:\n      max_execution_ms: 100\n    wasi:\n      args: [\"a b\", 'c''d']\n      env:\n        - {id: app:v, name: V, required: true}\n      mounts:\n        - fs: app:files\n          guest: /data\n          read_only: true\n",
        "a: |\n  lit\n   more\nb: >-\n  folded\n  text\n\nc: \"q\\n\\u00e9\"\n",
        "- [a, {b: c}]\n- 'x''y'\n- - nested\n  - more: 1\n    key: 2\n",
        "---\nk: v # c\nlist:\n- 1\n- 2.5\n- ~\n...\n",
    ]

    /// YAML (entry files).
    static func yaml(seeds: [[UInt8]]) -> Surface {
        let seeds = seeds + yamlSeeds.map { Array($0.utf8) }
        let words = ["- ", ": ", "\n", "  ", "#", "\"", "'", "[", "]", "{", "}", "|", ">-", "&a", "*a", "!t", "---", "...", "~", "\u{FEFF}"]
        return Surface(name: "yaml", seeds: seeds, tokens: words.map { Array($0.utf8) }) { bytes in
            (try? YAMLParser().parse(bytes)) != nil
        }
    }

    /// JSON (arguments, fixtures).
    static func json(seeds: [[UInt8]]) -> Surface {
        let words = ["{", "}", "[", "]", ",", ":", "\"", "\\u", "\\ud800", "1e999999", "-0", "true", "null", "0.1e-7"]
        return Surface(name: "json", seeds: seeds, tokens: words.map { Array($0.utf8) }) { bytes in
            (try? JSONParser().parse(bytes)) != nil
        }
    }

    /// WAVE calls (`--invoke`), checked against the parameter types of a few signatures.
    static func wave(seeds: [[UInt8]], types: [ResolvedFunctionType]) -> Surface {
        let words = ["(", ")", "[", "]", "{", "}", ",", ":", "\"", "'", "some(", "none", "ok(", "err(", "%", "\\u{", "nan", "-inf", "18446744073709551616"]
        return Surface(name: "wave", seeds: seeds, tokens: words.map { Array($0.utf8) }) { bytes in
            guard let call = try? WAVECall.parse(String(decoding: bytes, as: UTF8.self)) else { return false }
            for parameters in types {
                _ = try? call.arguments(for: parameters)
            }
            return true
        }
    }
}
