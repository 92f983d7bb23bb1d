#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WASIHost
import WASIPreview1
import WasmBinary
import WasmInterpreter
import WasmValidation
import WippyJSON

/// The outcome of one test program.
public struct WASITestResult: Sendable {
    /// `<suite>/<test>`, e.g. `rust/path_link`.
    public var name: String
    /// Whether every expectation held.
    public var passed: Bool
    /// Why it failed.
    public var message: String?
}

/// The outcomes of one suite directory.
public struct WASISuiteReport: Sendable {
    /// The manifest's `name`, e.g. `WASI Rust tests [wasm32-wasip1]`.
    public var name: String
    /// The suite directory.
    public var directory: String
    /// One result per `.wasm`, in file-name order.
    public var results: [WASITestResult]

    /// How many passed.
    public var passed: Int { results.filter(\.passed).count }
    /// How many failed.
    public var failed: Int { results.count - passed }
}

/// Default locations.
public enum WASITestSuiteDefaults {
    /// The prebuilt tests beside the repository.
    public static let path = "../shared/wasi-testsuite/tests"
    /// Tests known to fail, one `<suite>/<test>` per line (`#` comments).
    public static let expectedFailuresPath = "testsuite/wasi/expected-failures.txt"
}

/// Runs WASI testsuite programs (`wasm32-wasip1` core modules) against their `.json`
/// expectations, as the upstream runner does: the `root` fixture directory is copied to a
/// temporary directory and preopened as `/`, the environment is exactly `env`, standard input
/// is empty, standard output and error are captured; standard output (and error) must start
/// with the expected text, and the exit status must match.
public struct WASITestRunner {
    /// Run each test in a forked child (a crash or hang is one failed test), with this timeout.
    /// nil: in this process, bounded by `fuel` instead.
    public var isolationTimeoutSeconds: Int?
    /// Fuel for in-process runs (a hang becomes a "fuel exhausted" trap).
    public var fuel: Int = 20_000_000_000

    /// Creates a runner; `isolationTimeoutSeconds` nil runs tests in-process.
    public init(isolationTimeoutSeconds: Int? = nil) {
        self.isolationTimeoutSeconds = isolationTimeoutSeconds
    }

    /// The suite directories (those holding a `manifest.json` whose version is
    /// `wasm32-wasip1`) at or below `path`, sorted.
    public static func findSuites(under path: String) -> [String] {
        var suites: [String] = []
        var pending = [path]
        var visited = 0
        while let directory = pending.popLast(), visited < 10_000 {
            visited += 1
            let manifest = directory + "/manifest.json"
            if TemporaryDirectory.isRegularFile(manifest) {
                if let bytes = try? TemporaryDirectory.readFile(manifest),
                   let json = try? JSONValue.parse(bytes),
                   json["version"]?.stringValue ?? "wasm32-wasip1" == "wasm32-wasip1" {
                    suites.append(directory)
                }
                continue
            }
            for name in TemporaryDirectory.list(directory) where !name.hasPrefix(".") {
                let child = directory + "/" + name
                if TemporaryDirectory.isDirectory(child) { pending.append(child) }
            }
        }
        return suites.sorted()
    }

    /// The short suite name used in reports and expected-failure lists: the folder before
    /// `testsuite` (`rust`, `c`, `assemblyscript`), else the folder's own name.
    public static func shortName(ofSuite directory: String) -> String {
        let parts = directory.split(separator: "/").map(String.init)
        if let index = parts.lastIndex(of: "testsuite"), index > 0 { return parts[index - 1] }
        return parts.last ?? directory
    }

    /// Runs every `.wasm` of a suite directory.
    public func runSuite(directory: String) throws(WASITestSuiteError) -> WASISuiteReport {
        var name = Self.shortName(ofSuite: directory)
        if let bytes = try? TemporaryDirectory.readFile(directory + "/manifest.json"),
           let json = try? JSONValue.parse(bytes), let manifestName = json["name"]?.stringValue {
            name = manifestName
        }
        let short = Self.shortName(ofSuite: directory)
        var results: [WASITestResult] = []
        for file in TemporaryDirectory.list(directory) where file.hasSuffix(".wasm") {
            let path = directory + "/" + file
            do {
                let test = try WASITestCase.load(modulePath: path)
                var result = run(test, suiteDirectory: directory)
                result.name = short + "/" + test.name
                results.append(result)
            } catch {
                results.append(WASITestResult(name: short + "/" + file, passed: false, message: error.description))
            }
        }
        return WASISuiteReport(name: name, directory: directory, results: results)
    }

