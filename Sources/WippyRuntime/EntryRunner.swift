import WasmBinary
import WasmInterpreter
import WasmValidation
import WippyJSON

extension EntryFile {
    /// Picks the entry to run from `run FILE [ID] [ARG...]` arguments.
    ///
    /// The first argument is the ID when it names an entry, or when it looks like one
    /// (`ns:name`, not JSON); otherwise the file's only function entry is used.
    /// - Returns: the entry and the remaining arguments.
    public func selectEntry(_ arguments: [String]) throws(EntryError) -> (entry: Entry, arguments: [String]) {
        if let first = arguments.first {
            if let entry = entry(id: first) { return (entry, Array(arguments.dropFirst())) }
            if first.contains(":"), (try? JSONValue.parse(first)) == nil {
                throw unknownID(first)
            }
        }
        let functions = entries.filter(\.isFunction)
        guard functions.count == 1, let only = functions.first else {
            if functions.isEmpty { throw EntryError(file: path, "no function entries to run") }
            throw EntryError(file: path, "several function entries; name one of: \(functionIDs.joined(separator: ", "))")
        }
        return (only, arguments)
    }

    private func unknownID(_ id: String) -> EntryError {
        EntryError(file: path, "unknown entry ID '\(id)'; known: \(entries.map(\.id).joined(separator: ", "))")
    }

    /// Calls a function entry with JSON arguments (see ``ValueConversion/argument(_:takesString:)``).
    /// - Returns: the result as JSON, or nil when the function has no result.
    /// - Throws: ``EntryError`` (kind `.trap` when the guest trapped).
    public func call(id: String, arguments: [String], limits: CallLimits = CallLimits()) throws(EntryError) -> JSONValue? {
        guard let entry = entry(id: id) else { throw unknownID(id) }
        return try call(entry, arguments: arguments, limits: limits)
    }

    /// Calls a function entry with JSON arguments, under the entry's `limits` tightened by
    /// `limits` (a limit past its bound ends the call with a trap, ``EntryError/Kind/trap``).
    public func call(_ entry: Entry, arguments: [String], limits: CallLimits = CallLimits()) throws(EntryError) -> JSONValue? {
        let limits = entry.limits.callLimits.tightened(by: limits)
        func fail(_ message: String, _ kind: EntryError.Kind = .invalid) -> EntryError {
            EntryError(kind, file: path, entryID: entry.id, message)
        }
        let loading = ModuleLoading(file: self, entry: entry)
        let module: ValidatedModule
        let method: String
        let wit: WITSignatures?
        switch entry.definition {
        case .wasmFunction(let function):
            switch try loading.load(function) {
            case .module(let m): module = m
            case .component(let component):
                return try ComponentEntryCall(entryFile: self, entry: entry, component: component, function: function, limits: limits)
                    .call(arguments: arguments)
            }
            (method, wit) = (function.method, function.wit)
        case .watFunction(let function):
            module = try loading.load(function)
            (method, wit) = (function.method, function.wit)
        case .directory, .variable:
            throw fail("an \(entry.kind) entry cannot be run")
        case .unknown:
            throw fail("kind '\(entry.kind)' is not supported (known: fs.directory, env.variable, function.wasm, function.wat)")
        }
        let store = Store(configuration: limits.applied(to: StoreConfiguration()))
        store.deadline = limits.deadlineFromNow()
        let instance: Instance
        do {
            instance = try store.instantiate(module) { _, _ in nil }
        } catch {
            throw fail("cannot instantiate: \(error)", { if case .trap = error { return .trap } else { return .invalid } }())
        }
        guard let function = instance.exportedFunction(method) else {
            throw fail("field 'method': the module exports no function named '\(method)'")
        }
        let coreType = store.functionType(function)
        let signature = wit?.functions[method]
        if let signature, signature.coreType != coreType {
            throw fail("field 'wit': '\(method)' is declared as \(signature.description) but the module's function has core type \(describe(coreType))")
        }
        let parameterCount = signature?.parameters.count ?? coreType.parameters.count
        guard arguments.count == parameterCount else {
            throw fail("'\(method)' takes \(parameterCount) argument(s), got \(arguments.count)")
        }
        var values: [Value] = []
        for (index, argument) in arguments.enumerated() {
            let witType = signature?.parameters[index].type
            let converted = ValueConversion.argument(argument, takesString: witType == .char).flatMap { json in
                witType.map { ValueConversion.value(json, as: $0) } ?? ValueConversion.value(json, as: coreType.parameters[index])
            }
            switch converted {
            case .success(let value): values.append(value)
            case .failure(let failure):
                let name = signature.map { " '\($0.parameters[index].name)'" } ?? ""
                throw fail("argument \(index + 1)\(name): \(failure.message)")
            }
        }
        let results: [Value]
        do {
            results = try store.invoke(function, values)
        } catch {
            throw fail("trap: \(error)", .trap)
        }
        if let signature {
            guard let type = signature.result, let first = results.first else { return nil }
            return ValueConversion.json(first, as: type)
        }
        switch results.count {
        case 0: return nil
        case 1: return ValueConversion.json(results[0])
        default: return .array(results.map { ValueConversion.json($0) })
        }
    }

    private func describe(_ type: FunctionType) -> String {
        "(\(type.parameters.map { "\($0)" }.joined(separator: ", "))) -> (\(type.results.map { "\($0)" }.joined(separator: ", ")))"
    }
}

extension WITFunction: CustomStringConvertible {
    /// `func(a: s32, b: s32) -> s32`.
    public var description: String {
        let parameters = self.parameters.map { "\($0.name): \($0.type.rawValue)" }.joined(separator: ", ")
        return "func(\(parameters))" + (result.map { " -> \($0.rawValue)" } ?? "")
    }
}
