import WasmValidation

/// Runs the commands of one script, reporting to a ``ScriptEventSink``.
protocol ScriptExecuting: AnyObject {
    /// Runs every command. Commands in `crashed` are not executed (they crashed an earlier run);
    /// events of commands before `reportFrom` are not reported (an earlier run reported them).
    func run(crashed: [Int: String], reportFrom: Int)
}

extension ScriptRunner: ScriptExecuting {}

extension SpecScript {
    /// The preamble of a component binary: `\0asm`, version 0x0d, layer 1.
    static let componentPreamble: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]

    /// Whether the script tests components: some module file it names starts with the component
    /// preamble. (Component scripts hold only components; malformed preambles are rejected either way.)
    var isComponentScript: Bool {
        for command in commands {
            guard let name = command.string("binary_filename") ?? command.string("filename"), name.hasSuffix(".wasm"),
                  let bytes = try? FileSystem.readFile(FileSystem.join(directory, name)) else { continue }
            if bytes.starts(with: Self.componentPreamble) { return true }
        }
        return false
    }

    /// The runner for this script: the component runner for component scripts, else the core one.
    func makeRunner(verbose: Bool, features: ValidationFeatures, sink: ScriptEventSink) -> ScriptExecuting {
        if isComponentScript { return ComponentScriptRunner(script: self, verbose: verbose, sink: sink) }
        return ScriptRunner(script: self, verbose: verbose, features: features, sink: sink)
    }
}
