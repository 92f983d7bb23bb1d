#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A small file-system helper on top of the C library (the runner stays out of Foundation so the
/// CLI starts fast).
public enum FileSystem {
    /// What a path names.
    public enum Kind: Sendable, Equatable {
        case missing
        case file
        case directory
        case other
    }

    /// A file could not be read.
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        /// The path that failed.
        public var path: String
        /// The C library's explanation (`strerror`).
        public var reason: String
        /// `errno` of the failing call.
        public var code: Int32

        /// `"<path>: <reason>"`.
        public var description: String { "\(path): \(reason)" }
    }

    /// What `path` names (symbolic links are followed).
    public static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Reads a whole file.
    public static func readFile(_ path: String) throws(FileSystem.Error) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw lastError(path) }
        defer { close(fd) }
        var info = stat()
        var capacity = 64 * 1024
        if fstat(fd, &info) == 0, info.st_size > 0 { capacity = Int(info.st_size) + 1 }
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let n = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { read(fd, $0 + count, buffer.count - count) } ?? -1
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw lastError(path)
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Every regular file under `root` (recursively) whose name ends with `suffix`, as paths
    /// relative to `root`, sorted. Unreadable subdirectories are skipped.
    public static func findFiles(under root: String, suffix: String) -> [String] {
        var results: [String] = []
        var pending: [String] = [""]  // relative directories still to list
        var visited = 0
        while let relative = pending.popLast() {
            visited += 1
            if visited > 1_000_000 { break }  // symlink loops
            let directory = relative.isEmpty ? root : join(root, relative)
            guard let handle = opendir(directory) else { continue }
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                    pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: pointer.pointee)) {
                        String(cString: $0)
                    }
                }
                if name == "." || name == ".." { continue }
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                var isDirectory = false
                var isFile = false
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): isDirectory = true
                case Int32(DT_REG): isFile = true
                default:
                    switch kind(of: join(root, childRelative)) {
                    case .directory: isDirectory = true
                    case .file: isFile = true
                    default: break
                    }
                }
                if isDirectory {
                    pending.append(childRelative)
                } else if isFile && name.hasSuffix(suffix) {
                    results.append(childRelative)
                }
            }
            closedir(handle)
        }
        return results.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The absolute path with symbolic links resolved, or nil if it does not exist.
    public static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `a/b`, without doubling a slash.
    public static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty || name.hasPrefix("/") { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The directory part of a path (`"."` when there is none).
    public static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of a path.
    public static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    private static func lastError(_ path: String) -> FileSystem.Error {
        let code = errno
        let reason: String
        if code == ENOENT {
            reason = "no such file or directory"
        } else if let text = strerror(code) {
            reason = String(cString: text)
        } else {
            reason = "error \(code)"
        }
        return FileSystem.Error(path: path, reason: reason, code: code)
    }
}

/// Standard output and error without touching the C `stdout`/`stderr` globals (which strict
/// concurrency rejects).
public enum Console {
    /// Flushes every C stdio stream (Swift's `print` writes through stdio).
    public static func flush() {
        fflush(nil)
    }

    /// Writes `message` and a newline to standard error, after flushing standard output.
    public static func printError(_ message: String) {
        flush()
        writeAll(2, Array((message + "\n").utf8))
    }

    /// Writes `bytes` and a newline to standard output, after what `print` wrote before, without
    /// making a `String` of them (a large result's text is written as it is).
    public static func printOutput(_ bytes: [UInt8]) {
        flush()
        writeAll(1, bytes)
        writeAll(1, [UInt8(ascii: "\n")])
    }

    /// Writes all of `bytes` to `descriptor`, stopping at the first error other than EINTR.
    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { all in all.baseAddress.map { write(descriptor, $0 + offset, all.count - offset) } ?? -1 }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}
