import WasmBinary
import WasmInterpreter
import WasmText
import WasmValidation
import WippyJSON

/// Receives what happens while a script runs.
protocol ScriptEventSink: AnyObject {
    /// Command `index` (at `.wast` line `line`) is about to run.
    func begin(commandIndex: Int, line: Int)
    /// An assertion passed.
    func passed()
    /// An assertion failed (`assertion`) or a module command failed (not an assertion).
    /// `message` is the line without the `FILE:LINE: ` prefix.
    func failed(line: Int, message: String, assertion: Bool)
    /// A command was skipped.
    func skipped(line: Int, reason: String, textFormat: Bool)
    /// A verbose-mode remark (message mismatches, skip reasons).
    func note(line: Int, message: String)
}

/// Runs the commands of one script in a fresh store.
final class ScriptRunner {
    private enum ModuleState {
        case ready(Instance)
        case failed(String)
    }

    private enum DefinitionState {
        case ready(ValidatedModule)
        case failed(String)
    }

    private enum ModuleFile {
        case binary(String)
        case text(String)
    }

    /// Where a module's binary comes from: a binary file, a text file (a `.wat` that
    /// `json-from-wast` wrote for a module it could not encode, such as the text of an
    /// `assert_malformed`), or a module of a `.wast` script.
    private enum ModuleSource {
        case path(String)
        case textPath(String)
        case embedded(WastModule)
    }

    /// Why decoding or validating a module failed.
    private enum Rejection: Error {
        case unreadable(String)
        /// A text module of a `.wast` script is malformed.
        case text(WATError)
        case decode(DecodeError)
        /// Validation failed; `decodeError` when the validator reported a malformed body.
        case validation(String, decodeError: Bool)

        var description: String {
            switch self {
            case .unreadable(let m): return "cannot read module: \(m)"
            case .text(let e): return "malformed: \(e)"
            case .decode(let e): return "malformed: \(e)"
            case .validation(let m, let decodeError): return (decodeError ? "malformed: " : "invalid: ") + m
            }
        }

        var message: String {
            switch self {
            case .unreadable(let m): return m
            case .text(let e): return e.message
            case .decode(let e): return e.message
            case .validation(let m, _): return m
            }
        }
    }

    private enum ActionOutcome {
        case values([Value])
        case trap(TrapCode)
        case failure(String)
        case skipped(String, textFormat: Bool)
    }

    private let script: SpecScript
    private let features: ValidationFeatures
    private let sink: ScriptEventSink
    private var events: ScriptEvents

    private let store: Store
    private var spectest: [String: ExternalValue] = [:]
    private var registry: [[UInt8]: Instance] = [:]
    private var current: ModuleState?
    private var named: [String: ModuleState] = [:]
    private var definitions: [String: DefinitionState] = [:]
    private var latestDefinition: DefinitionState?

    init(script: SpecScript, verbose: Bool, features: ValidationFeatures = .all, sink: ScriptEventSink) {
        self.script = script
        self.features = features
        self.sink = sink
        self.events = ScriptEvents(sink: sink, verbose: verbose)
        self.store = Store(configuration: StoreConfiguration())
    }

    /// Runs every command. Commands in `crashed` are not executed (they crashed an earlier run;
    /// their module, if any, counts as failed). Events of commands before `reportFrom` are not
    /// reported (they were reported by an earlier run).
    func run(crashed: [Int: String] = [:], reportFrom: Int = 0) {
        let host = SpectestHostModule.make(in: store)
        spectest = host.exports
        if reportFrom == 0 {
            for problem in host.problems { sink.failed(line: 0, message: "spectest host module: \(problem)", assertion: false) }
        }
        for command in script.commands {
            sink.begin(commandIndex: command.index, line: command.line)
            events.reporting = command.index >= reportFrom
            if let crash = crashed[command.index] {
                applyCrash(command, crash)
                continue
            }
            do {
                try execute(command)
            } catch {
                events.fail(command, "\(commandLabel(command)): bad command: \(error.message)")
            }
        }
    }

