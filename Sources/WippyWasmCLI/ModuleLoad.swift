import ComponentModel
import WASIHost
import WasmBinary
import WasmValidation
import WasmValidationCache

/// Decoding and validating a core module for `run`: through the persistent validation cache
/// when `--cache` asks for it, otherwise directly (a component's core modules: ``cache(_:)``).
enum ModuleLoad {
    /// `$XDG_CACHE_HOME/wippy-wasm`, else `$HOME/.cache/wippy-wasm`.
    static var defaultCacheDirectory: String? {
        var environment: [String: String] = [:]
        for name in ["XDG_CACHE_HOME", "HOME"] { environment[name] = ProcessEnvironment.value(of: name) }
        return ValidationCache.defaultDirectory(environment: environment)
    }

    /// The validated module of `bytes`, with `names` as its function names when given. With
    /// `options.cache`, an unusable cache directory is a one-line warning on stderr and the
    /// module is validated as without the cache.
    static func validated(_ bytes: [UInt8], options: RunOptions, names: FunctionNames? = nil) throws -> ValidatedModule {
        guard let cache = cache(options) else { return try validateModule(try decoded(bytes, names: names)) }
        return try cache.load(bytes, names: names).module
    }

    /// The component in `bytes` (`run` and `serve`), its core modules validated through the
    /// persistent validation cache when `options.cache` asks for it.
    static func component(_ bytes: [UInt8], options: RunOptions) throws(ComponentError) -> LoadedComponent {
        guard let cache = cache(options) else { return try LoadedComponent(bytes: bytes) }
        return try LoadedComponent(bytes: bytes, validate: { try cache.validate($0).module })
    }

    /// The persistent validation cache when `options.cache` asks for it; nil otherwise, and
    /// (after a one-line warning on stderr) when its directory is unknown or unusable.
    static func cache(_ options: RunOptions) -> ValidationCache? {
        guard options.cache else { return nil }
        guard let directory = options.cacheDirectory ?? defaultCacheDirectory else {
            printError("wippy-wasm: warning: no cache directory (set XDG_CACHE_HOME or HOME, or pass --cache-dir); running without the cache")
            return nil
        }
        do {
            return try ValidationCache(directory: directory, runtimeVersion: "wippy-wasm \(wippyWasmVersion)")
        } catch {
            printError("wippy-wasm: warning: \(error); running without the cache")
            return nil
        }
    }

    private static func decoded(_ bytes: [UInt8], names: FunctionNames?) throws(DecodeError) -> Module {
        var module = try decodeModule(bytes)
        if let names { module.names = names }
        return module
    }
}
