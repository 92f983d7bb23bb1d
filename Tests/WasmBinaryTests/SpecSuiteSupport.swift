import Foundation
import WasmBinary

/// Locating and reading the WebAssembly spec test suite (`../shared/spec` next to the package).
enum SpecSuite {
    /// The package root, found from this file's path (Tests/WasmBinaryTests/<file>).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/spec/wasm-2.0/json` relative to the package root.
    static let wasm20JSON = packageRoot.appendingPathComponent("../shared/spec/wasm-2.0/json")
        .standardizedFileURL

    /// `../shared/spec/json` (the newest, Wasm 3.0, suite).
    static let latestJSON = packageRoot.appendingPathComponent("../shared/spec/json")
        .standardizedFileURL

    /// Whether the 2.0 suite is present.
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: wasm20JSON.path)
    }

    /// One command of a script that names a binary module file.
    struct ModuleCommand {
        var type: String
        var file: URL
        var text: String?
        var line: String
    }

    /// Every command naming a `.wasm` file, from every script under `root`.
    static func binaryModuleCommands(under root: URL) -> [ModuleCommand] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var result: [ModuleCommand] = []
        for case let relative as String in walker where relative.hasSuffix(".json") {
            let script = root.appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: script.path),
                  let content = String(data: data, encoding: .utf8) else { continue }
            let folder = script.deletingLastPathComponent()
            for line in content.split(separator: "\n") {
                guard field("module_type", in: line) == "binary",
                      let type = field("type", in: line),
                      let name = field("filename", in: line), name.hasSuffix(".wasm") else { continue }
                result.append(ModuleCommand(
                    type: type, file: folder.appendingPathComponent(name),
                    text: field("text", in: line), line: "\(relative): \(line.prefix(160))"))
            }
        }
        return result.sorted { $0.file.path < $1.file.path }
    }

    /// The string value of `"key":"…"` in one line of a script (the scripts hold one command
    /// per line; values of these keys never contain quotes).
    static func field(_ key: String, in line: Substring) -> String? {
        guard let keyRange = line.range(of: "\"\(key)\":\"") else { return nil }
        let rest = line[keyRange.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
    }

    /// The bytes of a file.
    static func bytes(of file: URL) -> [UInt8]? {
        FileManager.default.contents(atPath: file.path).map { [UInt8]($0) }
    }
}

/// Decodes every instruction of every function body and checks the block structure, the
/// way the validator will: finds body-level malformations that `decodeModule` leaves alone.
enum BodyWalker {
    /// The first body-level problem, or nil when every body is well formed.
    static func firstProblem(in module: Module) -> String? {
        for body in module.bodies {
            var decoder = InstructionDecoder(bytes: module.bytes, range: body.code)
            var depth = 1
            do {
                while depth > 0 {
                    guard !decoder.isAtEnd else { return "unexpected end of function" }
                    let instruction = try decoder.next()
                    switch instruction.opcode {
                    case .block, .loop, .if, .try, .tryTable: depth += 1
                    case .end, .delegate: depth -= 1
                    case .memoryInit, .dataDrop:
                        if module.dataCount == nil { return "data count section required" }
                    default: break
                    }
                }
                if !decoder.isAtEnd { return "END opcode expected" }
            } catch {
                return error.message
            }
        }
        return nil
    }
}
