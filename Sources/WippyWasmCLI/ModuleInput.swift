import WasmBinary
import WasmText
import WasmValidation
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
        try load(file, limits: limits).bytes
    }

    /// The binary of `file` and, for WAT text, where its instructions came from in the text.
    static func load(_ file: String, limits: InputLimits = InputLimits()) throws(Failure) -> (bytes: [UInt8], sourceMap: WATSourceMap?) {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(file, limit: limits.moduleBytes)
        } catch {
            throw Failure(message: error.description)
        }
        guard isText(file) else { return (bytes, nil) }
        do {
            let parsed = try parseWATWithSourceMap(utf8: bytes)
            return (parsed.binary, parsed.sourceMap)
        } catch {
            throw Failure(message: "\(MessageText.short(file)):\(error)")
        }
    }

    /// For `run`: the binary of `file` read without the content of its large custom sections
    /// (``InputFile/readModule(_:limit:)``), with the function names of a `name` section left
    /// out (read from the file when a message needs one); WAT text as ``load(_:limits:)``.
    static func loadForRun(_ file: String, limits: InputLimits = InputLimits()) throws(Failure)
        -> (bytes: [UInt8], sourceMap: WATSourceMap?, names: FunctionNames?)
    {
        if isText(file) {
            let loaded = try load(file, limits: limits)
            return (loaded.bytes, loaded.sourceMap, nil)
        }
        let read: ModuleFile
        do {
            read = try InputFile.readModule(file, limit: limits.moduleBytes)
        } catch {
            throw Failure(message: error.description)
        }
        return (read.bytes, nil, read.nameSection.map { InputFile.names(of: $0, path: file) })
    }

    /// `FILE: invalid: MESSAGE`, located at the line and column of the text for a `.wat` file
    /// (the byte offset of the binary made from it would mean nothing to its author).
    static func invalid(_ file: String, _ error: Error, _ sourceMap: WATSourceMap?) -> String {
        let name = MessageText.short(file)
        guard let validation = error as? ValidationError, let sourceMap,
              let (line, column) = sourceMap.location(ofBinaryOffset: validation.offset) else {
            return "\(name): invalid: \(error)"
        }
        let function = validation.functionIndex.map { " (in function \($0))" } ?? ""
        return "\(name):\(line):\(column): invalid: \(validation.message)\(function)"
    }
}
