import ComponentBinary
import ComponentModel
import WASIHost
import WASIIO
import WasmInterpreter
import WippyJSON

/// Calls the method of a `function.wasm` entry whose file is a component: JSON arguments are
/// converted to the method's WIT parameter types, the result back to JSON (DESIGN.md §6).
///
/// The component is linked with the host groups its `imports` list names (the rest of its
/// imports trap when called) and gets the WASI context of its `wasi` field: arguments, working
/// directory, environment (looked up per call), mounts, and the process's standard streams.
/// Its waits park on a dispatcher. `limits` bound the call from instantiation to result.
struct ComponentEntryCall {
    let entryFile: EntryFile
    let entry: Entry
    let component: LoadedComponent
    let function: WasmFunction
    let limits: CallLimits

    var file: String { entryFile.path }

    private func fail(_ message: String, _ kind: EntryError.Kind = .invalid) -> EntryError {
        EntryError(kind, file: file, entryID: entry.id, message)
    }

    func call(arguments: [String]) throws(EntryError) -> JSONValue? {
        let linker: ComponentLinker
        let dispatcher: Dispatcher
        do {
            linker = try ImportLinking.linker(for: function.imports)
            dispatcher = try Dispatcher()
        } catch {
            throw fail("cannot set up the host: \(error)")
        }
        let environment = EntryEnvironment(file: entryFile, entry: entry, wasi: function.wasi)
        let context = WASIContext(arguments: function.wasi.arguments, environment: try environment.variables(),
                                  workingDirectory: function.wasi.workingDirectory, mounts: try environment.mounts())
        let session = WASISession(context: context, dispatcher: dispatcher)
        session.environmentProvider = { () throws -> [(name: String, value: String)] in try environment.variables() }
        let runtime = ComponentRuntime(configuration: limits.applied(to: StoreConfiguration()))
        let deadline = limits.deadlineFromNow()
        runtime.store.deadline = deadline
        runtime.hostState[WASISession.self] = session
        defer { session.flushStandardStreams() }
        let instance: InstantiatedComponent
        do {
            instance = try runtime.instantiate(component, linker: linker)
        } catch {
            throw fail("cannot instantiate: \(error)", error.kind == .trap ? .trap : .invalid)
        }
        guard let method = Self.export(function.method, in: instance.functionNames), let type = instance.functionType(method) else {
            let known = instance.functionNames.joined(separator: ", ")
            throw fail("field 'method': the component exports no function named '\(MessageText.short(function.method))' (exports: \(known.isEmpty ? "none" : known))")
        }
        guard arguments.count == type.parameters.count else {
            throw fail("'\(method)' takes \(type.parameters.count) argument(s), got \(arguments.count)")
        }
        var values: [ComponentValue] = []
        for (index, argument) in arguments.enumerated() {
            let parameter = type.parameters[index]
            let json: JSONValue
            switch ValueConversion.argument(argument, takesString: Self.takesString(parameter.type)) {
            case .success(let value): json = value
            case .failure(let failure): throw fail("argument \(index + 1) '\(parameter.label)': \(failure.message)")
            }
            do {
                values.append(try ComponentValueJSON.decode(json, as: parameter.type))
            } catch {
                throw fail("argument \(index + 1) '\(parameter.label)': \(error)")
            }
        }
        let result: ComponentValue?
        do {
            result = try ComponentDriver.run(on: dispatcher, deadline: deadline) { () throws(ComponentError) in
                try instance.start(method, values)
            }
        } catch {
            if case .exit(let status)? = error.trap {
                throw fail("the guest exited with status \(status)", status == 0 ? .invalid : .trap)
            }
            throw fail(error.kind == .trap ? "trap: \(error)" : "\(error)", error.kind == .trap ? .trap : .invalid)
        }
        guard let result, let resultType = type.result else { return nil }
        do {
            return try ComponentValueJSON.encode(result, as: resultType)
        } catch {
            throw fail("result: \(error)")
        }
    }

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
