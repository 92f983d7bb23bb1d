import WASIHost
import WasmInterpreter

/// What `wippy-wasm run` was asked to do.
struct RunOptions {
    /// The module to run.
    var file: String = ""
    /// Arguments for the guest (after the file), without `argv[0]`.
    var arguments: [String] = []
    /// `--invoke CALL`: call this export instead of `_start`.
    var invoke: String?
    /// `--json`: print a component function's result as JSON instead of WAVE.
    var json = false
    /// `--env NAME=VALUE` (or `--env NAME`, taking the host's value), in order.
    var environment: [(name: String, value: String)] = []
    /// `--dir HOST[::GUEST]` and `--dir-ro HOST[::GUEST]`.
    var mounts: [WASIMount] = []
    /// `--argv0 NAME`: the guest's `argv[0]` (default: the file as given).
    var argv0: String?
    /// `--allow-network`: grant the network (`wasi:sockets`: TCP, UDP, name lookup;
    /// `wasi:http` outgoing requests).
    var allowNetwork = false
    /// `--tls-ca FILE`: also trust the CA certificates in FILE (PEM) for https.
    var tlsCAFile: String?
    /// `--trap-unknown-imports`: link function imports nothing provides to functions that trap
    /// when called (core modules).
    var trapUnknownImports = false
    /// `--cache` or `--cache-dir DIR`: use the persistent validation cache (core modules).
    var cache = false
    /// `--cache-dir DIR`: where its records are (default: ``ModuleLoad/defaultCacheDirectory``).
    var cacheDirectory: String?
    /// `--timings`: print each start-up phase's CPU and wall time on stderr (``StartupTimings``).
    var timings = false
    /// `--max-time MS`, `--max-memory BYTES`, `--fuel N` (for an entry file, they tighten the
    /// entry's own `limits`).
    var limits = CallLimits()

    /// The guest's full argument list, `argv[0]` included.
    var guestArguments: [String] { [argv0 ?? file] + arguments }
}
