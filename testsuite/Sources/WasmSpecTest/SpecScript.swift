import WasmText
import WippyJSON

/// One JSON script from `wasm-tools json-from-wast` (or wabt's `wast2json`).
struct SpecScript {
    /// Path of the JSON file.
    var path: String
    /// Folder holding the JSON; module file names are relative to it.
    var directory: String
    /// `source_filename`, e.g. `i32.wast`.
    var sourceFilename: String?
    /// The commands in order.
    var commands: [SpecCommand]

    /// Reads and parses a script: JSON, or a `.wast` file (see ``WastConversion``).
    static func load(path: String) -> Result<SpecScript, ScriptFormatError> {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path)
        } catch {
            return .failure(ScriptFormatError("cannot read script: \(error.reason)"))
        }
        if path.hasSuffix(".wast") { return WastConversion.script(bytes: bytes, path: path) }
        return parse(bytes: bytes, path: path)
    }

    /// Parses a script's bytes.
    static func parse(bytes: [UInt8], path: String) -> Result<SpecScript, ScriptFormatError> {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            return .failure(ScriptFormatError("invalid JSON: \(error)"))
        }
        guard let commands = json["commands"]?.arrayValue else {
            return .failure(ScriptFormatError("not a spec script: no \"commands\" array"))
        }
        var parsed: [SpecCommand] = []
        parsed.reserveCapacity(commands.count)
        for (index, command) in commands.enumerated() {
            parsed.append(SpecCommand(index: index, json: command))
        }
        return .success(SpecScript(
            path: path,
            directory: FileSystem.directoryName(path),
            sourceFilename: json["source_filename"]?.stringValue,
            commands: parsed
        ))
    }
}

/// One command of a script.
struct SpecCommand {
    /// Position in the script.
    var index: Int
    /// `type` (`""` if missing).
    var type: String
    /// `line` in the `.wast` (0 if missing).
    var line: Int
    /// The whole command object.
    var json: JSONValue
    /// The module of a command read from a `.wast` script (JSON scripts name files instead).
    var embeddedModule: WastModule?

    init(index: Int, json: JSONValue) {
        self.index = index
        self.json = json
        self.type = json["type"]?.stringValue ?? ""
        self.line = json["line"]?.numberValue?.int64.map { Int(truncatingIfNeeded: $0) } ?? 0
    }

    /// Whether the command counts as an assertion (everything but module setup and `register`).
    var isAssertion: Bool { Self.isAssertion(type) }

    /// Whether a command type counts as an assertion.
    static func isAssertion(_ type: String) -> Bool {
        switch type {
        case "module", "module_definition", "module_instance", "register": return false
        default: return true
        }
    }

    /// `<type> <field or module file>`, the start of every message about this command.
    var label: String {
        let type = self.type.isEmpty ? "command" : self.type
        if let action = json["action"], let field = action["field"]?.stringValue {
            return "\(type) \(Self.printable(field))"
        }
        if let name = name("name") { return "\(type) $\(Self.printable(name))" }
        if let file = string("filename") { return "\(type) \(Self.printable(file))" }
        if let name = name("as") { return "\(type) \(Self.printable(name))" }
        return type
    }

    /// `text` with control characters written as `\u{X}`, so a message stays on one line.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A string field.
    func string(_ key: String) -> String? { json[key]?.stringValue }

    /// A module or instance name field, without a leading `$` (wabt keeps it).
    func name(_ key: String) -> String? {
        guard let name = json[key]?.stringValue else { return nil }
        return name.hasPrefix("$") ? String(name.dropFirst()) : name
    }
}
