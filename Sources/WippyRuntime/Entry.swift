import WippyYAML

/// One entry of an entry file: its ID, kind and the fields the runtime understands.
public struct Entry: Sendable {
    /// `namespace:name`.
    public var id: String
    /// The `kind:` value, e.g. `function.wasm`.
    public var kind: String
    /// Where the entry starts in the YAML file.
    public var mark: YAMLMark
    /// The entry's meaning for its kind.
    public var definition: Definition

    /// What an entry describes.
    public enum Definition: Sendable {
        /// `fs.directory`: a folder (already resolved against the YAML file's folder).
        case directory(path: String)
        /// `function.wasm`: a binary module found through an `fs.directory` entry.
        case wasmFunction(WasmFunction)
        /// `function.wat`: a module written as WAT text.
        case watFunction(WATFunction)
        /// `process.wasm`: a module or component whose method runs once to completion (no pool).
        case process(WasmFunction)
        /// `env.variable`: a process environment variable guests may be given.
        case variable(EnvVariable)
        /// A kind this runtime does not know yet; an error when run.
        case unknown
    }

    /// The `limits` of a function entry (the defaults for other kinds).
    public var limits: EntryLimits {
        switch definition {
        case .wasmFunction(let function), .process(let function): return function.limits
        case .watFunction(let function): return function.limits
        case .directory, .variable, .unknown: return EntryLimits()
        }
    }

    /// Whether the entry can be called (`function.*` kinds, known or not).
    public var isFunction: Bool {
        switch definition {
        case .wasmFunction, .watFunction, .process: return true
        case .directory, .variable: return false
        case .unknown: return kind.hasPrefix("function.")
        }
    }
}

/// The fields of a `function.wasm` entry that this slice uses.
public struct WasmFunction: Sendable {
    /// ID of the `fs.directory` entry.
    public var fs: String
    /// The module's path inside that directory.
    public var path: String
    /// The expected SHA-256, as 64 lowercase hex digits (without `sha256:`).
    public var hash: String
    /// The export to call.
    public var method: String
    /// The parsed `wit:` signatures, if given.
    public var wit: WITSignatures?
    /// The `imports:` host groups, canonical (lowercase, no version): only these are linked.
    public var imports: [String]
    /// The `wasi:` field.
    public var wasi: EntryWASI = EntryWASI()
    /// The `pool:` field (a process has none: always one instance per run).
    public var pool: PoolConfig = PoolConfig()
    /// The `limits:` field.
    public var limits: EntryLimits = EntryLimits()
    /// The `tls:` field (an extra CA for https).
    public var tls: EntryTLS = EntryTLS()
}

/// The fields of a `function.wat` entry.
public struct WATFunction: Sendable {
    /// The WAT text (after `file://` replacement).
    public var source: String
    /// The export to call.
    public var method: String
    /// The parsed `wit:` signatures, if given.
    public var wit: WITSignatures?
    /// The `pool:` field.
    public var pool: PoolConfig = PoolConfig()
    /// The `limits:` field.
    public var limits: EntryLimits = EntryLimits()
}
