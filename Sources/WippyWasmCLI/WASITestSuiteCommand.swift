import WASITestSuite

/// `wippy-wasm wasi-testsuite [PATH...] [-v]`: runs the WASI testsuite's preview 1 programs
/// (each in a forked child with a 10 s timeout) and compares the failures with
/// `testsuite/wasi/expected-failures.txt`.
enum WASITestSuiteCommand {
    static func run(paths: [String], verbose: Bool) -> Int32 {
        let roots = paths.isEmpty ? [WASITestSuiteDefaults.path] : paths
        var suites: [String] = []
        for root in roots { suites += WASITestRunner.findSuites(under: root) }
        guard !suites.isEmpty else {
            printError("wippy-wasm: wasi-testsuite: no suite directory (with a wasm32-wasip1 manifest.json) under \(roots.joined(separator: ", "))")
            return 1
        }
        let expected = WASIExpectedFailures.load(WASITestSuiteDefaults.expectedFailuresPath)
        let runner = WASITestRunner(isolationTimeoutSeconds: 10)
        var passed = 0, failed = 0, unexpected = 0, fixed: [String] = []
        for suite in suites {
            let report: WASISuiteReport
            do { report = try runner.runSuite(directory: suite) } catch {
                printError("wippy-wasm: wasi-testsuite: \(error)")
                return 1
            }
            for result in report.results {
                let known = expected.names.contains(result.name)
                if result.passed {
                    passed += 1
                    if known { fixed.append(result.name) }
                    if verbose { print("  pass \(result.name)") }
                } else {
                    failed += 1
                    if !known { unexpected += 1 }
                    if verbose || !known {
                        print("  \(known ? "FAIL (expected)" : "FAIL") \(result.name): \(result.message ?? "")")
                    }
                }
            }
            print("\(report.name): \(report.passed) passed, \(report.failed) failed")
        }
        for name in fixed { print("  now passes (remove from the expected failures): \(name)") }
        print("\(passed) passed, \(failed) failed")
        if unexpected > 0 { print("\(unexpected) unexpected failure(s)") }
        return unexpected == 0 ? 0 : 1
    }
}