    private func commandLabel(_ command: SpecCommand) -> String { command.label }

    // MARK: - Commands

    private func applyCrash(_ command: SpecCommand, _ crash: String) {
        let state = ModuleState.failed("module at line \(command.line) crashed the runner (\(crash))")
        switch command.type {
        case "module", "module_instance":
            current = state
            if let name = command.name("name") ?? command.name("instance") { named[name] = state }
        case "module_definition":
            let failed = DefinitionState.failed("module definition at line \(command.line) crashed the runner")
            latestDefinition = failed
            if let name = command.name("name") { definitions[name] = failed }
        default:
            break
        }
    }

    private func execute(_ command: SpecCommand) throws(ScriptFormatError) {
        switch command.type {
        case "module": try moduleCommand(command)
        case "module_definition": try moduleDefinitionCommand(command)
        case "module_instance": moduleInstanceCommand(command)
        case "register": try registerCommand(command)
        case "action": try actionCommand(command)
        case "assert_return": try assertReturn(command)
        case "assert_trap":
            if command.json["action"] != nil {
                try assertTrap(command)
            } else {
                try assertUninstantiable(command)
            }
        case "assert_exhaustion": try assertExhaustion(command)
        case "assert_exception": try assertException(command)
        case "assert_invalid", "assert_invalid_custom": try assertInvalid(command)
        case "assert_malformed", "assert_malformed_custom": try assertMalformed(command)
        case "assert_unlinkable": try assertUnlinkable(command)
        case "assert_uninstantiable": try assertUninstantiable(command)
        default:
            events.skip(command, "unsupported command type \"\(command.type)\"", textFormat: false)
        }
    }

    private func moduleFile(_ command: SpecCommand) throws(ScriptFormatError) -> ModuleFile {
        guard let filename = command.string("filename") else { throw ScriptFormatError("no filename") }
        let binaryFilename = command.string("binary_filename")
        switch command.string("module_type") {
        case "text":
            if let binaryFilename { return .binary(FileSystem.join(script.directory, binaryFilename)) }
            return .text(filename)
        case "binary":
            return .binary(FileSystem.join(script.directory, binaryFilename ?? filename))
        default:  // wabt's module commands have no module_type
            if filename.hasSuffix(".wat") || filename.hasSuffix(".wast") {
                if let binaryFilename { return .binary(FileSystem.join(script.directory, binaryFilename)) }
                return .text(filename)
            }
            return .binary(FileSystem.join(script.directory, binaryFilename ?? filename))
        }
    }

    /// The module of a command: its embedded `.wast` module, else its binary or text file.
    private func moduleSource(_ command: SpecCommand) throws(ScriptFormatError) -> ModuleSource {
        if let module = command.embeddedModule { return .embedded(module) }
        switch try moduleFile(command) {
        case .binary(let path): return .path(path)
        case .text(let filename): return .textPath(FileSystem.join(script.directory, filename))
        }
    }

    private func compile(_ source: ModuleSource) -> Result<ValidatedModule, Rejection> {
        let bytes: [UInt8]
        switch source {
        case .path(let path):
            do {
                bytes = try FileSystem.readFile(path)
            } catch {
                return .failure(.unreadable(error.description))
            }
        case .textPath(let path):
            let text: [UInt8]
            do {
                text = try FileSystem.readFile(path)
            } catch {
                return .failure(.unreadable(error.description))
            }
            do {
                bytes = try parseWAT(utf8: text)
            } catch {
                return .failure(.text(error))
            }
        case .embedded(let module):
            do {
                bytes = try module.encode()
            } catch {
                return .failure(.text(error))
            }
        }
        let module: Module
        do {
            module = try decodeModule(bytes, options: DecodeOptions(wasm2Limits: features == .wasm2))
        } catch {
            return .failure(.decode(error))
        }
        do {
            return .success(try validateModule(module, features: features))
        } catch let error as DecodeError {
            return .failure(.validation("\(error)", decodeError: true))
        } catch {
            return .failure(.validation("\(error)", decodeError: false))
        }
    }

