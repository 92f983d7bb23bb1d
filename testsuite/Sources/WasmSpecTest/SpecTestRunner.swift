#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmValidation

/// Options of `wippy-wasm spectest`.
public struct SpecTestOptions: Sendable {
    /// Print message mismatches of passing assertions and skip reasons.
    public var verbose = false
    /// Print only the per-script summaries and the totals.
    public var quiet = false
    /// The expected-failures list; nil uses ``SpecTestRunner/defaultExpectedFailuresPath`` if it exists.
    public var expectedFailuresPath: String?
    /// Run each script in a forked child so that crashes and hangs are reported, not fatal.
    public var isolate = true
    /// Per-child time limit in seconds (0: none); only with `isolate`.
    public var timeoutSeconds = 300
    /// Which validation rules apply.
    public var features: FeatureSelection = .auto

    /// The defaults.
    public init() {}
}

/// The validation rules the runner applies.
public enum FeatureSelection: String, Sendable, CaseIterable {
    /// WebAssembly 2.0 rules for scripts under a `wasm-2.0` folder, 3.0 rules plus the
    /// custom-descriptors proposal under a `custom-descriptors` folder, 3.0 rules otherwise.
    case auto
    /// The WebAssembly 3.0 rules the validator supports (`ValidationFeatures.all`).
    case all
    /// The WebAssembly 2.0 rules (`ValidationFeatures.wasm2`): no multiple memories, no extended
    /// constant expressions.
    case wasm2

    /// The features for a script at `path`.
    func features(forScriptAt path: String) -> ValidationFeatures {
        switch self {
        case .all: return .all
        case .wasm2: return .wasm2
        case .auto:
            let components = (FileSystem.canonicalPath(path) ?? path).split(separator: "/")
            if components.contains("wasm-2.0") { return .wasm2 }
            // The custom-descriptors proposal relaxes a 3.0 rule (`br_on_cast`), so it is on
            // only for its own scripts.
            return components.contains("custom-descriptors") ? ValidationFeatures.all.union(.customDescriptors) : .all
        }
    }
}

/// The spec conformance runner: runs `.wast` scripts, or JSON scripts from
/// `wasm-tools json-from-wast`.
public enum SpecTestRunner {
    /// Where the WebAssembly 2.0 suite is expected when no path is given (from the package root).
    public static let defaultSuitePath = "../shared/spec/wasm-2.0/json"
    /// The expected-failures list used when none is given (from the package root).
    public static let defaultExpectedFailuresPath = "testsuite/spec/expected-failures.txt"

    /// Exit status: every failure is an expected one.
    public static let exitSuccess: Int32 = 0
    /// Exit status: some failure is not in the expected-failures list.
    public static let exitFailures: Int32 = 1
    /// Exit status: bad usage, missing suite or list.
    public static let exitUsage: Int32 = 2

    /// One script to run.
    private struct ScriptEntry {
        /// Path used to open it and in messages.
        var displayPath: String
        /// Path relative to the folder given on the command line.
        var relativePath: String
    }

