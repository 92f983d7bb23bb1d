/// What one script produced: counts and the ordered failure and note lines.
struct ScriptReport {
    /// One printed line (without the `FILE:LINE: ` prefix).
    enum Line {
        /// A failing assertion (`assertion`) or a failing module command.
        case failure(line: Int, message: String, assertion: Bool)
        /// A verbose remark.
        case note(line: Int, message: String)
    }

    var passed = 0
    var failed = 0
    var skipped = 0
    /// Of `skipped`, those skipped because their module is text-format only.
    var textSkipped = 0
    var lines: [Line] = []

    /// The failures (assertions and modules), in order.
    var failures: [(line: Int, message: String)] {
        lines.compactMap {
            if case .failure(let line, let message, _) = $0 { return (line, message) }
            return nil
        }
    }
}

/// Collects events into a report in-process.
final class ReportingSink: ScriptEventSink {
    var report = ScriptReport()
    /// The command running now (for crash reports).
    var currentCommand = -1
    var currentLine = 0

    func begin(commandIndex: Int, line: Int) {
        currentCommand = commandIndex
        currentLine = line
    }

    func passed() { report.passed += 1 }

    func failed(line: Int, message: String, assertion: Bool) {
        if assertion { report.failed += 1 }
        report.lines.append(.failure(line: line, message: message, assertion: assertion))
    }

    func skipped(line: Int, reason: String, textFormat: Bool) {
        report.skipped += 1
        if textFormat { report.textSkipped += 1 }
    }

    func note(line: Int, message: String) {
        report.lines.append(.note(line: line, message: message))
    }
}
