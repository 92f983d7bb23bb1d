#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The file operations on a path resolved inside a sandbox (see ``SandboxedPath``): what the
/// WASI versions share. Each acts on the resolved directory and name only (a symbolic link in
/// the last component is not followed: resolve with `followFinalSymlink` to follow it), and
/// fails with the host's `errno` as a ``SystemError``. Permission checks (read-only mounts,
/// rights) are the caller's.
///
/// A path that ended with a slash (``ResolvedPath/mustBeDirectory``) gets the answers the
/// kernel gives for one (Linux 6.x: `EISDIR` for `O_CREAT` or unlinking a directory, `ENOTDIR`
/// for a file, `EEXIST`/`ENOENT` for a new link's name), worked out here from the last
/// component's own status, since passing the slash on would make the kernel follow a symbolic
/// link put there since it was resolved.
extension ResolvedPath {
    /// Opens the file with `openat` flags `flags` (`O_NOFOLLOW` and `O_CLOEXEC` are added) and
    /// returns the new host descriptor; the caller owns it.
    public func open(flags: Int32, mode: mode_t = 0o666) throws(SystemError) -> Int32 {
        var flags = flags | O_NOFOLLOW | O_CLOEXEC
        if mustBeDirectory {
            if flags & O_CREAT != 0 { throw .posix(EISDIR) }
            flags |= O_DIRECTORY
        }
        let fd = withName { name in retryingOpenat(directory, name, flags, mode) }
        guard fd >= 0 else { throw .last }
        return fd
    }

    /// The file's attributes (of a symbolic link itself, not its target).
    public func status() throws(SystemError) -> FileStatus {
        let info = try ownStatus()
        if mustBeDirectory && info.st_mode & S_IFMT != S_IFDIR { throw .posix(ENOTDIR) }
        return FileStatus(info)
    }

    /// Creates a directory.
    public func createDirectory() throws(SystemError) {
        guard withName({ mkdirat(directory, $0, 0o777) }) == 0 else { throw .last }
    }

    /// Removes an empty directory.
    public func removeDirectory() throws(SystemError) {
        guard withName({ unlinkat(directory, $0, AT_REMOVEDIR) }) == 0 else { throw .last }
    }

    /// Removes a file or symbolic link.
    public func unlinkFile() throws(SystemError) {
        if mustBeDirectory { throw .posix(try isDirectory() ? EISDIR : ENOTDIR) }
        guard withName({ unlinkat(directory, $0, 0) }) == 0 else { throw .last }
    }

    /// The target of a symbolic link, as stored.
    public func readLink() throws(SystemError) -> [UInt8] {
        if mustBeDirectory { throw .posix(try isDirectory() ? EINVAL : ENOTDIR) }
        var target = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = withName { name in
            target.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return readlinkat(directory, name, base.assumingMemoryBound(to: CChar.self), raw.count)
            }
        }
        guard n >= 0 else { throw .last }
        return Array(target.prefix(n))
    }

    /// Creates a symbolic link here pointing to `target` (stored as given).
    public func createSymlink(to target: [UInt8]) throws(SystemError) {
        if mustBeDirectory { throw .posix(exists() ? EEXIST : ENOENT) }
        let result = target.withCStringBytes { cTarget in withName { symlinkat(cTarget, directory, $0) } }
        guard result == 0 else { throw .last }
    }

    /// Creates a hard link at `destination` to this file.
    public func link(to destination: borrowing ResolvedPath) throws(SystemError) {
        if mustBeDirectory { throw .posix(try isDirectory() ? EPERM : ENOTDIR) }
        if destination.mustBeDirectory {
            _ = try ownStatus()  // a missing source is reported first
            throw .posix(destination.exists() ? EEXIST : ENOENT)
        }
        let result = withName { old in destination.withName { linkat(directory, old, destination.directory, $0, 0) } }
        guard result == 0 else { throw .last }
    }

    /// Renames this file or directory to `destination`.
    public func rename(to destination: borrowing ResolvedPath) throws(SystemError) {
        if mustBeDirectory || destination.mustBeDirectory {
            guard try isDirectory() else { throw .posix(ENOTDIR) }
        }
        let result = withName { old in destination.withName { renameat(directory, old, destination.directory, $0) } }
        guard result == 0 else { throw .last }
    }

    /// Sets the access and modification times (of a symbolic link itself, not its target).
    public func setTimes(access: TimestampChange, modification: TimestampChange) throws(SystemError) {
        if mustBeDirectory { guard try isDirectory() else { throw .posix(ENOTDIR) } }
        let times = [access.timespec, modification.timespec]
        let result = withName { name in
            times.withUnsafeBufferPointer { utimensat(directory, name, $0.baseAddress, AT_SYMLINK_NOFOLLOW) }
        }
        guard result == 0 else { throw .last }
    }

    /// The last component's own `stat` (a symbolic link's, not its target's).
    private func ownStatus() throws(SystemError) -> stat {
        var info = stat()
        guard withName({ fstatat(directory, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { throw .last }
        return info
    }

    /// Whether the last component is a directory itself (a symbolic link is not); throws when
    /// it does not exist.
    private func isDirectory() throws(SystemError) -> Bool {
        try ownStatus().st_mode & S_IFMT == S_IFDIR
    }

    /// Whether the last component exists (a dangling symbolic link does).
    private func exists() -> Bool {
        (try? ownStatus()) != nil
    }
}

/// `openat`, restarted after signals.
public func retryingOpenat(_ directory: Int32, _ name: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    while true {
        let fd = openat(directory, name, flags, mode)
        if fd >= 0 || errno != EINTR { return fd }
    }
}
