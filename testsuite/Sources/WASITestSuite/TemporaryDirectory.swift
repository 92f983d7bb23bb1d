#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// File-system chores of the runner: temporary directories, copying a fixture tree, removing
/// a tree, reading a file.
enum TemporaryDirectory {
    /// Creates a fresh directory under `$TMPDIR` (or /tmp); nil when that fails.
    static func make(prefix: String) -> String? {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) != nil else { return nil }
        return String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The names in a directory (without `.` and `..`), sorted.
    static func list(_ path: String) -> [String] {
        guard let handle = opendir(path) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Reads a whole file.
    static func readFile(_ path: String) throws(WASITestSuiteError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WASITestSuiteError("cannot open \(path)") }
        defer { close(fd) }
        return readAll(fd)
    }

    /// Reads a descriptor from its start to its end.
    static func readAll(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var offset: off_t = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            result += buffer[0..<n]
            offset += off_t(n)
        }
        return result
    }

    /// Copies the tree at `source` into the existing directory `target` (files, directories and
    /// symbolic links; permission bits are made writable for the owner).
    static func copyTree(_ source: String, into target: String) -> Bool {
        for name in list(source) {
            let from = source + "/" + name, to = target + "/" + name
            var info = stat()
            guard lstat(from, &info) == 0 else { return false }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                guard mkdir(to, 0o755) == 0, copyTree(from, into: to) else { return false }
            case S_IFLNK:
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(from, &buffer, buffer.count - 1)
                guard n >= 0 else { return false }
                buffer[n] = 0
                guard symlink(buffer, to) == 0 else { return false }
            case S_IFREG:
                let input = open(from, O_RDONLY | O_CLOEXEC)
                guard input >= 0 else { return false }
                defer { close(input) }
                let output = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (info.st_mode & 0o777) | 0o600)
                guard output >= 0 else { return false }
                defer { close(output) }
                let bytes = readAll(input)
                var written = 0
                while written < bytes.count {
                    let n = bytes.withUnsafeBytes { all in all.baseAddress.map { write(output, $0 + written, all.count - written) } ?? -1 }
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { return false }
                    written += n
                }
            default:
                continue
            }
        }
        return true
    }

    /// Removes a tree (never following symbolic links).
    static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            _ = chmod(path, 0o700)
            for name in list(path) { remove(path + "/" + name) }
            _ = rmdir(path)
        } else {
            _ = unlink(path)
        }
    }
}
