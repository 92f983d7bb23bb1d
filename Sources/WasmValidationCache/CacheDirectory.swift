#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a cache directory cannot be used; ``description`` is one line naming it.
public struct ValidationCacheError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The directory.
    public var path: String
    /// Why, in a few words (`is writable by its group or others`, …).
    public var reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `cache directory PATH: REASON`.
    public var description: String { "cache directory \(path): \(reason)" }
}

/// An open cache directory that passed the safety rules: a directory (not a symbolic link),
/// owned by the effective user, not writable by its group or others. Created with mode 0700
/// (missing parents too) when it does not exist. Every record is read and written through the
/// open descriptor (`openat`, `renameat`), so the directory cannot be swapped for another after
/// it was checked.
final class CacheDirectory: Sendable {
    let path: String
    let descriptor: Int32

    /// The largest record read (a record holds a few bytes per function).
    static let recordLimit = 64 << 20

    init(_ path: String) throws(ValidationCacheError) {
        self.path = path
        var fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 && errno == ENOENT {
            try Self.create(path)
            fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "is a symbolic link" : errno == ENOTDIR ? "is not a directory" : Self.errorText()
            throw ValidationCacheError(path: path, reason: reason)
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let reason = Self.errorText()
            close(fd)
            throw ValidationCacheError(path: path, reason: reason)
        }
        if status.st_uid != geteuid() {
            close(fd)
            throw ValidationCacheError(path: path, reason: "is owned by another user (uid \(status.st_uid))")
        }
        if status.st_mode & (S_IWGRP | S_IWOTH) != 0 {
            close(fd)
            throw ValidationCacheError(path: path, reason: "is writable by its group or others (mode \(String(status.st_mode & 0o7777, radix: 8)))")
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Creates `path` and its missing parents with mode 0700.
    private static func create(_ path: String) throws(ValidationCacheError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw ValidationCacheError(path: path, reason: "cannot create \(prefix): \(errorText())")
            }
            prefix += "/"
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    /// The record `name`, or nil when there is none or it is not a regular file of this user
    /// within ``recordLimit`` (symbolic links are not followed). Reading a record sets its
    /// modification time to now.
    func record(_ name: String) -> [UInt8]? {
        let fd = openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid(),
              status.st_size >= 0, status.st_size <= Self.recordLimit else { return nil }
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return size == 0 }
            while done < size {
                let n = read(fd, base + done, size - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        guard complete else { return nil }
        // The record was used now: trimming removes the least recently used first.
        _ = futimens(fd, nil)
        return bytes
    }

    /// Writes the record `name` atomically: a new file of mode 0600 under a unique temporary
    /// name, renamed over `name` once complete. Returns whether the record was written.
    @discardableResult
    func store(_ name: String, _ bytes: [UInt8]) -> Bool {
        let temporary = ".\(name).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
        let fd = openat(descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            var done = 0
            while done < buffer.count {
                let n = write(fd, base + done, buffer.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        let closed = close(fd) == 0
        guard written, closed, renameat(descriptor, temporary, descriptor, name) == 0 else {
            unlinkat(descriptor, temporary, 0)
            return false
        }
        return true
    }
}
