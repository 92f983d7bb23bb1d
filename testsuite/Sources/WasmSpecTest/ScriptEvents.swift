/// Reports the events of a script's commands to a sink, leaving out those of commands that an
/// earlier run already reported (after a crash, a script is re-run silently up to the crash).
struct ScriptEvents {
    /// Where events go.
    let sink: ScriptEventSink
    /// Whether notes (skip reasons, message mismatches) are reported.
    let verbose: Bool
    /// False while re-running commands an earlier run reported.
    var reporting = true

    /// An assertion passed.
    func pass() {
        if reporting { sink.passed() }
    }

    /// A command failed (an assertion, or a module command).
    func fail(_ command: SpecCommand, _ message: String) {
        if reporting { sink.failed(line: command.line, message: message, assertion: command.isAssertion) }
    }

    /// A command was skipped; verbose runs note why.
    func skip(_ command: SpecCommand, _ reason: String, textFormat: Bool) {
        guard reporting else { return }
        sink.skipped(line: command.line, reason: reason, textFormat: textFormat)
        if verbose { sink.note(line: command.line, message: "\(command.label): skipped: \(reason)") }
    }

    /// A verbose-mode remark.
    func note(_ command: SpecCommand, _ message: String) {
        if reporting && verbose { sink.note(line: command.line, message: message) }
    }
}
