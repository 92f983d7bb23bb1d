import WasmText
import WippyRuntime

/// Reads the module or component a command names: a binary, or WAT text (`.wat`) turned into
/// a module binary, so every command takes both. Refuses non-regular files (`/dev/zero`) and
/// files past ``InputLimits/moduleBytes``.
enum ModuleInput {
    /// A file that could not be read or parsed: one line, without the `wippy-wasm: ` prefix.
    struct Failure: Error {
        let message: String
    }

    /// Whether `file` is named as WAT text.
    static func isText(_ file: String) -> Bool { file.hasSuffix(".wat") }

    /// The binary of `file`.
    static func read(_ file: String, limits: InputLimits = InputLimits()) throws(Failure) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(file, limit: limits.moduleBytes)
        } catch {
            throw Failure(message: error.description)
        }
        guard isText(file) else { return bytes }
        do {
            return try parseWAT(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw Failure(message: "\(MessageText.short(file)):\(error)")
        }
    }
}
