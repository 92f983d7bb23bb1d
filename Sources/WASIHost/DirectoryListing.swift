#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What a directory entry or a file is.
public enum FileKind: Hashable, Sendable {
    /// Something else, or not known.
    case unknown
    /// A block device.
    case blockDevice
    /// A character device (a terminal, `/dev/null`).
    case characterDevice
    /// A directory.
    case directory
    /// A regular file.
    case regularFile
    /// A datagram socket.
    case socketDatagram
    /// A stream socket.
    case socketStream
    /// A symbolic link.
    case symbolicLink
    /// A named or anonymous pipe.
    case fifo

    /// The kind encoded in a `stat` mode.
    public init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socketStream
        case S_IFIFO: self = .fifo
        default: self = .unknown
        }
    }

    /// The kind in a `dirent.d_type`.
    init(direntType: UInt8) {
        switch Int32(direntType) {
        case Int32(DT_REG): self = .regularFile
        case Int32(DT_DIR): self = .directory
        case Int32(DT_LNK): self = .symbolicLink
        case Int32(DT_CHR): self = .characterDevice
        case Int32(DT_BLK): self = .blockDevice
        case Int32(DT_SOCK): self = .socketStream
        case Int32(DT_FIFO): self = .fifo
        default: self = .unknown
        }
    }
}

/// One entry of a directory.
public struct DirectoryEntry: Hashable, Sendable {
    /// The name (bytes, no NUL).
    public var name: [UInt8]
    /// The inode number.
    public var inode: UInt64
    /// What it is (not following symbolic links).
    public var kind: FileKind
}

/// Lists directories through a descriptor, without changing that descriptor's position.
public enum DirectoryListing {
    /// Every entry of the directory open as `directory`, `.` and `..` first, then in the order
    /// the file system returns them.
    public static func entries(of directory: Int32) throws(SystemError) -> [DirectoryEntry] {
        // A fresh open file description, so the guest's descriptor keeps its own offset.
        let fd = openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .last }
        guard let handle = fdopendir(fd) else {
            let error = SystemError.last
            close(fd)
            throw error
        }
        defer { closedir(handle) }
        var dots: [DirectoryEntry] = []
        var result: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(handle) else {
                if errno != 0 { throw .last }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return Array(bytes[0..<length])
            }
            var kind = FileKind(direntType: entry.pointee.d_type)
            if kind == .unknown {
                var info = stat()
                let ok = name.withCStringBytes { fstatat(fd, $0, &info, AT_SYMLINK_NOFOLLOW) } == 0
                if ok { kind = FileKind(mode: info.st_mode) }
            }
            let item = DirectoryEntry(name: name, inode: UInt64(entry.pointee.d_ino), kind: kind)
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                dots.append(item)
            } else {
                result.append(item)
            }
        }
        dots.sort { $0.name.count < $1.name.count }
        return dots + result
    }
}
