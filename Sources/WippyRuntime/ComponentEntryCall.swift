import ComponentBinary
import ComponentModel
import WippyJSON

/// Calls the method of a `function.wasm` entry whose file is a component: JSON arguments are
/// converted to the method's WIT parameter types, the result back to JSON (DESIGN.md §6).
struct ComponentEntryCall {
    let file: String
    let entry: Entry
    let component: LoadedComponent
    let function: WasmFunction

    private func fail(_ message: String, _ kind: EntryError.Kind = .invalid) -> EntryError {
        EntryError(kind, file: file, entryID: entry.id, message)
    }

    func call(arguments: [String]) throws(EntryError) -> JSONValue? {
        let linker = ComponentLinker()
        let instance: InstantiatedComponent
        do {
            instance = try ComponentRuntime().instantiate(component, linker: linker)
        } catch {
            throw fail("cannot instantiate: \(error)", error.kind == .trap ? .trap : .invalid)
        }
        let method = function.method
        guard let type = instance.functionType(method) else {
            let known = instance.functionNames.joined(separator: ", ")
            throw fail("field 'method': the component exports no function named '\(method)' (exports: \(known.isEmpty ? "none" : known))")
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
            result = try instance.call(method, values)
        } catch {
            throw fail(error.kind == .trap ? "trap: \(error)" : "\(error)", error.kind == .trap ? .trap : .invalid)
        }
        guard let result, let resultType = type.result else { return nil }
        do {
            return try ComponentValueJSON.encode(result, as: resultType)
        } catch {
            throw fail("result: \(error)")
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
