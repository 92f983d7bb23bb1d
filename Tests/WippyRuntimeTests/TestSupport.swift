#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import FileSupport

/// A fresh directory under /tmp for one test's entry files, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    deinit {
        if path != "/tmp" { Files.removeTree(path) }
    }

    init() {
        path = Files.makeTemporaryDirectory(prefix: "wippy-runtime-test") ?? "/tmp"
    }

    /// Writes `text` (or bytes) to `name` inside the folder and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let full = path + "/" + name
        Files.write(full, bytes)
        return full
    }

    /// Creates a subfolder.
    func makeFolder(_ name: String) {
        mkdir(path + "/" + name, 0o755)
    }
}

/// Reads a file's text, nil if it does not exist.
func readText(_ path: String) -> String? {
    Files.read(path).map { String(decoding: $0, as: UTF8.self) }
}

/// The repository's root (three folders above this file).
let repositoryRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// `add(a, b) -> a + b` as a binary core module (examples/hello/add.wasm).
let addModule: [UInt8] = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00,
    0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00,
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
]
