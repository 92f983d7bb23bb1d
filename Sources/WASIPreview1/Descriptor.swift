#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WASIHost

/// What a WASI descriptor refers to.
enum Backing {
    /// A host file descriptor; `owned` ones are closed with the WASI descriptor.
    case host(fd: Int32, owned: Bool)
    /// An in-memory standard stream.
    case buffer(WASIByteBuffer)
    /// A standard stream that reads nothing and discards writes.
    case null
}

/// One entry of a guest's descriptor table.
final class Descriptor {
    var backing: Backing
    /// WASI `filetype`.
    let filetype: UInt8
    var rightsBase: UInt64
    var rightsInheriting: UInt64
    /// For a preopened directory: the guest path it is preopened as.
    let preopenName: [UInt8]?
    /// Whether the descriptor lives in a read-only mount.
    let readOnly: Bool
    /// Whether this is a standard stream (stdin, stdout, stderr): it takes stream operations
    /// only, whatever host file it is (`run … >> log` must not let the guest truncate `log`).
    let isStream: Bool
    /// `fd_readdir` entries, read when a listing starts at cookie 0.
    var directoryEntries: [DirectoryEntry]?

    init(backing: Backing, filetype: UInt8, rightsBase: UInt64, rightsInheriting: UInt64,
         preopenName: [UInt8]? = nil, readOnly: Bool = false, isStream: Bool = false) {
        self.backing = backing
        self.filetype = filetype
        self.rightsBase = rightsBase
        self.rightsInheriting = rightsInheriting
        self.preopenName = preopenName
        self.readOnly = readOnly
        self.isStream = isStream
    }

    deinit { close() }

    /// Closes an owned host descriptor (borrowed ones stay open).
    func close() {
        if case .host(let fd, true) = backing { _ = Glibc.close(fd) }
        backing = .null
    }

    var isDirectory: Bool { filetype == P1.filetypeDirectory }

    /// Throws unless the descriptor has all of `rights`: `notcapable` for a file or directory,
    /// `stream` (`badf` unless told otherwise, as wasmtime answers) for a standard stream.
    @inline(__always)
    func require(_ rights: UInt64, stream: Errno = .badf) throws(Errno) {
        if rightsBase & rights != rights { throw isStream ? stream : .notcapable }
    }

    /// The host descriptor, or `badf` for in-memory streams.
    var hostFD: Int32? {
        if case .host(let fd, _) = backing { return fd }
        return nil
    }

    /// The host descriptor of a directory, or `notdir`/`badf`.
    func directoryFD() throws(Errno) -> Int32 {
        guard let fd = hostFD else { throw .notdir }
        guard isDirectory else { throw .notdir }
        return fd
    }

    /// A descriptor for a host stream (standard input/output/error).
    static func stream(_ stream: WASIStream, writable: Bool) -> Descriptor {
        let rights = writable ? (P1.rightsStream & ~P1.rightFDRead) : (P1.rightsStream & ~P1.rightFDWrite)
        switch stream {
        case .host(let fd):
            var info = stat()
            var filetype = P1.filetypeUnknown
            if fstat(fd, &info) == 0 { filetype = P1.filetype(FileKind(mode: info.st_mode)) }
            return Descriptor(backing: .host(fd: fd, owned: false), filetype: filetype, rightsBase: rights, rightsInheriting: 0,
                              isStream: true)
        case .buffer(let buffer):
            return Descriptor(backing: .buffer(buffer), filetype: P1.filetypeCharacterDevice, rightsBase: rights,
                              rightsInheriting: 0, isStream: true)
        case .null:
            return Descriptor(backing: .null, filetype: P1.filetypeCharacterDevice, rightsBase: rights,
                              rightsInheriting: 0, isStream: true)
        }
    }
}
