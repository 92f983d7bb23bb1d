import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// A store holding one instance of a module written in the text format (no imports), with
/// calls of its exported functions.
struct WATInstance {
    let store = Store()
    let instance: Instance

    init(_ text: String) throws {
        let module = try validateModule(try decodeModule(try parseWAT(text)))
        instance = try store.instantiate(module, imports: { _, _ in nil })
    }

    func call(_ name: String, _ arguments: [Value] = []) throws -> [Value] {
        let function = try #require(instance.exportedFunction(name))
        return try store.invoke(function, arguments)
    }
}
