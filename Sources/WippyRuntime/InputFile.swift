#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WASIHost

/// The largest files the runtime reads (a device such as `/dev/zero`, or a huge file, is
/// refused before it is read).
public struct InputLimits: Sendable {
    /// A module or component (binary or WAT text): 1 GiB.
    public var moduleBytes: Int = 1 << 30
    /// An entry file, and a file named by `file://` in one: 64 MiB.
    public var textBytes: Int = 64 << 20

    /// The default limits.
    public init() {}
}

/// A file that could not be read; ``description`` is one line naming it.
public struct InputFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why, in a few words.
    public enum Reason: Hashable, Sendable {
        /// The path leaves its folder (`..`, absolute, or a symbolic link pointing out).
        case escapes
        /// It is a directory, device, pipe or socket.
        case notRegularFile
        /// It holds more bytes than the limit.
        case tooLarge(limit: Int)
        /// The system refused (`open` or `read` failed).
        case system(String)
    }

    /// The path as given.
    public var path: String
    /// What went wrong.
    public var reason: Reason

    /// Creates an error.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// The reason alone, e.g. `not a regular file`.
    public var reasonText: String {
        switch reason {
        case .escapes: return "leaves its folder"
        case .notRegularFile: return "not a regular file"
        case .tooLarge(let limit): return "larger than the limit of \(limit) bytes"
        case .system(let text): return text
        }
    }

    /// `cannot read PATH: REASON`.
    public var description: String { "cannot read \(MessageText.short(path)): \(reasonText)" }
}

/// Reads whole files for the runtime and the command line: regular files only, never past a
/// limit, and (for paths inside a folder) never outside that folder.
public enum InputFile {
    /// Reads the regular file at `path` (symbolic links followed: the user named it).
    public static func read(_ path: String, limit: Int) throws(InputFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw InputFileError(path: path, reason: .system(systemErrorText())) }
        defer { close(fd) }
        return try readAll(fd, path: path, limit: limit)
    }

    /// Reads the regular file `relative` inside `folder` without leaving it: `..` above the
    /// folder, an absolute path or a symbolic link that points out is `escapes`.
    public static func read(_ relative: String, inside folder: String, limit: Int) throws(InputFileError) -> [UInt8] {
        guard staysInside(relative) else { throw InputFileError(path: relative, reason: .escapes) }
        let root = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw InputFileError(path: folder, reason: .system(systemErrorText())) }
        defer { close(root) }
        let fd: Int32
        do {
            fd = try openInside(root, relative)
        } catch {
            if case .notCapable = error { throw InputFileError(path: relative, reason: .escapes) }
            throw InputFileError(path: relative, reason: .system(error.description))
        }
        guard fd >= 0 else { throw InputFileError(path: relative, reason: .system(systemErrorText())) }
        defer { close(fd) }
        return try readAll(fd, path: relative, limit: limit)
    }

    /// Whether the text of `relative` stays below its folder (links are checked when opening):
    /// not absolute, and no `..` climbs above the start.
    private static func staysInside(_ relative: String) -> Bool {
        if relative.hasPrefix("/") { return false }
        var depth = 0
        for part in relative.split(separator: "/") {
            if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
            if depth < 0 { return false }
        }
        return true
    }

    /// Opens `relative` below the directory `root` for reading, every symbolic link expanded
    /// inside it; -1 (with `errno`) when the final open fails.
    private static func openInside(_ root: Int32, _ relative: String) throws(SystemError) -> Int32 {
        let resolved = try SandboxedPath.resolve(Array(relative.utf8), in: root, followFinalSymlink: true)
        if resolved.mustBeDirectory { throw .posix(ENOTDIR) }  // a file named with a trailing slash
        return resolved.withName { openat(resolved.directory, $0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW) }
    }

    /// Reads an open descriptor to its end: a regular file of at most `limit` bytes.
    private static func readAll(_ fd: Int32, path: String, limit: Int) throws(InputFileError) -> [UInt8] {
        let size = try regularFileSize(fd, path: path, limit: limit)
        // Straight into the array: a 100 MB module is copied once, not twice.
        var failure: InputFileError?
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            do throws(FileRange.Failure) {
                count = try FileRange.read(fd, into: base, from: 0, to: size)
            } catch {
                failure = InputFileError(path: path, reason: .system(error.text))
            }
        }
        if let failure { throw failure }
        if bytes.count < size { return bytes }  // the file shrank since it was measured
        try readGrowth(fd, path: path, limit: limit, into: &bytes)
        return bytes
    }

    /// The size of the regular file open at `fd`, at most `limit` bytes.
    static func regularFileSize(_ fd: Int32, path: String, limit: Int) throws(InputFileError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputFileError(path: path, reason: .system(systemErrorText())) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw InputFileError(path: path, reason: .notRegularFile) }
        guard info.st_size <= limit else { throw InputFileError(path: path, reason: .tooLarge(limit: limit)) }
        return Int(info.st_size)
    }

    /// Appends what the file at `fd` holds past `bytes.count` (it may have grown since it was
    /// measured), still within `limit`.
    static func readGrowth(_ fd: Int32, path: String, limit: Int, into bytes: inout [UInt8]) throws(InputFileError) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(bytes.count)) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw InputFileError(path: path, reason: .system(systemErrorText()))
            }
            if n == 0 { return }
            guard bytes.count <= limit - n else { throw InputFileError(path: path, reason: .tooLarge(limit: limit)) }
            bytes.append(contentsOf: buffer[0..<n])
        }
    }

    static func systemErrorText() -> String {
        let code = errno
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
