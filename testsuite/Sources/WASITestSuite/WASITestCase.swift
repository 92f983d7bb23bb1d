import WippyJSON

/// One program of the WASI testsuite and what it must do (the legacy `<test>.json` format:
/// `args`, `env`, `root`, `exit_code`, `stdout`, `stderr`, all optional).
public struct WASITestCase: Sendable {
    /// The test's name (the `.wasm` file name without the extension).
    public var name: String
    /// Path of the `.wasm` file.
    public var modulePath: String
    /// Program arguments after `argv[0]`.
    public var arguments: [String] = []
    /// The entire guest environment.
    public var environment: [(name: String, value: String)] = []
    /// A directory relative to the suite directory, preopened as `/` (copied to a temporary
    /// directory first, since the tests write into it).
    public var root: String?
    /// The expected exit status.
    public var exitCode: Int32 = 0
    /// The expected start of standard output.
    public var stdout: String?
    /// The expected start of standard error.
    public var stderr: String?

    /// Reads the expectations beside `modulePath` (`<name>.json`); defaults when there is none.
    public static func load(modulePath: String) throws(WASITestSuiteError) -> WASITestCase {
        let base = String(modulePath.dropLast(5))  // ".wasm"
        let name = String(base.split(separator: "/").last ?? Substring(base))
        var test = WASITestCase(name: name, modulePath: modulePath)
        let jsonPath = base + ".json"
        guard TemporaryDirectory.isRegularFile(jsonPath) else { return test }
        let json: JSONValue
        do {
            json = try JSONValue.parse(try TemporaryDirectory.readFile(jsonPath))
        } catch {
            throw WASITestSuiteError("\(jsonPath): \(error)")
        }
        guard json.objectValue != nil else { throw WASITestSuiteError("\(jsonPath): not a JSON object") }
        if let args = json["args"]?.arrayValue {
            test.arguments = args.map { $0.stringValue ?? $0.description }
        }
        if let env = json["env"]?.objectValue {
            test.environment = env.keys.map { ($0, env[$0]?.stringValue ?? env[$0]?.description ?? "") }
        }
        test.root = json["root"]?.stringValue
        if let code = json["exit_code"]?.numberValue?.int64 { test.exitCode = Int32(truncatingIfNeeded: code) }
        test.stdout = json["stdout"]?.stringValue
        test.stderr = json["stderr"]?.stringValue
        return test
    }
}

/// A testsuite folder or expectation file that cannot be used.
public struct WASITestSuiteError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}