    private func instantiate(_ module: ValidatedModule) -> Result<Instance, InstantiationError> {
        let registry = self.registry
        let spectest = self.spectest
        do {
            let instance = try store.instantiate(module) { moduleName, name in
                if let instance = registry[Array(moduleName.utf8)] { return instance.export(name) }
                if moduleName == "spectest" { return spectest[name] }
                return nil
            }
            return .success(instance)
        } catch {
            return .failure(error)
        }
    }

    /// Decodes, validates and instantiates the module of a `module` command.
    private func load(_ command: SpecCommand) throws(ScriptFormatError) -> ModuleState {
        switch compile(try moduleSource(command)) {
        case .failure(let rejection):
            events.fail(command, "\(commandLabel(command)): \(rejection.description)")
            return .failed("module at line \(command.line) failed to load")
        case .success(let validated):
            switch instantiate(validated) {
            case .failure(let error):
                events.fail(command, "\(commandLabel(command)): instantiation failed: \(error)")
                return .failed("module at line \(command.line) failed to instantiate")
            case .success(let instance):
                return .ready(instance)
            }
        }
    }

    private func moduleCommand(_ command: SpecCommand) throws(ScriptFormatError) {
        let state = try load(command)
        current = state
        if let name = command.name("name") { named[name] = state }
    }

    private func moduleDefinitionCommand(_ command: SpecCommand) throws(ScriptFormatError) {
        let state: DefinitionState
        switch compile(try moduleSource(command)) {
        case .success(let validated):
            state = .ready(validated)
        case .failure(let rejection):
            events.fail(command, "\(commandLabel(command)): \(rejection.description)")
            state = .failed("module definition at line \(command.line) failed to load")
        }
        latestDefinition = state
        if let name = command.name("name") { definitions[name] = state }
    }

    private func moduleInstanceCommand(_ command: SpecCommand) {
        let definition: DefinitionState?
        if let name = command.name("module") {
            definition = definitions[name]
        } else {
            definition = latestDefinition
        }
        let state: ModuleState
        switch definition {
        case nil:
            events.fail(command, "\(commandLabel(command)): no such module definition")
            state = .failed("module instance at line \(command.line) has no definition")
        case .failed(let reason)?:
            events.fail(command, "\(commandLabel(command)): \(reason)")
            state = .failed(reason)
        case .ready(let validated)?:
            switch instantiate(validated) {
            case .failure(let error):
                events.fail(command, "\(commandLabel(command)): instantiation failed: \(error)")
                state = .failed("module instance at line \(command.line) failed to instantiate")
            case .success(let instance):
                state = .ready(instance)
            }
        }
        current = state
        if let name = command.name("instance") { named[name] = state }
    }

    private func registerCommand(_ command: SpecCommand) throws(ScriptFormatError) {
        guard let alias = command.string("as") else { throw ScriptFormatError("register without \"as\"") }
        let state: ModuleState?
        if let name = command.name("name") { state = named[name] } else { state = current }
        switch state {
        case .ready(let instance)?:
            registry[Array(alias.utf8)] = instance
        case nil:
            events.fail(command, "\(commandLabel(command)): no such module")
            registry[Array(alias.utf8)] = nil
        case .failed?:
            // Already reported; imports from it will be unknown.
            registry[Array(alias.utf8)] = nil
        }
    }

    // MARK: - Actions

