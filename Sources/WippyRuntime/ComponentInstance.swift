import ComponentBinary
import ComponentModel
import WASIHost
import WASIHTTP
import WasmInterpreter
import WASIIO
import WippyFuncs
import WippyJSON

/// An instance of a component entry, living on one worker: its runtime (store, translated
/// code, resources), its WASI session on the worker's dispatcher, and its `funcs` session.
/// Arguments are converted to the method's WIT parameter types and the result back
/// (DESIGN.md §6); waits suspend on the dispatcher.
final class ComponentInstance: LiveInstance {
    let runtime: ComponentRuntime
    let instance: InstantiatedComponent
    let method: String
    let type: ResolvedFunctionType
    let session: WASISession
    let funcs: FuncsSession?
    let dispatcher: Dispatcher
    let fail: @Sendable (String, EntryError.Kind) -> EntryError
    /// The most host memory a result's JSON form may take: the lift's bound
    /// (``StoreConfiguration/maxLiftedBytes``).
    let resultLimit: Int

    init(component: LoadedComponent, linker: ComponentLinker, function: WasmFunction, environment: EntryEnvironment,
         configuration: StoreConfiguration, network: NetworkPermissions, tls: TLSClientConfiguration?,
         dispatcher: Dispatcher, funcs: FuncsSession?,
         fail: @escaping @Sendable (String, EntryError.Kind) -> EntryError) throws(EntryError) {
        self.dispatcher = dispatcher
        self.fail = fail
        self.funcs = funcs
        resultLimit = configuration.maxLiftedBytes
        let context = WASIContext(arguments: function.wasi.arguments, environment: try environment.variables(),
                                  workingDirectory: function.wasi.workingDirectory, mounts: try environment.mounts())
        session = WASISession(context: context, dispatcher: dispatcher)
        session.network = network
        session.environmentProvider = { () throws -> [(name: String, value: String)] in try environment.variables() }
        runtime = ComponentRuntime(configuration: configuration)
        runtime.hostState[WASISession.self] = session
        if let funcs { runtime.hostState[FuncsSession.self] = funcs }
        // An entry's own CA (`tls.ca_file`) for its https requests.
        if let tls { runtime.hostState[TLSClientConfiguration.self] = tls }
        do {
            instance = try runtime.instantiate(component, linker: linker)
        } catch {
            session.flushStandardStreams()
            throw fail("cannot instantiate: \(error)", error.kind == .trap ? .trap : .invalid)
        }
        guard let method = ComponentInstance.export(function.method, in: instance.functionNames), let type = instance.functionType(method) else {
            let known = instance.functionNames.joined(separator: ", ")
            throw fail("field 'method': the component exports no function named '\(MessageText.short(function.method))' (exports: \(known.isEmpty ? "none" : known))", .invalid)
        }
        self.method = method
        self.type = type
    }

    var retainedMemory: UInt64 { runtime.store.retainedBytes }
    private(set) var isBroken = false

    func call(_ arguments: CallArguments, depth: Int, callChain: CallChain?, limits: CallLimits,
              done: @escaping (Result<CallResult, EntryError>) -> Void) {
        let deadline = limits.deadlineFromNow()
        runtime.store.deadline = deadline
        runtime.store.remainingFuel = limits.fuel
        let values: [ComponentValue]
        do {
            values = try convert(arguments)
        } catch {
            done(.failure(error))
            return
        }
        if let funcs {
            funcs.depth = depth + 1
            funcs.callChain = callChain
        }
        let started: ComponentCallResult
        do {
            started = try instance.start(method, values)
        } catch {
            session.flushStandardStreams()
            done(.failure(failure(error)))
            return
        }
        // Most calls finish without waiting: answered at once, with no driver, timer or shared
        // state made for them (the same outcome the driver would give).
        if case .finished(let value) = started {
            session.flushStandardStreams()
            done(Result { () throws(EntryError) -> CallResult in try result(value, for: arguments) })
            return
        }
        // A call still waiting at its deadline ends then (the guest's own code is stopped by its
        // store); the instance is not used again, and what the abandoned call does later is ignored.
        var finished = false
        let timer = deadline.map { deadline in
            dispatcher.addTimer(deadline: deadline.monotonicNanoseconds) { [self] in
                guard !finished else { return }
                let trap = deadline.trap
                finished = true
                isBroken = true
                session.flushStandardStreams()
                done(.failure(fail("trap: \(trap)", .trap)))
            }
        }
        ComponentDriver.drive(on: dispatcher, started) { [self] outcome in
            if let timer { dispatcher.cancel(timer) }
            guard !finished else { return }
            finished = true
            session.flushStandardStreams()
            switch outcome {
            case .failure(let error): done(.failure(failure(error)))
            case .success(let value): done(Result { () throws(EntryError) -> CallResult in try result(value, for: arguments) })
            }
        }
    }

    private func failure(_ error: ComponentError) -> EntryError {
        if error.kind == .trap || error.trap != nil { isBroken = true }
        if case .exit(let status)? = error.trap {
            return fail("the guest exited with status \(status)", status == 0 ? .invalid : .trap)
        }
        return fail(error.kind == .trap ? "trap: \(error)" : "\(error)", error.kind == .trap ? .trap : .invalid)
    }

