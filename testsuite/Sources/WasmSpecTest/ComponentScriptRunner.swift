import ComponentBinary
import ComponentModel
import WippyJSON

/// Runs the commands of one component-model test script (`module` commands name component
/// binaries; `invoke` arguments and results are component-level values).
///
/// Each instantiation gets its own ``ComponentRuntime``, so instances are independent.
final class ComponentScriptRunner: ScriptExecuting {
    private enum InstanceState {
        case ready(InstantiatedComponent)
        case failed(String)
        case skipped(String, textFormat: Bool)
    }

    private enum DefinitionState {
        case ready(LoadedComponent)
        case failed(String)
        case skipped(String, textFormat: Bool)
    }

    private enum Outcome {
        case returned(ComponentValue?, type: ResolvedValueType?)
        case trapped(ComponentError)
        case failure(String)
        case skipped(String, textFormat: Bool)
    }

    private let script: SpecScript
    private let sink: ScriptEventSink
    private var events: ScriptEvents

    private var current: InstanceState?
    private var named: [String: InstanceState] = [:]
    private var definitions: [String: DefinitionState] = [:]
    private var latestDefinition: DefinitionState?

    init(script: SpecScript, verbose: Bool, sink: ScriptEventSink) {
        self.script = script
        self.sink = sink
        self.events = ScriptEvents(sink: sink, verbose: verbose)
    }

    func run(crashed: [Int: String], reportFrom: Int) {
        for command in script.commands {
            sink.begin(commandIndex: command.index, line: command.line)
            events.reporting = command.index >= reportFrom
            if crashed[command.index] != nil {
                applyCrash(command)
                continue
            }
            do {
                try execute(command)
            } catch {
                events.fail(command, "\(command.label): bad command: \(error.message)")
            }
        }
    }

    private func applyCrash(_ command: SpecCommand) {
        let reason = "command at line \(command.line) crashed the runner"
        switch command.type {
        case "module", "module_instance":
            current = .failed(reason)
            if let name = command.name("name") ?? command.name("instance") { named[name] = .failed(reason) }
        case "module_definition":
            latestDefinition = .failed(reason)
            if let name = command.name("name") { definitions[name] = .failed(reason) }
        default:
            break
        }
    }

    // MARK: - Commands

    private func execute(_ command: SpecCommand) throws(ScriptFormatError) {
        switch command.type {
        case "module": try moduleCommand(command)
        case "module_definition": try definitionCommand(command)
        case "module_instance": instanceCommand(command)
        case "action": try actionCommand(command)
        case "assert_return": try assertReturn(command)
        case "assert_trap":
            if command.json["action"] != nil { try assertTrap(command) } else { try assertUninstantiable(command) }
        case "assert_invalid", "assert_malformed": try assertRejected(command)
        case "assert_uninstantiable": try assertUninstantiable(command)
        case "assert_unlinkable": try assertUninstantiable(command)
        default:
            events.skip(command, "unsupported command type \"\(command.type)\" in a component script", textFormat: false)
        }
    }

    /// The binary of a command's component; nil when it only exists as a text file.
    private func binaryPath(_ command: SpecCommand) throws(ScriptFormatError) -> String? {
        guard let filename = command.string("filename") else { throw ScriptFormatError("no filename") }
        if let binary = command.string("binary_filename") { return FileSystem.join(script.directory, binary) }
        if command.string("module_type") == "text" || filename.hasSuffix(".wat") || filename.hasSuffix(".wast") { return nil }
        return FileSystem.join(script.directory, filename)
    }

