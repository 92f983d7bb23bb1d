import WasmBinary
import WasmText
import WasmValidation

/// What validating the module written as `text` says: nil when it is valid, else the error's
/// description (a text, decode or validation error).
func validationVerdict(_ text: String, features: ValidationFeatures = .all) -> String? {
    do {
        _ = try validateModule(try decodeModule(try parseWAT(text)), features: features)
        return nil
    } catch {
        return "\(error)"
    }
}
