import Glibc
import Testing
import WASITestSuite

/// Locates `../shared/wasi-testsuite` beside the repository.
enum SharedWASITestSuite {
    /// The repository root (three levels above this file).
    static let repositoryRoot: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(4)  // testsuite/Tests/WASITestSuiteTests/<file>
        return parts.joined(separator: "/")
    }()

    static let tests = repositoryRoot + "/../shared/wasi-testsuite/tests"

    static var isPresent: Bool {
        var info = stat()
        return stat(tests, &info) == 0
    }

    static let missingMessage = "the WASI testsuite is missing: expected it at ../shared/wasi-testsuite/tests beside the repository"
}

@Suite("WASI testsuite (wasm32-wasip1)")
struct WASITestSuiteTests {
    @Test(.enabled(if: SharedWASITestSuite.isPresent, Comment(rawValue: SharedWASITestSuite.missingMessage)))
    func everyProgramMeetsItsExpectations() throws {
        let suites = WASITestRunner.findSuites(under: SharedWASITestSuite.tests)
        #expect(suites.count >= 3)
        let expected = WASIExpectedFailures.load(SharedWASITestSuite.repositoryRoot + "/" + WASITestSuiteDefaults.expectedFailuresPath)
        let runner = WASITestRunner()  // in-process: fuel bounds each program
        var passed = 0, total = 0
        for suite in suites {
            let report = try runner.runSuite(directory: suite)
            for result in report.results {
                total += 1
                if result.passed {
                    passed += 1
                } else if !expected.names.contains(result.name) {
                    Issue.record("\(result.name): \(result.message ?? "failed")")
                }
            }
        }
        print("WASI testsuite: \(passed) of \(total) programs passed")
        #expect(total >= 72)
    }

    @Test func expectedFailureListsParse() {
        let list = WASIExpectedFailures(text: "# known\nrust/a   # why\n\n c/b\n")
        #expect(list.names == ["rust/a", "c/b"])
    }

    @Test func suiteNamesComeFromTheLanguageFolder() {
        #expect(WASITestRunner.shortName(ofSuite: "/x/tests/rust/testsuite/wasm32-wasip1") == "rust")
        #expect(WASITestRunner.shortName(ofSuite: "/x/mysuite") == "mysuite")
    }
}
