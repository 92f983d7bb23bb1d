import ComponentBinary
import WasmBinary
import FileSupport

/// Locates the shared test material (`../shared` beside the repository).
enum Fixtures {
    /// `/…/shared`, found relative to this file.
    static let sharedPath: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        // …/main/Tests/ComponentBinaryTests/Fixtures.swift → …/shared
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/shared"
    }()

    /// Whether the shared material is present.
    static let available: Bool = Files.isDirectory(sharedPath + "/wippy")

    /// The message tests are disabled with when the material is missing.
    static let missing = "put the shared test material at ../shared"

    /// Reads a file under the shared folder.
    static func read(_ relative: String) -> [UInt8]? {
        Files.read(sharedPath + "/" + relative)
    }

    /// Every `.wasm` file under `relative` (recursively), sorted.
    static func wasmFiles(under relative: String) -> [String] {
        Files.listRecursively(sharedPath + "/" + relative).filter { $0.hasSuffix(".wasm") }.sorted()
    }

    /// Whether a binary has the component preamble.
    static func isComponent(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && bytes[4] == 0x0D && bytes[5] == 0 && bytes[6] == 1 && bytes[7] == 0
    }
}
