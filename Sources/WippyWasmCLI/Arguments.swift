import WasmSpecTest

/// What the command line asks for.
enum CLICommand {
    case help
    case version
    case spectest(paths: [String], options: SpecTestOptions)
    case validate(files: [String])
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
          spectest [PATH...] [options]   run WebAssembly spec test scripts (JSON from
                                         `wasm-tools json-from-wast`); PATH is a .json file or a
                                         folder searched for *.json (default: \(SpecTestRunner.defaultSuitePath))
              --verbose, -v              also show message mismatches of passing assertions and skips
              --quiet, -q                print only per-script summaries and the totals
              --expected-failures FILE   known failures (default: \(SpecTestRunner.defaultExpectedFailuresPath))
              --timeout SECONDS          time limit per script (default 300, 0: none)
              --features auto|all|wasm2  validation rules: wasm2 = WebAssembly 2.0, all = 3.0 (what the
                                         validator supports); auto (default) = wasm2 for scripts under a
                                         `wasm-2.0` folder, all otherwise
              --no-isolation             run scripts in-process (a crash ends the run; for debugging)
          validate FILE.wasm...          decode and validate modules
          run                            (not yet implemented)
          inspect                        (not yet implemented)
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
            let files = rest.filter { $0 != "--" }
            if let option = files.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
                return .failure(UsageError(message: "validate: unknown option \(option)"))
            }
            guard !files.isEmpty else { return .failure(UsageError(message: "validate: no file given")) }
            return .success(.validate(files: files))
        case "run", "inspect":
            return .success(.notImplemented(first))
        default:
            return .failure(UsageError(message: "unknown command \(first)"))
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
            guard index < arguments.count else { return .failure(UsageError(message: "spectest: \(name) needs a value")) }
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
                        return .failure(UsageError(message: "spectest: --timeout needs a number of seconds, got \(text)"))
                    }
                    options.timeoutSeconds = seconds
                case .failure(let error): return .failure(error)
                }
            case "--features":
                switch value(name, inline: inline) {
                case .success(let text):
                    guard let selection = FeatureSelection(rawValue: text) else {
                        return .failure(UsageError(message: "spectest: --features must be auto, all or wasm2, got \(text)"))
                    }
                    options.features = selection
                case .failure(let error): return .failure(error)
                }
            case "--help", "-h":
                return .success(.help)
            default:
                return .failure(UsageError(message: "spectest: unknown option \(argument)"))
            }
            index += 1
        }
        return .success(.spectest(paths: paths, options: options))
    }
}