    private func convert(_ arguments: CallArguments) throws(EntryError) -> [ComponentValue] {
        switch arguments {
        case .values(let values):
            guard values.count == type.parameters.count else { throw countError(values.count) }
            return values
        case .funcs(let payload):
            guard type.parameters.count == 1, let parameter = type.parameters.first else {
                throw fail("'\(method)' takes \(type.parameters.count) parameters, not one string or list<u8>", .invalid)
            }
            switch (parameter.type, payload) {
            case (.primitive(.string), .string(let text)): return [.string(text)]
            case (.primitive(.string), .bytes(let bytes)):
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw fail("the input is not valid UTF-8 and '\(method)' takes a string", .arguments)
                }
                return [.string(text)]
            case (.list(.primitive(.u8)), .bytes(let bytes)): return [.bytes(bytes)]
            case (.list(.primitive(.u8)), .string(let text)): return [.bytes(Array(text.utf8))]
            default:
                throw fail("'\(method)' takes \(parameter.label): \(describe(parameter.type)), not a string or list<u8>", .invalid)
            }
        case .text(let words, _):
            guard words.count == type.parameters.count else { throw countError(words.count) }
            var json: [JSONValue] = []
            for (index, word) in words.enumerated() {
                let parameter = type.parameters[index]
                switch ValueConversion.argument(word, takesString: Self.takesString(parameter.type)) {
                case .success(let value): json.append(value)
                case .failure(let failure): throw fail("argument \(index + 1) '\(parameter.label)': \(failure.message)", .arguments)
                }
            }
            return try decode(json)
        case .jsonBody(let body, _):
            return try convert(.json(try CallArguments.argumentArray(body, fail: fail), answer: .tree))
        case .json(let json, _):
            guard json.count == type.parameters.count else { throw countError(json.count) }
            return try decode(json)
        }
    }

    private func countError(_ count: Int) -> EntryError {
        fail("'\(method)' takes \(type.parameters.count) argument(s), got \(count)", .arguments)
    }

    private func decode(_ json: [JSONValue]) throws(EntryError) -> [ComponentValue] {
        var values: [ComponentValue] = []
        for (index, item) in json.enumerated() {
            let parameter = type.parameters[index]
            do {
                values.append(try ComponentValueJSON.decode(item, as: parameter.type))
            } catch {
                throw fail("argument \(index + 1) '\(parameter.label)': \(error)", .arguments)
            }
        }
        return values
    }

    private func result(_ value: ComponentValue?, for arguments: CallArguments) throws(EntryError) -> CallResult {
        switch arguments {
        case .values: return .value(value)
        case .funcs: return .funcs(try funcsPayload(value))
        case .text(_, let answer), .json(_, let answer), .jsonBody(_, let answer):
            guard let value, let resultType = type.result else { return answer == .text ? .jsonText(nil) : .json(nil) }
            // The JSON form is held to the lift's bound: a list of bytes, one byte a node in
            // a tree, would otherwise make the host allocate many times what was lifted.
            do {
                switch answer {
                case .tree: return .json(try ComponentValueJSON.encode(value, as: resultType, limit: resultLimit))
                case .text: return .jsonText(try ComponentValueJSON.encodeText(value, as: resultType, limit: resultLimit))
                }
            } catch {
                throw fail("result: \(error)\(error.exceedsLimit ? " (StoreConfiguration.maxLiftedBytes)" : "")",
                           error.exceedsLimit ? .trap : .invalid)
            }
        }
    }

    /// A `funcs` target's answer: a string or bytes, or a `result` of those whose `err` is the
    /// call's failure.
    private func funcsPayload(_ value: ComponentValue?) throws(EntryError) -> FuncsPayload {
        switch value {
        case .string(let text)?: return .string(text)
        case .bytes(let bytes)?: return .bytes(bytes)
        case .list(let items)?:
            var bytes: [UInt8] = []
            for item in items {
                guard case .u8(let byte) = item else { throw fail("the result is not a string or list<u8>", .invalid) }
                bytes.append(byte)
            }
            return .bytes(bytes)
        case .result(isOK: true, let payload)?:
            return try funcsPayload(payload ?? .string(""))
        case .result(isOK: false, let payload)?:
            switch payload {
            case .string(let text)?: throw fail(text, .invalid)
            case nil: throw fail("error", .invalid)
            case .some: throw fail("error (a non-string error value)", .invalid)
            }
        default:
            throw fail("'\(method)' returns \(type.result.map(describe) ?? "nothing"), not a string, list<u8> or a result of those", .invalid)
        }
    }

    private func describe(_ type: ResolvedValueType) -> String { type.witText }

    /// The export `method` names: `name`, or `iface#name` with the interface's version or
    /// without it (`wasi:cli/run#run` finds `wasi:cli/run@0.2.0#run`).
    static func export(_ method: String, in names: [String]) -> String? {
        if names.contains(method) { return method }
        guard let hash = method.lastIndex(of: "#") else { return nil }
        let item = method[method.index(after: hash)...]
        let interface = method[..<hash]
        let wanted = interface.split(separator: "@", maxSplits: 1).first.map(String.init) ?? String(interface)
        return names.first { name in
            guard let h = name.lastIndex(of: "#"), name[name.index(after: h)...] == item else { return false }
            let base = name[..<h].split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
            return base == wanted
        }
    }

    /// Whether a parameter of `type` is written as a JSON string (so a bare word may stand for it).
    static func takesString(_ type: ResolvedValueType) -> Bool {
        switch type {
        case .primitive(.string), .primitive(.char), .enum: return true
        default: return false
        }
    }
}
