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
        // The component validator decodes every embedded core module (to learn its exports);
        // they are validated from those decodings, not decoded (and copied) a second time.
        var decodedModules: [Int: Module] = [:]
        do {
            summary = try validateComponent(decoded, decodedModules: &decodedModules)
        } catch {
            throw ComponentError(.validation, error.description)
        }
        component = decoded
        var modules: [Int: ValidatedModule] = [:]
        try Self.compile(decoded, decoded: &decodedModules, validate: validate ?? { try validateModule($0) }, into: &modules)
        self.modules = modules
    }

    /// Validates every embedded core module of `c` (nested components' too) in binary order,
    /// taking each from `decoded` (and removing it there, so that its bytes are held once).
    private static func compile(
        _ c: Component, decoded: inout [Int: Module], validate: (Module) throws -> ValidatedModule,
        into modules: inout [Int: ValidatedModule]
    ) throws(ComponentError) {
        for section in c.sections {
            switch section {
            case .coreModule(let m):
                let module: Module
                if let known = decoded.removeValue(forKey: m.range.lowerBound) {
                    module = known
                } else {
                    do {
                        module = try m.decode()
                    } catch {
                        throw ComponentError(.decode, error.description)
                    }
                }
                do {
                    modules[m.range.lowerBound] = try validate(module)
                } catch {
                    throw ComponentError(.validation, "core module at byte offset 0x\(String(m.range.lowerBound, radix: 16)): \(error)")
                }
            case .component(let nested): try compile(nested, decoded: &decoded, validate: validate, into: &modules)
            default: break
            }
        }
    }
}
