import WasmSpecTest
import WippyJSON
import WippyRuntime

/// `wippy-wasm run entry.yaml [ID] [--] [ARG...]`: calls a function (or process) entry with JSON
/// arguments through a registry of the file's entries (so `funcs` calls reach its other entries)
/// and prints its result as JSON (nothing when it has none).
///
/// Exit codes: 0 on success; 1 for an invalid entry file, unknown ID or bad argument; 2 for
/// options that do not apply to entry files; 134 (``ExitStatus/trap``) when the guest trapped
/// or hit a limit (`--max-time`, `--max-memory`, `--fuel` tighten the entry's `limits`).
enum EntryCommand {
    /// Whether `file` names an entry file (`.yaml` or `.yml`), not a module or component.
    static func isEntryFile(_ file: String) -> Bool { file.hasSuffix(".yaml") || file.hasSuffix(".yml") }

    static func run(_ options: RunOptions) -> Int32 {
        if let message = refusedOptions(options) {
            printError("wippy-wasm: \(message) (see `wippy-wasm --help`)")
            return ExitStatus.usage
        }
        do {
            let file = try EntryFile.load(path: options.file)
            let (entry, arguments) = try file.selectEntry(options.arguments)
            let registry = try EntryRegistry(files: [file], limits: options.limits)
            defer { registry.shutdown() }
            if let result = try registry.callBlockingText(entry.id, arguments: arguments) {
                Console.printOutput(result)
            }
            return 0
        } catch {
            printError("wippy-wasm: \(error)")
            return error.kind == .trap ? ExitStatus.trap : ExitStatus.failure
        }
    }

    /// Why `options` cannot go with an entry file, or nil: the entry file says what the guest
    /// gets, so options meant for a module are refused rather than silently ignored.
    static func refusedOptions(_ options: RunOptions) -> String? {
        var ignored: [String] = []
        if options.mounts.contains(where: { !$0.readOnly }) { ignored.append("--dir") }
        if options.mounts.contains(where: \.readOnly) { ignored.append("--dir-ro") }
        if options.argv0 != nil { ignored.append("--argv0") }
        if !options.environment.isEmpty { ignored.append("--env") }
        if options.invoke != nil { ignored.append("--invoke") }
        if options.json { ignored.append("--json") }
        if options.timings { ignored.append("--timings") }
        guard !ignored.isEmpty else { return nil }
        return "\(ignored.joined(separator: ", ")) cannot be used with an entry file "
            + "(its entries set mounts and environment; name the entry ID and give JSON arguments)"
    }
}