    /// Reads, decodes and validates a command's component.
    private func load(_ command: SpecCommand) throws(ScriptFormatError) -> DefinitionState {
        guard let path = try binaryPath(command) else {
            return .skipped("text-format component \(command.string("filename") ?? "?") at line \(command.line)", textFormat: true)
        }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path)
        } catch {
            return .failed("cannot read component: \(error)")
        }
        do {
            return .ready(try LoadedComponent(bytes: bytes))
        } catch {
            return .failed("\(error.kind.rawValue) error: \(error.message)")
        }
    }

    private func instantiate(_ loaded: LoadedComponent) -> Result<InstantiatedComponent, ComponentError> {
        let runtime = ComponentRuntime()
        do {
            return .success(try runtime.instantiate(loaded, linker: ComponentLinker()))
        } catch {
            return .failure(error)
        }
    }

    /// Instantiates a definition, reporting failures against `command`.
    private func instance(of definition: DefinitionState?, _ command: SpecCommand) -> InstanceState {
        switch definition {
        case nil:
            events.fail(command, "\(command.label): no such component definition")
            return .failed("component instance at line \(command.line) has no definition")
        case .failed(let reason)?:
            events.fail(command, "\(command.label): \(reason)")
            return .failed("component at line \(command.line) failed to load")
        case .skipped(let reason, let text)?:
            events.skip(command, reason, textFormat: text)
            return .skipped(reason, textFormat: text)
        case .ready(let loaded)?:
            switch instantiate(loaded) {
            case .success(let instance): return .ready(instance)
            case .failure(let error):
                events.fail(command, "\(command.label): instantiation failed: \(error.kind.rawValue): \(error.message)")
                return .failed("component at line \(command.line) failed to instantiate")
            }
        }
    }

    private func moduleCommand(_ command: SpecCommand) throws(ScriptFormatError) {
        let state = instance(of: try load(command), command)
        current = state
        if let name = command.name("name") { named[name] = state }
    }

    private func definitionCommand(_ command: SpecCommand) throws(ScriptFormatError) {
        let state = try load(command)
        switch state {
        case .failed(let reason): events.fail(command, "\(command.label): \(reason)")
        case .skipped(let reason, let text): events.skip(command, reason, textFormat: text)
        case .ready: break
        }
        latestDefinition = state
        if let name = command.name("name") { definitions[name] = state }
    }

    private func instanceCommand(_ command: SpecCommand) {
        let definition = command.name("module").map { definitions[$0] } ?? latestDefinition
        let state = instance(of: definition, command)
        current = state
        if let name = command.name("instance") { named[name] = state }
    }

    // MARK: - Actions

    private func perform(_ command: SpecCommand) throws(ScriptFormatError) -> Outcome {
        guard let action = command.json["action"] else { throw ScriptFormatError("no action") }
        guard action["type"]?.stringValue == "invoke" else {
            throw ScriptFormatError("unsupported action type \(action["type"]?.stringValue ?? "(none)") in a component script")
        }
        guard let field = action["field"]?.stringValue else { throw ScriptFormatError("action without field") }
        let moduleName = action["module"]?.stringValue.map { $0.hasPrefix("$") ? String($0.dropFirst()) : $0 }
        let state = moduleName.map { named[$0] } ?? current
        let instance: InstantiatedComponent
        switch state {
        case nil: return .failure(moduleName.map { "no component instance named \($0)" } ?? "no component instantiated")
        case .failed(let reason)?: return .failure(reason)
        case .skipped(let reason, let text)?: return .skipped(reason, textFormat: text)
        case .ready(let i)?: instance = i
        }
        guard let type = instance.functionType(field) else {
            let known = instance.functionNames.joined(separator: ", ")
            return .failure("no exported function \"\(field)\" (exports: \(known.isEmpty ? "none" : known))")
        }
        let given = action["args"]?.arrayValue ?? []
        guard given.count == type.parameters.count else {
            return .failure("\(given.count) arguments given, function takes \(type.parameters.count)")
        }
        var arguments: [ComponentValue] = []
        for (argument, parameter) in zip(given, type.parameters) {
            arguments.append(try ComponentValueConversion.value(argument, as: parameter.type))
        }
        do {
            return .returned(try instance.call(field, arguments), type: type.result)
        } catch where error.kind == .trap {
            return .trapped(error)
        } catch {
            return .failure("\(error.kind.rawValue) error: \(error.message)")
        }
    }

    private func actionCommand(_ command: SpecCommand) throws(ScriptFormatError) {
        switch try perform(command) {
        case .returned: events.pass()
        case .trapped(let error): events.fail(command, "\(command.label): expected no trap, got trap \"\(error.message)\"")
        case .failure(let message): events.fail(command, "\(command.label): \(message)")
        case .skipped(let reason, let text): events.skip(command, reason, textFormat: text)
        }
    }

    private func assertReturn(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = command.label
        let expectedJSON = command.json["expected"]?.arrayValue ?? []
        switch try perform(command) {
        case .returned(let value, let type):
            let actual = value.map { [$0] } ?? []
            guard expectedJSON.count == actual.count else {
                events.fail(command, "\(label): expected \(expectedJSON.count) results, got \(ComponentValueText.describe(actual))")
                return
            }
            var expected: [ComponentValue] = []
            if let json = expectedJSON.first {
                guard let type else { throw ScriptFormatError("expected a result from a function without one") }
                expected.append(try ComponentValueConversion.value(json, as: type))
            }
            if expected == actual {
                events.pass()
            } else {
                events.fail(command, "\(label): expected \(ComponentValueText.describe(expected)), got \(ComponentValueText.describe(actual))")
            }
        case .trapped(let error): events.fail(command, "\(label): expected a result, got trap \"\(error.message)\"")
        case .failure(let message): events.fail(command, "\(label): \(message)")
        case .skipped(let reason, let text): events.skip(command, reason, textFormat: text)
        }
    }

    private func assertTrap(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = command.label
        let text = Self.expectedTrapText(command.string("text") ?? "")
        switch try perform(command) {
        case .returned(let value, _):
            events.fail(command, "\(label): expected trap \"\(text)\", got \(ComponentValueText.describe(value.map { [$0] } ?? []))")
        case .trapped(let error):
            events.pass()
            if !ScriptRunner.messagesMatch(expected: text, actual: error.message) {
                events.note(command, "\(label): trap message mismatch: expected \"\(text)\", got \"\(error.message)\"")
            }
        case .failure(let message): events.fail(command, "\(label): expected trap \"\(text)\", got \(message)")
        case .skipped(let reason, let textFormat): events.skip(command, reason, textFormat: textFormat)
        }
    }

    /// The expected trap text without wasmtime's `wasm trap: ` prefix.
    static func expectedTrapText(_ text: String) -> String {
        let prefix = "wasm trap: "
        return text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
    }

    // MARK: - Component assertions

    /// `assert_invalid` and `assert_malformed`: the component must fail to load (decoding or
    /// validation; which one is only noted).
    private func assertRejected(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = command.label
        let text = command.string("text") ?? ""
        let what = command.type == "assert_malformed" ? "malformed" : "invalid"
        switch try load(command) {
        case .skipped(let reason, let textFormat): events.skip(command, reason, textFormat: textFormat)
        case .ready: events.fail(command, "\(label): expected \(what) component (\"\(text)\"), got a valid component")
        case .failed(let reason):
            events.pass()
            if !ScriptRunner.messagesMatch(expected: text, actual: reason) {
                events.note(command, "\(label): message mismatch: expected \"\(text)\", got \"\(reason)\"")
            }
        }
    }

    /// `assert_uninstantiable` (and `assert_unlinkable`): the component loads, instantiating it fails.
    private func assertUninstantiable(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = command.label
        let text = Self.expectedTrapText(command.string("text") ?? "")
        switch try load(command) {
        case .skipped(let reason, let textFormat): events.skip(command, reason, textFormat: textFormat)
        case .failed(let reason): events.fail(command, "\(label): expected instantiation failure (\"\(text)\"), got \(reason)")
        case .ready(let loaded):
            switch instantiate(loaded) {
            case .success: events.fail(command, "\(label): expected instantiation failure (\"\(text)\"), got an instance")
            case .failure(let error):
                events.pass()
                if !ScriptRunner.messagesMatch(expected: text, actual: error.message) {
                    events.note(command, "\(label): message mismatch: expected \"\(text)\", got \"\(error.message)\"")
                }
            }
        }
    }
}
