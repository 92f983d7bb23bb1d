import Foundation

/// Locates the read-only test data in `../shared` beside the repository.
enum SharedSuite {
    /// The repository root (two levels above this file's folder).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` next to the repository.
    static let root: URL = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The WebAssembly 2.0 spec suite's JSON folder.
    static let spec20 = root.appendingPathComponent("spec/wasm-2.0/json")

    /// Whether the spec suite is present.
    static var hasSpec20: Bool { FileManager.default.fileExists(atPath: spec20.path) }

    /// The message shown when the suite is missing.
    static let missingMessage = "the WebAssembly spec suite is missing: put it at \(spec20.path) (see README)"

    /// Every `.wasm` file under a folder, sorted.
    static func wasmFiles(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "wasm" { files.append(url) }
        return files.sorted { $0.path < $1.path }
    }
}
