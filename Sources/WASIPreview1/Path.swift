#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WASIHost

extension WASIPreview1 {
    /// Resolves a guest path relative to directory descriptor `fd` inside its sandbox, for an
    /// operation that needs `rights` on the directory (a standard stream is `badf`).
    func resolve(_ fd: UInt32, _ address: UInt32, _ length: UInt32, follow: Bool, _ memory: GuestMemory,
                 rights: UInt64, writing: Bool = false) throws(Errno) -> ResolvedPath {
        let directory = try descriptor(fd)
        if directory.isStream { throw .badf }
        let root = try directory.directoryFD()
        let path = try memory.path(address, length)
        if writing && directory.readOnly { throw .rofs }
        try directory.require(rights)
        do {
            return try SandboxedPath.resolve(path, in: root, followFinalSymlink: follow)
        } catch {
            throw Errno(error)
        }
    }

    /// `path_open(fd, dirflags: lookupflags, path, oflags, fs_rights_base, fs_rights_inheriting,
    /// fdflags) -> (fd)`: opens a file or directory below `fd`. The file is opened for reading
    /// when the rights include `fd_read`/`fd_readdir`, for writing when they include
    /// `fd_write`, `fd_datasync`, `fd_allocate` or `fd_filestat_set_size` (a directory asked
    /// for with write rights is `isdir`). `trunc` needs the directory's
    /// `path_filestat_set_size` right and `creat` its `path_create_file` right (`notcapable`).
    func pathOpen(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let directory = try descriptor(a.u32(0))
        if directory.isStream { throw .badf }
        let lookup = a.u32(1)
        let oflags = a.u32(4)
        let rightsBase = a.u64(5), rightsInheriting = a.u64(6)
        let fdflags = a.u32(7)
        let resultAddress = a.u32(8)
        _ = try memory.pointer(resultAddress, 4)
        guard oflags <= 0xf, fdflags <= 0x1f else { throw .inval }

        var flags = O_CLOEXEC | O_NOFOLLOW
        if oflags & UInt32(P1.oflagCreat) != 0 { flags |= O_CREAT }
        if oflags & UInt32(P1.oflagDirectory) != 0 { flags |= O_DIRECTORY }
        if oflags & UInt32(P1.oflagExcl) != 0 { flags |= O_EXCL }
        if oflags & UInt32(P1.oflagTrunc) != 0 { flags |= O_TRUNC }
        if fdflags & UInt32(P1.fdflagAppend) != 0 { flags |= O_APPEND }
        if fdflags & UInt32(P1.fdflagDsync) != 0 { flags |= O_DSYNC }
        if fdflags & UInt32(P1.fdflagNonblock) != 0 { flags |= O_NONBLOCK }
        if fdflags & UInt32(P1.fdflagRsync) != 0 { flags |= O_RSYNC }
        if fdflags & UInt32(P1.fdflagSync) != 0 { flags |= O_SYNC }

        let read = rightsBase & (P1.rightFDRead | P1.rightFDReaddir) != 0
        let write = rightsBase & (P1.rightFDWrite | P1.rightFDDatasync | P1.rightFDAllocate | P1.rightFDFilestatSetSize) != 0
            || fdflags & UInt32(P1.fdflagAppend) != 0
        if flags & O_DIRECTORY != 0 && write { throw .isdir }
        if write || flags & O_TRUNC != 0 {
            flags |= read ? O_RDWR : O_WRONLY  // writes still need the fd_write right
        } else {
            flags |= O_RDONLY
        }
        if (write || flags & (O_CREAT | O_TRUNC) != 0) && directory.readOnly { throw .rofs }
        if flags & O_TRUNC != 0 && directory.rightsBase & P1.rightPathFilestatSetSize == 0 { throw .notcapable }
        if flags & O_CREAT != 0 && directory.rightsBase & P1.rightPathCreateFile == 0 { throw .notcapable }

        let resolved = try resolve(a.u32(0), a.u32(2), a.u32(3), follow: lookup & P1.lookupSymlinkFollow != 0, memory, rights: P1.rightPathOpen)
        let hostFD = try host { () throws(SystemError) in try resolved.open(flags: flags) }
        let kind: FileKind
        do {
            kind = try FileStatus.of(hostFD).kind
        } catch {
            close(hostFD)
            throw Errno(error)
        }
        let typeRights = kind == .directory ? P1.rightsDirectory : P1.rightsFile
        let entry = Descriptor(
            backing: .host(fd: hostFD, owned: true), filetype: P1.filetype(kind),
            rightsBase: rightsBase & typeRights & directory.rightsInheriting,
            rightsInheriting: rightsInheriting & directory.rightsInheriting,
            readOnly: directory.readOnly)
        let number = descriptors.insert(entry)
        try memory.store32(resultAddress, UInt32(number))
    }

