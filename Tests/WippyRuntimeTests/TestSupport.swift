#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A fresh directory under /tmp for one test's entry files, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    deinit {
        if path != "/tmp" { removeTree(path) }
    }

    init() {
        var template = Array("/tmp/wippy-runtime-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        path = made ?? "/tmp"
    }

    /// Writes `text` (or bytes) to `name` inside the folder and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let full = path + "/" + name
        if let handle = fopen(full, "wb") {
            _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
            fclose(handle)
        }
        return full
    }

    /// Creates a subfolder.
    func makeFolder(_ name: String) {
        mkdir(path + "/" + name, 0o755)
    }
}

/// Deletes a directory and everything in it (no symbolic links are followed).
func removeTree(_ path: String) {
    if let directory = opendir(path) {
        var children: [String] = []
        while let item = readdir(directory) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { children.append(path + "/" + name) }
        }
        closedir(directory)
        for child in children {
            if unlink(child) != 0 { removeTree(child) }
        }
    }
    rmdir(path)
}

/// Reads a file's text, nil if it does not exist.
func readText(_ path: String) -> String? {
    readBytes(path).map { String(decoding: $0, as: UTF8.self) }
}

/// Reads a file's bytes, nil if it does not exist.
func readBytes(_ path: String) -> [UInt8]? {
    guard let handle = fopen(path, "rb") else { return nil }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
        bytes += buffer[0..<count]
        if count < buffer.count { break }
    }
    return bytes
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
