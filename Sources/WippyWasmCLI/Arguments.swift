import WASIHost
import WASITestSuite
import WasmSpecTest
import WippyRuntime

/// What the command line asks for.
enum CLICommand {
    case help
    case version
    case spectest(paths: [String], options: SpecTestOptions)
    case validate(files: [String], bench: Bool)
    case run(RunOptions)
    case serve(RunOptions, address: String)
    case wasiTestsuite(paths: [String], verbose: Bool)
    case inspect(files: [String])
    /// A known subcommand that does not exist yet.
    case notImplemented(String)
}

/// A command line that cannot be understood.
struct UsageError: Error {
    var message: String
}

/// Parses `wippy-wasm` arguments (without the program name).
enum ArgumentParser {
    static let usage = """
        usage: wippy-wasm <command> [arguments]

        commands:
          spectest [PATH...] [options]   run WebAssembly spec test scripts (.wast, or JSON from
                                         `wasm-tools json-from-wast`); PATH is a .wast or .json file
                                         or a folder searched for *.json, else for *.wast
                                         (default: \(SpecTestRunner.defaultSuitePath))
              --verbose, -v              also show message mismatches of passing assertions and skips
              --quiet, -q                print only per-script summaries and the totals
              --expected-failures FILE   known failures (default: \(SpecTestRunner.defaultExpectedFailuresPath))
              --timeout SECONDS          time limit per script (default 300, 0: none)
              --features auto|all|wasm2  validation rules: wasm2 = WebAssembly 2.0, all = 3.0 (what the
                                         validator supports); auto (default) = wasm2 for scripts under a
                                         `wasm-2.0` folder, all plus the custom-descriptors proposal
                                         under a `custom-descriptors` folder, all otherwise
              --no-isolation             run scripts in-process (a crash ends the run; for debugging)
          validate FILE.wasm...          decode and validate modules and components
              --bench                    time decode+validate (repeated for about a second), print MB/s
          run [options] FILE.wasm [ARGS...]
                                         run a WASI command module (`_start`) or WASI 0.2 command
                                         component (`wasi:cli/run`) with ARGS; exit with its
                                         status (a trap: message on stderr, exit 134);
                                         FILE.wat (WAT text) works the same way
          run ENTRY.yaml [ID] [--] [ARG...]
                                         call a function (or process.wasm) entry of a Wippy
                                         entry file with JSON ARGs (a bare word for a string
                                         parameter); print as JSON
              --invoke 'NAME(1, 2.5)'    call an export with these values instead and print the
                                         results, one per line (NAME alone: values from ARGS);
                                         for a component, values and result are WAVE, and NAME
                                         may be `iface#name`
              --json                     (components) print the result as JSON instead of WAVE
              --env NAME=VALUE           set a guest environment variable (repeatable; NAME alone
                                         passes the host's value); the guest sees no others
              --dir HOST[::GUEST]        give the guest a host directory as GUEST (default: the
                                         same path); paths never leave it (repeatable)
              --dir-ro HOST[::GUEST]     the same, read only: every change fails, the host's
                                         files stay as they are
              --argv0 NAME               the guest's argv[0] (default: FILE)
              --max-time MS              stop the guest after MS milliseconds (trap `execution
                                         time limit exceeded (MS ms)`, exit 134)
              --max-memory BYTES         cap its linear memory: memory.grow past BYTES returns -1
              --fuel N                   stop it after N units of fuel (trap `all fuel consumed`,
                                         exit 134); one unit: a taken backward branch or a call
                                         (for an entry file these three tighten its `limits`)
              --allow-network            let the guest use the network (wasi:sockets,
                                         wasi:http outgoing requests)
              --tls-ca FILE              also trust the CA certificates in FILE (PEM) for
                                         https requests
              --trap-unknown-imports     (core modules) link imports nothing provides to
                                         functions that trap when called
              --cache                    keep a record of each core module (a component's
                                         too) that validated, keyed by its BLAKE3 digest and this
                                         runtime's build, and skip validating its functions
                                         when the same bytes run again (as wasmtime's
                                         `-C cache`); records live in $XDG_CACHE_HOME/wippy-wasm
                                         or ~/.cache/wippy-wasm (a private directory)
              --cache-dir DIR            the same, with the records in DIR
              --timings                  (modules, components) print the CPU and wall time of
                                         reading, validating and instantiating on stderr, and
                                         the process's CPU time when the first guest call begins
              --                         end of options: the rest are guest arguments
                                         (options after FILE are ours too, anything else after
                                         FILE goes to the guest)
          serve [options] COMPONENT.wasm
                                         answer HTTP/1.1 requests with the component's
                                         wasi:http/incoming-handler (as `wasmtime serve`); the
                                         options of `run` (--env, --dir, --allow-network,
                                         --tls-ca) apply to every instance; SIGINT/SIGTERM stop
          serve ENTRY.yaml               keep the entries of a Wippy entry file warm and answer
                                         POST /call/{entry-id} with a JSON array of arguments:
                                         200 and the result as `run ENTRY.yaml` prints it; errors
                                         as {"error": "..."}: 404 unknown entry, 400 bad
                                         arguments, 500 trap or limit, 503 full pool queue,
                                         413 body over 64 MiB, 405 not POST
              --addr HOST:PORT           where to listen (default \(ServeCommand.defaultAddress);
                                         port 0: any free port, printed on stderr)
          wasi-testsuite [PATH...] [-v]  run WASI testsuite directories (*.wasm + *.json
                                         expectations; default: \(WASITestSuiteDefaults.path))
          inspect FILE.wasm...           a component's imports and exports as WIT; a core module's
                                         imports and exports with their types
          --help, -h                     show this help
          --version                      show the version
        """

