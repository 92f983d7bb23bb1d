import Testing
@testable import WasmInterpreter

/// A store and one instance in it, whose exports a test calls by name (the fixtures of the GC,
/// GC allocation, array access, exception collection and custom-descriptors tests).
protocol InstanceFixture {
    var store: Store { get }
    var instance: Instance { get }
}

extension InstanceFixture {
    /// Calls export `name`.
    @discardableResult
    func call(_ name: String, _ arguments: [Value] = []) throws -> [Value] {
        let function = try #require(instance.exportedFunction(name))
        return try store.invoke(function, arguments)
    }

    /// The error export `name` ends with, as text; nil when it returns.
    func trap(_ name: String, _ arguments: [Value] = []) -> String? {
        do {
            _ = try call(name, arguments)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