    /// Runs one test.
    public func run(_ test: WASITestCase, suiteDirectory: String) -> WASITestResult {
        func fail(_ message: String) -> WASITestResult { WASITestResult(name: test.name, passed: false, message: message) }
        guard let scratch = TemporaryDirectory.make(prefix: "wippy-wasi-test") else { return fail("cannot create a temporary directory") }
        defer { TemporaryDirectory.remove(scratch) }
        var mounts: [WASIMount] = []
        if let root = test.root {
            let copy = scratch + "/root"
            guard mkdir(copy, 0o755) == 0, TemporaryDirectory.copyTree(suiteDirectory + "/" + root, into: copy) else {
                return fail("cannot copy the fixture directory \(root)")
            }
            mounts.append(WASIMount(hostPath: copy, guestPath: "/"))
        }
        let stdin = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let stdout = open(scratch + "/stdout", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let stderr = open(scratch + "/stderr", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer {
            for fd in [stdin, stdout, stderr] where fd >= 0 { close(fd) }
        }
        guard stdin >= 0, stdout >= 0, stderr >= 0 else { return fail("cannot open the standard streams") }
        let context = WASIContext(
            arguments: [test.name + ".wasm"] + test.arguments, environment: test.environment,
            workingDirectory: test.root == nil ? nil : "/", mounts: mounts,
            standardInput: .host(stdin), standardOutput: .host(stdout), standardError: .host(stderr))

        let status: Int32
        if let timeout = isolationTimeoutSeconds {
            switch Self.forked(timeout: timeout, { execute(test.modulePath, context, errorFD: stderr) }) {
            case .success(let code): status = code
            case .failure(let error): return fail(error.description + detail(stderr))
            }
        } else {
            status = execute(test.modulePath, context, errorFD: stderr) & 0xff  // as a process exit status
        }

        var problems: [String] = []
        if status != test.exitCode { problems.append("exit status \(status), expected \(test.exitCode)") }
        let out = TemporaryDirectory.readAll(stdout)
        if let expected = test.stdout, !out.starts(with: Array(expected.utf8)) {
            problems.append("stdout \(Self.quote(out)) does not start with \(Self.quote(Array(expected.utf8)))")
        }
        if let expected = test.stderr, !TemporaryDirectory.readAll(stderr).starts(with: Array(expected.utf8)) {
            problems.append("stderr does not start with \(Self.quote(Array(expected.utf8)))")
        }
        if problems.isEmpty { return WASITestResult(name: test.name, passed: true, message: nil) }
        return fail(problems.joined(separator: "; ") + detail(stderr))
    }

    /// Runs the module as a WASI command; returns its exit status (134 after a trap, whose
    /// message goes to `errorFD`; 1 when it cannot be loaded).
    private func execute(_ modulePath: String, _ context: WASIContext, errorFD: Int32) -> Int32 {
        func report(_ message: String) {
            let bytes = Array("wippy-wasm: \(message)\n".utf8)
            _ = bytes.withUnsafeBytes { write(errorFD, $0.baseAddress, $0.count) }
        }
        let module: ValidatedModule
        do {
            module = try validateModule(try decodeModule(try TemporaryDirectory.readFile(modulePath)))
        } catch {
            report("\(modulePath): \(error)")
            return 1
        }
        var configuration = StoreConfiguration()
        if isolationTimeoutSeconds == nil { configuration.fuel = fuel }
        do {
            return try WASIPreview1.runCommand(module, context: context, store: Store(configuration: configuration))
        } catch {
            report(error.description)
            if case .trap = error { return 134 }
            return 1
        }
    }

    /// The last lines of the captured standard error, for failure messages.
    private func detail(_ stderr: Int32) -> String {
        let text = TemporaryDirectory.readAll(stderr)
        if text.isEmpty { return "" }
        return "; stderr: " + Self.quote(Array(text.suffix(400)))
    }

    static func quote(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes.prefix(300), as: UTF8.self)
        text = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\\n")
        return "\"" + text + (bytes.count > 300 ? "…" : "") + "\""
    }

    /// Runs `body` in a forked child and returns its exit status; a signal or a timeout is an error.
    static func forked(timeout: Int, _ body: () -> Int32) -> Result<Int32, WASITestSuiteError> {
        let pid = fork()
        if pid < 0 { return .failure(WASITestSuiteError("fork failed")) }
        if pid == 0 {
            if timeout > 0 { alarm(UInt32(clamping: timeout)) }
            _exit(body())
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .failure(WASITestSuiteError("waitpid failed")) }
        }
        let signal = status & 0x7f
        if signal == SIGALRM { return .failure(WASITestSuiteError("timed out after \(timeout) s")) }
        if signal != 0 { return .failure(WASITestSuiteError("crashed with signal \(signal)")) }
        return .success((status >> 8) & 0xff)
    }
}