    private func perform(_ command: SpecCommand) throws(ScriptFormatError) -> ActionOutcome {
        guard let action = command.json["action"] else { throw ScriptFormatError("no action") }
        guard let field = action["field"]?.stringValue else { throw ScriptFormatError("action without field") }
        let state: ModuleState?
        let moduleName = action["module"]?.stringValue.map { $0.hasPrefix("$") ? String($0.dropFirst()) : $0 }
        if let moduleName {
            state = named[moduleName]
        } else {
            state = current
        }
        let instance: Instance
        switch state {
        case nil:
            return .failure(moduleName.map { "no module named \($0)" } ?? "no module loaded")
        case .failed(let reason)?:
            return .failure(reason)
        case .ready(let i)?:
            instance = i
        }
        switch action["type"]?.stringValue {
        case "invoke":
            guard case .function(let function)? = instance.export(field) else {
                return .failure("no exported function \"\(field)\"")
            }
            var arguments: [ArgumentValue] = []
            for argument in action["args"]?.arrayValue ?? [] {
                arguments.append(try SpecValueParser.argument(argument))
            }
            let type = store.functionType(function)
            guard arguments.count == type.parameters.count else {
                return .failure("\(arguments.count) arguments given, function takes \(type.parameters.count)")
            }
            var values: [Value] = []
            values.reserveCapacity(arguments.count)
            for (argument, parameter) in zip(arguments, type.parameters) {
                switch Self.convert(argument, to: parameter) {
                case .success(let value): values.append(value)
                case .failure(let problem):
                    if problem.unsupported { return .skipped(problem.message, textFormat: false) }
                    return .failure(problem.message)
                }
            }
            do {
                return .values(try store.invoke(function, values))
            } catch {
                return .trap(error)
            }
        case "get":
            guard case .global(let global)? = instance.export(field) else {
                return .failure("no exported global \"\(field)\"")
            }
            return .values([store.globalValue(global)])
        case let other:
            throw ScriptFormatError("unknown action type \(other ?? "(none)")")
        }
    }

    private struct ArgumentProblem: Error {
        var message: String
        var unsupported: Bool
    }

    private static func family(of heapType: HeapType) -> RefFamily? {
        switch heapType {
        case .function, .noFunction: return .function
        case .extern, .noExtern: return .extern
        case .exception, .noException: return .exception
        case .any, .eq, .i31, .struct, .array, .none: return .any
        // A concrete type is a function, struct or array type: the module knows which.
        case .concrete, .exact: return nil
        }
    }

    private static func family(of value: Value) -> RefFamily? {
        switch value {
        case .funcref: return .function
        case .externref: return .extern
        case .exnref: return .exception
        case .anyref: return .any
        default: return nil
        }
    }

    private static func convert(_ argument: ArgumentValue, to parameter: ValueType) -> Result<Value, ArgumentProblem> {
        switch argument {
        case .unsupported(let reason):
            return .failure(ArgumentProblem(message: "cannot express \(reason)", unsupported: true))
        case .null(let family):
            guard case .ref(let refType) = parameter else {
                return .failure(ArgumentProblem(message: "null reference argument for a \(parameter) parameter", unsupported: false))
            }
            if let family, let expected = Self.family(of: refType.heapType), (family.isAny ? .any : family) != expected {
                return .failure(ArgumentProblem(message: "\(family.rawValue) null argument for a \(parameter) parameter", unsupported: false))
            }
            return .success(Value.defaultValue(of: parameter))
        case .value(let value):
            if case .ref(let refType) = parameter {
                guard let valueFamily = family(of: value) else {
                    return .failure(ArgumentProblem(message: "\(value.type) argument for a \(parameter) parameter", unsupported: false))
                }
                let expected = family(of: refType.heapType)
                guard expected == valueFamily || (expected == nil && (valueFamily == .function || valueFamily == .any)) else {
                    return .failure(ArgumentProblem(message: "\(valueFamily.rawValue) argument for a \(parameter) parameter", unsupported: true))
                }
                return .success(value)
            }
            guard value.type == parameter else {
                return .failure(ArgumentProblem(message: "\(value.type) argument for a \(parameter) parameter", unsupported: false))
            }
            return .success(value)
        }
    }

    private static func trapText(_ trap: TrapCode) -> String {
        trap == .uncaughtException ? "uncaught exception" : "trap \"\(trap.description)\""
    }

