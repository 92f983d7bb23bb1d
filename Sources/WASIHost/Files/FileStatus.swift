#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A point in time as seconds and nanoseconds since the Unix epoch (seconds may be negative
/// for times before 1970).
public struct FileTime: Hashable, Sendable {
    /// Whole seconds since the epoch.
    public var seconds: Int64
    /// Nanoseconds within the second, below 1,000,000,000.
    public var nanoseconds: UInt32

    /// Creates a time.
    public init(seconds: Int64, nanoseconds: UInt32) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    init(_ t: timespec) {
        seconds = Int64(t.tv_sec)
        nanoseconds = UInt32(truncatingIfNeeded: t.tv_nsec)
    }

    /// Nanoseconds since the epoch, wrapping as preview 1's 64-bit `timestamp` does.
    public var wrappingNanoseconds: UInt64 {
        UInt64(bitPattern: seconds) &* 1_000_000_000 &+ UInt64(nanoseconds)
    }
}

/// The attributes of a file (what `fstat` reports), in the form every WASI version needs.
public struct FileStatus: Hashable, Sendable {
    /// The device that holds the file.
    public var device: UInt64
    /// The file's inode number.
    public var inode: UInt64
    /// What the file is.
    public var kind: FileKind
    /// The number of hard links.
    public var linkCount: UInt64
    /// The size in bytes.
    public var size: UInt64
    /// Last data access.
    public var accessTime: FileTime
    /// Last data modification.
    public var modificationTime: FileTime
    /// Last status change.
    public var statusChangeTime: FileTime

    /// The attributes in a `stat` buffer.
    public init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        kind = FileKind(mode: info.st_mode)
        linkCount = UInt64(info.st_nlink)
        size = UInt64(bitPattern: Int64(info.st_size))
        accessTime = FileTime(info.st_atim)
        modificationTime = FileTime(info.st_mtim)
        statusChangeTime = FileTime(info.st_ctim)
    }

    /// The attributes of the open file `fd`.
    public static func of(_ fd: Int32) throws(SystemError) -> FileStatus {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .last }
        return FileStatus(info)
    }

    /// Whether both describe the same file (same device and inode).
    public func isSameFile(as other: FileStatus) -> Bool {
        device == other.device && inode == other.inode
    }
}
