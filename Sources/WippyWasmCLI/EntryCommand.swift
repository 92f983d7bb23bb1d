import WippyJSON
import WippyRuntime

/// `wippy-wasm run entry.yaml [ID] [--] [ARG...]`: calls a function entry with JSON arguments
/// and prints its result as JSON (nothing when it has none).
///
/// Exit codes: 0 on success; 1 for an invalid entry file, unknown ID or bad argument;
/// `RunCommand.trapExitCode` (134) when the guest trapped.
enum EntryCommand {
    static func run(_ options: RunOptions) -> Int32 {
        do {
            let file = try EntryFile.load(path: options.file)
            let (entry, arguments) = try file.selectEntry(options.arguments)
            if let result = try file.call(entry, arguments: arguments) {
                print(result.serialized())
            }
            return 0
        } catch {
            printError("wippy-wasm: \(error)")
            return error.kind == .trap ? RunCommand.trapExitCode : 1
        }
    }
}