    /// Loose comparison of expected and actual messages.
    static func messagesMatch(expected: String, actual: String) -> Bool {
        if expected.isEmpty { return true }
        return actual.contains(expected) || expected.contains(actual) && !actual.isEmpty
    }

    private func expectedList(_ command: SpecCommand) throws(ScriptFormatError) -> [ExpectedValue] {
        var expected: [ExpectedValue] = []
        for value in command.json["expected"]?.arrayValue ?? [] {
            expected.append(try SpecValueParser.expected(value))
        }
        return expected
    }

    private func actionCommand(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = commandLabel(command)
        switch try perform(command) {
        case .values: events.pass()
        case .trap(let trap): events.fail(command, "\(label): expected no trap, got \(Self.trapText(trap))")
        case .failure(let message): events.fail(command, "\(label): \(message)")
        case .skipped(let reason, let text): events.skip(command, reason, textFormat: text)
        }
    }

    private func assertReturn(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = commandLabel(command)
        let expected = try expectedList(command)
        switch try perform(command) {
        case .values(let values):
            if let reason = expected.lazy.compactMap(\.unsupportedReason).first {
                events.skip(command, "cannot check \(reason)", textFormat: false)
            } else if ValueMatcher.matches(values, expected) {
                events.pass()
            } else {
                events.fail(command, "\(label): expected \(ValueFormatter.describe(expected)), got \(ValueFormatter.describe(values, like: expected))")
            }
        case .trap(let trap):
            events.fail(command, "\(label): expected \(ValueFormatter.describe(expected)), got \(Self.trapText(trap))")
        case .failure(let message): events.fail(command, "\(label): \(message)")
        case .skipped(let reason, let text): events.skip(command, reason, textFormat: text)
        }
    }

    private func assertTrap(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = commandLabel(command)
        let text = command.string("text") ?? ""
        switch try perform(command) {
        case .values(let values):
            events.fail(command, "\(label): expected trap \"\(text)\", got \(ValueFormatter.describe(values, like: []))")
        case .trap(.uncaughtException):
            events.fail(command, "\(label): expected trap \"\(text)\", got uncaught exception")
        case .trap(let trap):
            events.pass()
            if !Self.messagesMatch(expected: text, actual: trap.description) {
                events.note(command, "\(label): trap message mismatch: expected \"\(text)\", got \"\(trap.description)\"")
            }
        case .failure(let message): events.fail(command, "\(label): \(message)")
        case .skipped(let reason, let textFormat): events.skip(command, reason, textFormat: textFormat)
        }
    }

    private func assertExhaustion(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = commandLabel(command)
        let text = command.string("text") ?? "call stack exhausted"
        switch try perform(command) {
        case .values(let values):
            events.fail(command, "\(label): expected trap \"\(text)\", got \(ValueFormatter.describe(values, like: []))")
        case .trap(.uncaughtException):
            events.fail(command, "\(label): expected trap \"\(text)\", got uncaught exception")
        case .trap(let trap):
            events.pass()
            if trap != .callStackExhausted && !Self.messagesMatch(expected: text, actual: trap.description) {
                events.note(command, "\(label): trap message mismatch: expected \"\(text)\", got \"\(trap.description)\"")
            }
        case .failure(let message): events.fail(command, "\(label): \(message)")
        case .skipped(let reason, let textFormat): events.skip(command, reason, textFormat: textFormat)
        }
    }

    private func assertException(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = commandLabel(command)
        switch try perform(command) {
        case .values(let values):
            events.fail(command, "\(label): expected uncaught exception, got \(ValueFormatter.describe(values, like: []))")
        case .trap(.uncaughtException):
            events.pass()
        case .trap(let trap):
            events.fail(command, "\(label): expected uncaught exception, got \(Self.trapText(trap))")
        case .failure(let message): events.fail(command, "\(label): \(message)")
        case .skipped(let reason, let textFormat): events.skip(command, reason, textFormat: textFormat)
        }
    }

