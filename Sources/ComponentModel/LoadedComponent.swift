import ComponentBinary
import WasmBinary
import WasmValidation

/// A decoded and validated component with its core modules compiled: immutable, shareable
/// between instantiations.
public struct LoadedComponent: Sendable {
    /// The decoded component.
    public let component: Component
    /// Its imports and exports with resolved types.
    public let summary: ComponentSummary
    /// The validated core modules, by their byte offset in the binary.
    let modules: [Int: ValidatedModule]

    /// Decodes and validates a component binary, and decodes and validates every embedded core
    /// module (nested components' modules too).
    ///
    /// - Parameters:
    ///   - bytes: The component binary.
    ///   - validate: How an embedded core module (decoded in place) is validated; by default
    ///     `validateModule(_:)`. A persistent validation cache passes its own (the command
    ///     line's `run --cache`); whatever it throws is reported as the module's validation
    ///     error.
    public init(bytes: [UInt8], validate: ((Module) throws -> ValidatedModule)? = nil) throws(ComponentError) {
        let decoded: Component
        do {
            decoded = try decodeComponent(bytes)
        } catch {
            throw ComponentError(.decode, error.description)
        }
        // The component validator decoded every embedded core module, nested components' too,
        // to learn their exports; they are validated from those decodings, in binary order.
        var decodedModules: [Int: Module] = [:]
        do {
            summary = try validateComponent(decoded, decodedModules: &decodedModules)
        } catch {
            throw ComponentError(.validation, error.description)
        }
        component = decoded
        let validate = validate ?? { try validateModule($0) }
        var modules: [Int: ValidatedModule] = [:]
        for (offset, module) in decodedModules.sorted(by: { $0.key < $1.key }) {
            do {
                modules[offset] = try validate(module)
            } catch {
                throw ComponentError(.validation, "core module at byte offset 0x\(String(offset, radix: 16)): \(error)")
            }
        }
        self.modules = modules
    }
}