    static func parse(_ arguments: [String]) -> Result<CLICommand, UsageError> {
        guard let first = arguments.first else { return .failure(UsageError(message: "no command given")) }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "--help", "-h", "help":
            return .success(.help)
        case "--version", "version":
            return .success(.version)
        case "spectest":
            return parseSpectest(rest)
        case "validate":
            if rest.contains(where: { $0 == "--help" || $0 == "-h" }) { return .success(.help) }
            let bench = rest.contains("--bench")
            let files = rest.filter { $0 != "--" && $0 != "--bench" }
            if let option = files.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
                return .failure(UsageError(message: "validate: unknown option \(MessageText.short(option))"))
            }
            guard !files.isEmpty else { return .failure(UsageError(message: "validate: no file given")) }
            return .success(.validate(files: files, bench: bench))
        case "run":
            return parseRun(rest)
        case "serve":
            return parseServe(rest)
        case "wasi-testsuite":
            if rest.contains(where: { $0 == "--help" || $0 == "-h" }) { return .success(.help) }
            let verbose = rest.contains("-v") || rest.contains("--verbose")
            let paths = rest.filter { $0 != "-v" && $0 != "--verbose" }
            if let option = paths.first(where: { $0.hasPrefix("-") }) {
                return .failure(UsageError(message: "wasi-testsuite: unknown option \(MessageText.short(option))"))
            }
            return .success(.wasiTestsuite(paths: paths, verbose: verbose))
        case "inspect":
            if rest.contains(where: { $0 == "--help" || $0 == "-h" }) { return .success(.help) }
            guard !rest.isEmpty else { return .failure(UsageError(message: "inspect: no file given")) }
            return .success(.inspect(files: rest))
        default:
            return .failure(UsageError(message: "unknown command \(MessageText.short(first))"))
        }
    }

    private static func parseSpectest(_ arguments: [String]) -> Result<CLICommand, UsageError> {
        var options = SpecTestOptions()
        var paths: [String] = []
        var index = 0
        var optionsEnded = false
        func value(_ name: String, inline: String?) -> Result<String, UsageError> {
            if let inline { return .success(inline) }
            index += 1
            guard index < arguments.count else { return .failure(UsageError(message: "spectest: \(MessageText.short(name)) needs a value")) }
            return .success(arguments[index])
        }
        while index < arguments.count {
            let argument = arguments[index]
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                paths.append(argument)
                index += 1
                continue
            }
            var name = argument
            var inline: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            switch name {
            case "--":
                optionsEnded = true
            case "--verbose", "-v":
                options.verbose = true
            case "--quiet", "-q":
                options.quiet = true
            case "--no-isolation", "--in-process":
                options.isolate = false
            case "--expected-failures":
                switch value(name, inline: inline) {
                case .success(let path): options.expectedFailuresPath = path
                case .failure(let error): return .failure(error)
                }
            case "--timeout":
                switch value(name, inline: inline) {
                case .success(let text):
                    guard let seconds = Int(text), seconds >= 0 else {
                        return .failure(UsageError(message: "spectest: --timeout needs a number of seconds, got \(MessageText.short(text))"))
                    }
                    options.timeoutSeconds = seconds
                case .failure(let error): return .failure(error)
                }
            case "--features":
                switch value(name, inline: inline) {
                case .success(let text):
                    guard let selection = FeatureSelection(rawValue: text) else {
                        return .failure(UsageError(message: "spectest: --features must be auto, all or wasm2, got \(MessageText.short(text))"))
                    }
                    options.features = selection
                case .failure(let error): return .failure(error)
                }
            case "--help", "-h":
                return .success(.help)
            default:
                return .failure(UsageError(message: "spectest: unknown option \(MessageText.short(argument))"))
            }
            index += 1
        }
        return .success(.spectest(paths: paths, options: options))
    }

    /// `run [options] FILE [ARGS...]`: options before FILE must be ours; after FILE, our options
    /// are still taken (`run f.wasm --invoke 'g(1)'`), anything else goes to the guest, and
    /// everything after `--` goes to the guest.
    /// `serve FILE [--addr HOST:PORT]` and the options of `run` (the guest's environment,
    /// mounts, network).
    private static func parseServe(_ arguments: [String]) -> Result<CLICommand, UsageError> {
        var address = ServeCommand.defaultAddress
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--addr" {
                guard index < arguments.count else { return .failure(UsageError(message: "serve: --addr needs a value")) }
                address = arguments[index]
                index += 1
            } else if argument.hasPrefix("--addr=") {
                address = String(argument.dropFirst("--addr=".count))
            } else {
                rest.append(argument)
            }
        }
        switch parseRun(rest) {
        case .success(.run(let options)):
            if options.invoke != nil { return .failure(UsageError(message: "serve: --invoke does not apply")) }
            return .success(.serve(options, address: address))
        case .success(let other): return .success(other)
        case .failure(let error):
            let message = error.message.hasPrefix("run:") ? "serve:" + error.message.dropFirst("run:".count) : error.message
            return .failure(UsageError(message: message))
        }
    }

    private static func parseRun(_ arguments: [String]) -> Result<CLICommand, UsageError> {
        var options = RunOptions()
        var haveFile = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                let rest = arguments[index...]
                if !haveFile, let first = rest.first {
                    options.file = first
                    haveFile = true
                    options.arguments += rest.dropFirst()
                } else {
                    options.arguments += rest
                }
                break
            }
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            switch name {
            case "--invoke", "--env", "--dir", "--dir-ro", "--argv0", "--tls-ca", "--cache-dir":
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard index < arguments.count else { return .failure(UsageError(message: "run: \(MessageText.short(name)) needs a value")) }
                    value = arguments[index]
                    index += 1
                }
                switch name {
                case "--invoke":
                    options.invoke = value
                case "--argv0":
                    options.argv0 = value
                case "--tls-ca":
                    options.tlsCAFile = value
                case "--cache-dir":
                    options.cache = true
                    options.cacheDirectory = value
                case "--env":
                    switch parseEnvironment(value) {
                    case .success(let pair?): options.environment.append(pair)
                    case .success(nil): break  // `--env NAME` with NAME unset on the host
                    case .failure(let error): return .failure(error)
                    }
                default:
                    switch parseMount(value, option: name) {
                    case .success(var mount):
                        mount.readOnly = name == "--dir-ro"
                        options.mounts.append(mount)
                    case .failure(let error): return .failure(error)
                    }
                }
            case "--max-time", "--max-memory", "--fuel":
                let text: String
                if let inline {
                    text = inline
                } else {
                    guard index < arguments.count else { return .failure(UsageError(message: "run: \(name) needs a value")) }
                    text = arguments[index]
                    index += 1
                }
                guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text), value > 0 else {
                    return .failure(UsageError(message: "run: \(name) must be a positive integer, got '\(MessageText.short(text))'"))
                }
                switch name {
                case "--max-time": options.limits.maxExecutionMilliseconds = value
                case "--max-memory": options.limits.maxMemoryBytes = value
                default: options.limits.fuel = value
                }
            case "--json":
                options.json = true
            case "--allow-network":
                options.allowNetwork = true
            case "--trap-unknown-imports":
                options.trapUnknownImports = true
            case "--cache":
                options.cache = true
            case "--timings":
                options.timings = true
            case "--help", "-h":
                if haveFile {
                    options.arguments.append(argument)
                } else {
                    return .success(.help)
                }
            default:
                if haveFile {
                    options.arguments.append(argument)
                } else if argument.hasPrefix("-") && argument != "-" {
                    return .failure(UsageError(message: "run: unknown option \(MessageText.short(argument))"))
                } else {
                    options.file = argument
                    haveFile = true
                }
            }
        }
        guard haveFile else { return .failure(UsageError(message: "run: no file given")) }
        return .success(.run(options))
    }

    /// `NAME=VALUE`, or `NAME` alone for the host's value of NAME (skipped when unset).
    static func parseEnvironment(_ text: String) -> Result<(name: String, value: String)?, UsageError> {
        if let equals = text.firstIndex(of: "=") {
            let name = String(text[..<equals])
            guard !name.isEmpty else { return .failure(UsageError(message: "run: --env needs NAME=VALUE, got \(MessageText.short(text))")) }
            return .success((name, String(text[text.index(after: equals)...])))
        }
        guard !text.isEmpty else { return .failure(UsageError(message: "run: --env needs NAME=VALUE")) }
        return .success(ProcessEnvironment.value(of: text).map { (text, $0) })
    }

    /// `HOST::GUEST` or `HOST` (the guest sees the same path).
    static func parseMount(_ text: String, option: String = "--dir") -> Result<WASIMount, UsageError> {
        let parts = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1 where !text.isEmpty:
            return .success(WASIMount(hostPath: text, guestPath: text))
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty:
            return .success(WASIMount(hostPath: parts[0], guestPath: parts[1]))
        default:
            return .failure(UsageError(message: "run: \(option) needs HOST or HOST::GUEST, got \(MessageText.short(text))"))
        }
    }
}
