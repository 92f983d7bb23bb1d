#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmValidation

/// Runs a script in a forked child so that a crash (a Swift runtime trap, a segfault) or a hang
/// (a per-run timeout) in the engine is reported as a failure instead of ending the whole run.
///
/// The child reports through shared memory (counters and the command running now) and a pipe
/// (failure and note lines). When it dies, the parent reports the command it died in and forks
/// again, re-running the script silently up to that command, skipping it, and reporting on from
/// the next one.
enum ProcessIsolation {
    /// Slots of the shared counter page.
    private enum Slot: Int {
        case commandIndex = 0, line, passed, failed, skipped, textSkipped, finished
    }

    /// At most this many crashes per script; after that the rest of the script is not run.
    static let maxCrashesPerScript = 25

    /// Whether forking is available on this platform.
    static var isAvailable: Bool {
        #if os(Linux)
        return true
        #else
        return false
        #endif
    }

    static func run(script: SpecScript, verbose: Bool, features: ValidationFeatures, timeoutSeconds: Int) -> ScriptReport {
        var report = ScriptReport()
        let pageSize = 4096
        guard let raw = mmap(nil, pageSize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else {
            return inProcess(script: script, verbose: verbose, features: features)
        }
        defer { munmap(raw, pageSize) }
        let shared = raw.bindMemory(to: Int.self, capacity: 8)
        for i in 0..<8 { shared[i] = 0 }

        var crashed: [Int: String] = [:]
        var reportFrom = 0
        var crashes = 0
        var crashFailures = 0
        while true {
            shared[Slot.commandIndex.rawValue] = -1
            shared[Slot.finished.rawValue] = 0
            var records: [Int32] = [-1, -1]
            var errors: [Int32] = [-1, -1]
            guard pipe(&records) == 0, pipe(&errors) == 0 else {
                report.lines.append(.failure(line: 0, message: "runner: cannot create a pipe; running in-process", assertion: false))
                let inner = inProcess(script: script, verbose: verbose, features: features)
                report.lines += inner.lines
                report.passed += inner.passed
                report.failed += inner.failed
                report.skipped += inner.skipped
                report.textSkipped += inner.textSkipped
                return report
            }
            Console.flush()
            let pid = fork()
            if pid == 0 {
                close(records[0])
                close(errors[0])
                dup2(errors[1], 2)
                close(errors[1])
                if timeoutSeconds > 0 { alarm(UInt32(clamping: timeoutSeconds)) }
                let sink = PipeSink(fd: records[1], shared: shared)
                let runner = script.makeRunner(verbose: verbose, features: features, sink: sink)
                runner.run(crashed: crashed, reportFrom: reportFrom)
                sink.flush()
                shared[Slot.finished.rawValue] = 1
                _exit(0)
            }
            close(records[1])
            close(errors[1])
            if pid < 0 {
                close(records[0])
                close(errors[0])
                report.lines.append(.failure(line: 0, message: "runner: fork failed; running in-process", assertion: false))
                let inner = inProcess(script: script, verbose: verbose, features: features)
                report.lines += inner.lines
                report.passed += inner.passed
                report.failed += inner.failed
                report.skipped += inner.skipped
                report.textSkipped += inner.textSkipped
                return report
            }
            let (recordBytes, errorBytes) = drain(records[0], errors[0])
            close(records[0])
            close(errors[0])
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            report.lines += parseRecords(recordBytes)

            let signal = status & 0x7f
            let exitCode = (status >> 8) & 0xff
            if shared[Slot.finished.rawValue] == 1 && signal == 0 && exitCode == 0 { break }

            let how: String
            if signal == SIGALRM {
                how = "timed out after \(timeoutSeconds) s"
            } else if signal != 0 {
                how = "crashed (\(signalName(signal)))"
            } else {
                how = "exited with status \(exitCode)"
            }
            let detail = crashDetail(errorBytes).map { ": \($0)" } ?? ""
            let index = shared[Slot.commandIndex.rawValue]
            guard index >= 0, index < script.commands.count else {
                report.lines.append(.failure(line: 0, message: "runner \(how) before the first command\(detail)", assertion: false))
                crashFailures += 1
                break
            }
            let command = script.commands[index]
            if command.isAssertion { crashFailures += 1 }
            report.lines.append(.failure(
                line: command.line, message: "\(command.label): \(how)\(detail)", assertion: command.isAssertion))
            crashed[index] = how
            reportFrom = index + 1
            crashes += 1
            if crashes >= maxCrashesPerScript {
                let rest = script.commands[reportFrom...].filter(\.isAssertion).count
                if rest > 0 {
                    report.lines.append(.failure(
                        line: command.line,
                        message: "runner: \(rest) remaining assertions not run after \(crashes) crashes",
                        assertion: true))
                    crashFailures += rest
                }
                break
            }
            if reportFrom >= script.commands.count { break }
        }
        report.passed = shared[Slot.passed.rawValue]
        report.failed = shared[Slot.failed.rawValue] + crashFailures
        report.skipped = shared[Slot.skipped.rawValue]
        report.textSkipped = shared[Slot.textSkipped.rawValue]
        return report
    }

    /// Runs the script in this process.
    static func inProcess(script: SpecScript, verbose: Bool, features: ValidationFeatures = .all) -> ScriptReport {
        let sink = ReportingSink()
        script.makeRunner(verbose: verbose, features: features, sink: sink).run(crashed: [:], reportFrom: 0)
        return sink.report
    }

    /// Reads both pipes until both reach end of file.
    private static func drain(_ a: Int32, _ b: Int32) -> ([UInt8], [UInt8]) {
        var outA: [UInt8] = []
        var outB: [UInt8] = []
        var open = [true, true]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while open[0] || open[1] {
            var fds = [
                pollfd(fd: open[0] ? a : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: open[1] ? b : -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for i in 0..<2 where open[i] && fds[i].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if i == 0 { outA += buffer[0..<n] } else if outB.count < 1 << 20 { outB += buffer[0..<n] }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    open[i] = false
                }
            }
        }
        return (outA, outB)
    }

    /// Record format: kind byte (`F` failed assertion, `M` failed module command, `N` note),
    /// decimal line, tab, message, NUL.
    private static func parseRecords(_ bytes: [UInt8]) -> [ScriptReport.Line] {
        var lines: [ScriptReport.Line] = []
        for record in bytes.split(separator: 0) {
            guard let kind = record.first, let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let line = Int(String(decoding: record[(record.startIndex + 1)..<tab], as: UTF8.self)) ?? 0
            let message = String(decoding: record[(tab + 1)...], as: UTF8.self)
            switch kind {
            case UInt8(ascii: "F"): lines.append(.failure(line: line, message: message, assertion: true))
            case UInt8(ascii: "M"): lines.append(.failure(line: line, message: message, assertion: false))
            default: lines.append(.note(line: line, message: message))
            }
        }
        return lines
    }

    /// The most telling line of a crashed child's stderr (Swift's "Fatal error: ..." line).
    private static func crashDetail(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n").map { String($0) }
        let pick = lines.first { $0.contains("Fatal error") || $0.contains("fatal error") }
            ?? lines.first { !$0.allSatisfy { $0 == " " } }
        guard var detail = pick else { return nil }
        if detail.count > 300 { detail = String(detail.prefix(300)) + "..." }
        return detail
    }

    private static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGILL: return "SIGILL, a Swift runtime trap"
        case SIGTRAP: return "SIGTRAP, a Swift runtime trap"
        case SIGABRT: return "SIGABRT"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGKILL: return "SIGKILL"
        case SIGSEGV: return "SIGSEGV"
        default: return "signal \(signal)"
        }
    }

    /// The child's sink: counters in shared memory, lines through the pipe.
    private final class PipeSink: ScriptEventSink {
        let fd: Int32
        let shared: UnsafeMutablePointer<Int>
        private var buffer: [UInt8] = []

        init(fd: Int32, shared: UnsafeMutablePointer<Int>) {
            self.fd = fd
            self.shared = shared
        }

        func begin(commandIndex: Int, line: Int) {
            // Lines must reach the parent before a possible crash in this command.
            flush()
            shared[Slot.commandIndex.rawValue] = commandIndex
            shared[Slot.line.rawValue] = line
        }

        func passed() { shared[Slot.passed.rawValue] += 1 }

        func failed(line: Int, message: String, assertion: Bool) {
            if assertion { shared[Slot.failed.rawValue] += 1 }
            append(kind: assertion ? "F" : "M", line: line, message: message)
        }

        func skipped(line: Int, reason: String, textFormat: Bool) {
            shared[Slot.skipped.rawValue] += 1
            if textFormat { shared[Slot.textSkipped.rawValue] += 1 }
        }

        func note(line: Int, message: String) {
            append(kind: "N", line: line, message: message)
        }

        private func append(kind: Character, line: Int, message: String) {
            buffer += kind.utf8
            buffer += String(line).utf8
            buffer.append(UInt8(ascii: "\t"))
            for byte in message.utf8 { buffer.append(byte == 0 ? UInt8(ascii: "?") : byte) }
            buffer.append(0)
        }

        func flush() {
            guard !buffer.isEmpty else { return }
            var offset = 0
            buffer.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                while offset < bytes.count {
                    let n = write(fd, base + offset, bytes.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += n
                }
            }
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
