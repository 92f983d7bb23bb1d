import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// A store holding one instance of a module written in the text format (no imports), with
/// calls of its exported functions.
struct WATInstance {
    let store: Store
    let instance: Instance

    init(_ text: String, configuration: StoreConfiguration = StoreConfiguration()) throws {
        let module = try validateModule(try decodeModule(try parseWAT(text)))
        store = Store(configuration: configuration)
        instance = try store.instantiate(module, imports: { _, _ in nil })
    }

    func function(_ name: String) throws -> FunctionAddress {
        try #require(instance.exportedFunction(name))
    }

    func call(_ name: String, _ arguments: [Value] = []) throws -> [Value] {
        try store.invoke(try function(name), arguments)
    }

    /// How many words of threaded code the exported function translated to (call it first).
    func translatedWords(_ name: String) throws -> Int {
        try #require(store.functions[try function(name).index].compiled?.count)
    }
}