    /// Runs the scripts at `paths` (files, or folders searched recursively for `*.json`, or for
    /// `*.wast` when there is no JSON), prints the results and returns the process exit status.
    public static func run(paths: [String], options: SpecTestOptions) -> Int32 {
        let startTime = monotonicSeconds()
        let roots = paths.isEmpty ? [defaultSuitePath] : paths

        var scripts: [ScriptEntry] = []
        for root in roots {
            switch FileSystem.kind(of: root) {
            case .missing:
                printError("spectest: \(root): no such file or directory (put the test suite there: ../shared/spec for the WebAssembly spec suite, ../shared/component-model-tests for the component model's tests; see README)")
                return exitUsage
            case .file:
                if root.hasSuffix(".wat") {
                    printError("spectest: \(root): a .wat file is a module, not a script; pass .wast or .json scripts")
                    return exitUsage
                }
                scripts.append(ScriptEntry(displayPath: root, relativePath: FileSystem.baseName(root)))
            case .directory:
                // JSON scripts if the folder has any, else the .wast scripts themselves.
                var found = FileSystem.findFiles(under: root, suffix: ".json")
                if found.isEmpty { found = FileSystem.findFiles(under: root, suffix: ".wast") }
                if found.isEmpty {
                    printError("spectest: \(root): no .json or .wast scripts found")
                    return exitUsage
                }
                for relative in found {
                    scripts.append(ScriptEntry(displayPath: FileSystem.join(root, relative), relativePath: relative))
                }
            case .other:
                printError("spectest: \(root): not a file or directory")
                return exitUsage
            }
        }

        var expected = ExpectedFailureList()
        var listPath: String?
        if let path = options.expectedFailuresPath {
            switch FileSystem.kind(of: path) {
            case .missing:
                printError("spectest: \(path): no such file (expected-failures list)")
                return exitUsage
            case .directory:
                printError("spectest: \(path): is a directory (expected-failures list)")
                return exitUsage
            case .file, .other:
                break
            }
            listPath = path
        } else if FileSystem.kind(of: defaultExpectedFailuresPath) == .file {
            listPath = defaultExpectedFailuresPath
        }
        if let listPath {
            do {
                let bytes = try FileSystem.readFile(listPath)
                expected = ExpectedFailureList(parsing: String(decoding: bytes, as: UTF8.self))
                for problem in expected.problems {
                    printError("spectest: \(listPath):\(problem.line): \(problem.message)")
                }
            } catch {
                printError("spectest: \(error)")
                return exitUsage
            }
        }

        var totalPassed = 0
        var totalFailed = 0
        var totalSkipped = 0
        var totalTextSkipped = 0
        var expectedCount = 0
        var unexpectedCount = 0
        var relevantEntries = Set<Int>()
        var usedEntries = Set<Int>()

        for entry in scripts {
            let report: ScriptReport
            var sourceFilename: String?
            switch SpecScript.load(path: entry.displayPath) {
            case .failure(let error):
                var failed = ScriptReport()
                failed.failed = 1
                failed.lines = [.failure(line: 0, message: "script: \(error.message)", assertion: true)]
                report = failed
            case .success(let script):
                sourceFilename = script.sourceFilename
                let features = options.features.features(forScriptAt: entry.displayPath)
                if options.isolate && ProcessIsolation.isAvailable {
                    report = ProcessIsolation.run(
                        script: script, verbose: options.verbose, features: features, timeoutSeconds: options.timeoutSeconds)
                } else {
                    report = ProcessIsolation.inProcess(script: script, verbose: options.verbose, features: features)
                }
            }

            let aliases = ExpectedFailureList.aliases(
                relativePath: entry.relativePath, displayPath: entry.displayPath, sourceFilename: sourceFilename)
            let candidates = expected.entries(forAliases: aliases)
            relevantEntries.formUnion(candidates)

            var output = ""
            for line in report.lines {
                switch line {
                case .failure(let lineNumber, let message, _):
                    var suffix = ""
                    if let match = expected.match(line: lineNumber, candidates: candidates) {
                        usedEntries.insert(match)
                        expectedCount += 1
                        suffix = " (expected failure)"
                    } else {
                        unexpectedCount += 1
                    }
                    if !options.quiet { output += "\(entry.displayPath):\(lineNumber): \(SpecCommand.printable(message))\(suffix)\n" }
                case .note(let lineNumber, let message):
                    if options.verbose && !options.quiet { output += "\(entry.displayPath):\(lineNumber): note: \(SpecCommand.printable(message))\n" }
                }
            }
            output += "\(entry.displayPath): \(report.passed) passed, \(report.failed) failed, \(report.skipped) skipped\n"
            print(output, terminator: "")
            totalPassed += report.passed
            totalFailed += report.failed
            totalSkipped += report.skipped
            totalTextSkipped += report.textSkipped
        }

        print("text-format modules skipped: \(totalTextSkipped)")
        print("unexpected failures: \(unexpectedCount) (expected failures that occurred: \(expectedCount))")
        let stale = relevantEntries.subtracting(usedEntries).sorted()
        if !stale.isEmpty {
            print("stale expected failures (they pass now; remove them from \(listPath ?? "the list")): \(stale.count)")
            for index in stale {
                let entry = expected.entries[index]
                print("  \(listPath ?? "list"):\(entry.sourceLine): \(entry.text)")
            }
        }
        if options.verbose {
            let elapsed = monotonicSeconds() - startTime
            print("time: \(Double(Int(elapsed * 10)) / 10) s for \(scripts.count) scripts")
        }
        print("spectest: \(totalPassed) passed, \(totalFailed) failed, \(totalSkipped) skipped")
        Console.flush()
        return unexpectedCount == 0 ? exitSuccess : exitFailures
    }

    private static func printError(_ message: String) {
        Console.printError(message)
    }

    private static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