    /// `path_create_directory(fd, path) -> errno`: creates a directory.
    func pathCreateDirectory(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let resolved = try resolve(a.u32(0), a.u32(1), a.u32(2), follow: false, memory, rights: P1.rightPathCreateDirectory, writing: true)
        try host { () throws(SystemError) in try resolved.createDirectory() }
    }

    /// `path_remove_directory(fd, path) -> errno`: removes an empty directory.
    func pathRemoveDirectory(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let resolved = try resolve(a.u32(0), a.u32(1), a.u32(2), follow: false, memory, rights: P1.rightPathRemoveDirectory, writing: true)
        try host { () throws(SystemError) in try resolved.removeDirectory() }
    }

    /// `path_unlink_file(fd, path) -> errno`: removes a file or symbolic link.
    func pathUnlinkFile(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let resolved = try resolve(a.u32(0), a.u32(1), a.u32(2), follow: false, memory, rights: P1.rightPathUnlinkFile, writing: true)
        try host { () throws(SystemError) in try resolved.unlinkFile() }
    }

    /// `path_filestat_get(fd, flags: lookupflags, path) -> (filestat)`: a file's attributes.
    func pathFilestatGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let address = a.u32(4)
        _ = try memory.pointer(address, P1.filestatSize)
        let resolved = try resolve(a.u32(0), a.u32(2), a.u32(3), follow: a.u32(1) & P1.lookupSymlinkFollow != 0, memory, rights: P1.rightPathFilestatGet)
        let status = try host { () throws(SystemError) in try resolved.status() }
        try Self.writeFilestat(status, filetype: nil, to: address, memory)
    }

    /// `path_filestat_set_times(fd, flags: lookupflags, path, atim, mtim, fst_flags) -> errno`:
    /// sets a file's access and modification times.
    func pathFilestatSetTimes(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let times = try Self.timespecs(atim: a.u64(4), mtim: a.u64(5), flags: a.u32(6))
        let resolved = try resolve(a.u32(0), a.u32(2), a.u32(3), follow: a.u32(1) & P1.lookupSymlinkFollow != 0, memory,
                                   rights: P1.rightPathFilestatSetTimes, writing: true)
        try host { () throws(SystemError) in try resolved.setTimes(access: times.access, modification: times.modification) }
    }

    /// `path_readlink(fd, path, buf: ptr<u8>, buf_len: size) -> (size)`: a symbolic link's
    /// target, cut to the buffer's length.
    func pathReadlink(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let buffer = try memory.slice(a.u32(3), a.u32(4))
        let usedAddress = a.u32(5)
        _ = try memory.pointer(usedAddress, 4)
        let resolved = try resolve(a.u32(0), a.u32(1), a.u32(2), follow: false, memory, rights: P1.rightPathReadlink)
        let target = try host { () throws(SystemError) in try resolved.readLink() }
        let count = min(target.count, buffer.count)
        if count > 0 {
            target.withUnsafeBytes { source in
                guard let to = buffer.baseAddress, let from = source.baseAddress else { return }
                to.copyMemory(from: from, byteCount: count)
            }
        }
        try memory.store32(usedAddress, UInt32(count))
    }

    /// `path_symlink(old_path, fd, new_path) -> errno`: creates a symbolic link at `new_path`
    /// pointing to `old_path`. The target is stored as given; following it later stays inside
    /// the sandbox (an absolute or escaping target is then refused).
    func pathSymlink(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let target = try memory.path(a.u32(0), a.u32(1))
        let resolved = try resolve(a.u32(2), a.u32(3), a.u32(4), follow: false, memory, rights: P1.rightPathSymlink,
                                   writing: true)
        if target.first == UInt8(ascii: "/") { throw .perm }
        try host { () throws(SystemError) in try resolved.createSymlink(to: target) }
    }

    /// `path_link(old_fd, old_flags: lookupflags, old_path, new_fd, new_path) -> errno`: creates a
    /// hard link.
    func pathLink(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let source = try resolve(a.u32(0), a.u32(2), a.u32(3), follow: a.u32(1) & P1.lookupSymlinkFollow != 0, memory, rights: P1.rightPathLinkSource)
        let target = try resolve(a.u32(4), a.u32(5), a.u32(6), follow: false, memory, rights: P1.rightPathLinkTarget, writing: true)
        try host { () throws(SystemError) in try source.link(to: target) }
    }

    /// `path_rename(fd, old_path, new_fd, new_path) -> errno`: renames a file or directory.
    func pathRename(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let source = try resolve(a.u32(0), a.u32(1), a.u32(2), follow: false, memory, rights: P1.rightPathRenameSource, writing: true)
        let target = try resolve(a.u32(3), a.u32(4), a.u32(5), follow: false, memory, rights: P1.rightPathRenameTarget, writing: true)
        try host { () throws(SystemError) in try source.rename(to: target) }
    }
}

/// Runs a shared host operation, turning its failure into a WASI `errno`.
@inline(__always)
func host<T: ~Copyable>(_ body: () throws(SystemError) -> T) throws(Errno) -> T {
    do { return try body() } catch { throw Errno(error) }
}
