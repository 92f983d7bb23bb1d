import WasmInterpreter

/// The exit codes of `wippy-wasm` (documented in README.md, "Exit codes").
enum ExitStatus {
    /// Success; a WASI command's own status when it is in 0…125.
    static let success: Int32 = 0
    /// The module, component or entry file cannot be read, decoded, validated or linked, or
    /// the guest exited with a status outside 0…125 (wasmtime does the same).
    static let failure: Int32 = 1
    /// Bad command line or `--invoke` call.
    static let usage: Int32 = 2
    /// The runtime could not get what the guest needed (memory or tables to allocate).
    static let resources: Int32 = 3
    /// The guest trapped (128 + SIGABRT, as wasmtime), so a trap is never mistaken for a
    /// guest's own `exit(1)`.
    static let trap: Int32 = 134

    /// The exit code for a guest's `proc_exit(status)`: the status itself in 0…125 (above, it
    /// would look like the shell's "cannot execute" or a signal); otherwise `failure`, with a
    /// message on stderr.
    static func guest(_ status: Int32, file: String) -> Int32 {
        if (0...125).contains(status) { return status }
        printError("wippy-wasm: \(file): exit with invalid exit status \(status), outside 0..125")
        return failure
    }

    /// Reports an instantiation failure and gives its exit code: a trap in the start function
    /// is a trap, a resource limit its own code, anything else `failure`.
    static func instantiation(_ error: InstantiationError, file: String) -> Int32 {
        switch error {
        case .trap(.exit(let status)):
            return guest(status, file: file)
        case .trap(let trap):
            printError("wippy-wasm: \(file): trap: \(trap)")
            return ExitStatus.trap
        case .resourceLimit(let message):
            printError("wippy-wasm: \(file): out of resources: \(message)")
            return resources
        default:
            printError("wippy-wasm: \(file): cannot instantiate: \(error)")
            return failure
        }
    }
}