    // MARK: - Module assertions

    private func assertInvalid(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = commandLabel(command)
        let text = command.string("text") ?? ""
        switch compile(try moduleSource(command)) {
        case .success(let validated):
            // `assert_invalid_custom`: the module is valid; a custom section it has is not.
            if command.type == "assert_invalid_custom", let problem = CustomSectionCheck.problem(in: validated.module) {
                events.pass()
                if !Self.messagesMatch(expected: text, actual: problem) {
                    events.note(command, "\(label): message mismatch: expected \"\(text)\", got \"\(problem)\"")
                }
                return
            }
            events.fail(command, "\(label): expected invalid module (\"\(text)\"), got a valid module")
        case .failure(.validation(let message, let decodeError)):
            events.pass()
            if decodeError {
                events.note(command, "\(label): rejected as malformed by the validator: \(message) (expected invalid: \"\(text)\")")
            } else if !Self.messagesMatch(expected: text, actual: message) {
                events.note(command, "\(label): message mismatch: expected \"\(text)\", got \"\(message)\"")
            }
        case .failure(let rejection):
            events.fail(command, "\(label): expected invalid module (\"\(text)\"), got \(rejection.description)")
        }
    }

    private func assertMalformed(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = commandLabel(command)
        let text = command.string("text") ?? ""
        switch compile(try moduleSource(command)) {
        case .success:
            events.fail(command, "\(label): expected malformed module (\"\(text)\"), got a valid module")
        case .failure(.unreadable(let message)):
            events.fail(command, "\(label): cannot read module: \(message)")
        case .failure(let rejection):
            events.pass()
            if case .validation(let message, false) = rejection {
                events.note(command, "\(label): rejected by validation, not decoding: \(message) (expected malformed: \"\(text)\")")
            } else if !Self.messagesMatch(expected: text, actual: rejection.message) {
                events.note(command, "\(label): message mismatch: expected \"\(text)\", got \"\(rejection.message)\"")
            }
        }
    }

    private func assertUnlinkable(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = commandLabel(command)
        let text = command.string("text") ?? ""
        switch compile(try moduleSource(command)) {
        case .failure(let rejection):
            events.fail(command, "\(label): expected unlinkable module (\"\(text)\"), got \(rejection.description)")
        case .success(let validated):
            switch instantiate(validated) {
            case .success:
                events.fail(command, "\(label): expected unlinkable module (\"\(text)\"), got a linked instance")
            case .failure(let error):
                switch error {
                case .unknownImport, .incompatibleImportType:
                    events.pass()
                    if !Self.messagesMatch(expected: text, actual: error.description) {
                        events.note(command, "\(label): message mismatch: expected \"\(text)\", got \"\(error.description)\"")
                    }
                case .trap, .resourceLimit:
                    events.fail(command, "\(label): expected unlinkable module (\"\(text)\"), got instantiation error: \(error)")
                }
            }
        }
    }

    private func assertUninstantiable(_ command: SpecCommand) throws(ScriptFormatError) {
        let label = commandLabel(command)
        let text = command.string("text") ?? ""
        switch compile(try moduleSource(command)) {
        case .failure(let rejection):
            events.fail(command, "\(label): expected instantiation trap (\"\(text)\"), got \(rejection.description)")
        case .success(let validated):
            switch instantiate(validated) {
            case .success:
                events.fail(command, "\(label): expected instantiation trap (\"\(text)\"), got an instance")
            case .failure(.trap(let trap)):
                events.pass()
                if !Self.messagesMatch(expected: text, actual: trap.description) {
                    events.note(command, "\(label): trap message mismatch: expected \"\(text)\", got \"\(trap.description)\"")
                }
            case .failure(let error):
                events.fail(command, "\(label): expected instantiation trap (\"\(text)\"), got instantiation error: \(error)")
            }
        }
    }
}
