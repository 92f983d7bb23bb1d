#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File chores shared by the test targets and the benchmarks (no Foundation): whole-file reads
/// and writes, directory listings, removing a tree. Failures answer nil, false or an empty list;
/// the callers are tests, which then fail on what they expected to find.
public enum Files {
    /// The whole content of the file at `path`, or nil when it cannot be opened.
    public static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0 ..< count])
        }
        return bytes
    }

    /// Writes `bytes` to `path`, replacing what was there; false when it cannot.
    @discardableResult
    public static func write(_ path: String, _ bytes: [UInt8]) -> Bool {
        guard let file = fopen(path, "wb") else { return false }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        return fclose(file) == 0 && written == bytes.count
    }

    /// Whether `path` names a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The names in the directory at `path`, sorted, without `.` and `..`; empty when it
    /// cannot be read.
    public static func list(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Every file (not directory) under `path`, as full paths, in no particular order.
    public static func listRecursively(_ path: String) -> [String] {
        var files: [String] = []
        var pending = [path]
        while let directory = pending.popLast() {
            for name in list(directory) {
                let full = directory + "/" + name
                if isDirectory(full) { pending.append(full) } else { files.append(full) }
            }
        }
        return files
    }

    /// Deletes `path` and everything under it (symbolic links are removed, not followed).
    public static func removeTree(_ path: String) {
        for name in list(path) {
            let child = path + "/" + name
            if unlink(child) != 0 { removeTree(child) }
        }
        rmdir(path)
    }

    /// Creates a fresh private directory `/tmp/PREFIX-XXXXXX` and returns its path, or nil.
    public static func makeTemporaryDirectory(prefix: String) -> String? {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return nil }
            return String(cString: made)
        }
    }
}
