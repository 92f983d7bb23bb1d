import Foundation
import WasmBinary

/// Locating the WebAssembly spec test suite (`../shared/spec` next to the package).
enum SpecSuite {
    /// The package root, found from this file's path (Tests/WasmTextTests/<file>).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/spec/wasm-2.0`.
    static let wasm20 = packageRoot.appendingPathComponent("../shared/spec/wasm-2.0").standardizedFileURL

    /// `../shared/spec`: the newest suite (WebAssembly 3.0 at the top level).
    static let latest = packageRoot.appendingPathComponent("../shared/spec").standardizedFileURL

    /// Whether the 2.0 suite (both its `.wast` files and their JSON conversion) is present.
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: wasm20.appendingPathComponent("wast").path)
            && FileManager.default.fileExists(atPath: wasm20.appendingPathComponent("json").path)
    }

    /// The message tests print when the suite is missing.
    static let missing = "put the WebAssembly spec suite at ../shared/spec (next to the package) so that ../shared/spec/wasm-2.0/wast and .../json exist"

    /// The names of the `.wast` scripts of the 2.0 suite, sorted.
    static func scriptNames() -> [String] {
        let folder = wasm20.appendingPathComponent("wast").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".wast") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The bytes of `wast/<name>.wast`.
    static func script(_ name: String, root: URL = wasm20) -> [UInt8]? {
        FileManager.default.contents(atPath: root.appendingPathComponent("wast/\(name).wast").path).map { [UInt8]($0) }
    }

    /// The bytes of a file.
    static func bytes(_ file: URL) -> [UInt8]? {
        FileManager.default.contents(atPath: file.path).map { [UInt8]($0) }
    }

    /// The binary module files of `json/<name>/<name>.json` by the line of their command.
    static func binaryModules(_ name: String, root: URL = wasm20) -> [Int: URL] {
        let folder = root.appendingPathComponent("json/\(name)")
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("\(name).json").path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let commands = json["commands"] as? [[String: Any]] else { return [:] }
        var result: [Int: URL] = [:]
        for command in commands {
            guard let line = command["line"] as? Int else { continue }
            let file = (command["binary_filename"] as? String) ?? (command["filename"] as? String)
            guard let file, file.hasSuffix(".wasm") else { continue }
            result[line] = folder.appendingPathComponent(file)
        }
        return result
    }
}

/// A description of a module that leaves out where things are in the binary, so that modules
/// decoded from different binaries can be compared.
enum NormalizedModule {
    /// The first difference between two modules ("text: …\nwasm: …"), or nil when they agree.
    static func difference(_ actual: Module, _ expected: Module) -> String? {
        let a = lines(actual)
        let e = lines(expected)
        guard a != e else { return nil }
        return zip(a, e).first { $0 != $1 }.map { "text: \($0.0)\nwasm: \($0.1)" } ?? "\(a.count) vs \(e.count) parts"
    }

    static func lines(_ m: Module) -> [String] {
        var out: [String] = []
        for (i, t) in m.definedTypes.enumerated() { out.append("type \(i) \(t)") }
        for i in m.imports { out.append("import \(i.module).\(i.name) \(i.descriptor)") }
        for (i, t) in m.functionTypeIndices.enumerated() {
            let body = i < m.bodies.count ? m.bodies[i] : nil
            let code = body.map { Array(m.bytes[$0.code]) } ?? []
            out.append("func \(i) type \(t) locals \(body?.locals ?? []) code \(code)")
        }
        for t in m.tables { out.append("table \(t.type) init \(t.initializer.map(expression) ?? "-")") }
        for t in m.memories { out.append("memory \(t)") }
        for t in m.tags { out.append("tag \(t)") }
        for g in m.globals { out.append("global \(g.type) \(expression(g.initializer))") }
        for e in m.exports { out.append("export \(e.name) \(e.kind) \(e.index)") }
        out.append("start \(m.start.map(String.init) ?? "-")")
        for e in m.elements {
            let mode: String
            switch e.mode {
            case .passive: mode = "passive"
            case .declarative: mode = "declarative"
            case .active(let table, let offset): mode = "active \(table) \(expression(offset))"
            }
            out.append("elem \(e.type) \(mode) [\(e.items.map(expression).joined(separator: ", "))]")
        }
        for d in m.data {
            let mode: String
            switch d.mode {
            case .passive: mode = "passive"
            case .active(let memory, let offset): mode = "active \(memory) \(expression(offset))"
            }
            out.append("data \(mode) \(Array(m.bytes[d.bytes]))")
        }
        return out
    }

    /// The instructions of a constant expression without their offsets.
    static func expression(_ e: ConstExpression) -> String {
        e.instructions.map { instruction -> String in
            var copy = instruction
            copy.offset = 0
            return "\(copy)"
        }.joined(separator: "; ")
    }
}
