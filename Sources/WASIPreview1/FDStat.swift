#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WASIHost

extension WASIPreview1 {
    /// `fd_fdstat_get(fd) -> (fdstat)`: file type, flags and rights of a descriptor.
    func fdFdstatGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let address = a.u32(1)
        _ = try memory.pointer(address, P1.fdstatSize)
        var flags: UInt16 = 0
        if let fd = entry.hostFD {
            let status = fcntl(fd, F_GETFL)
            if status >= 0 {
                if status & O_APPEND != 0 { flags |= P1.fdflagAppend }
                if status & O_NONBLOCK != 0 { flags |= P1.fdflagNonblock }
                if status & O_SYNC == O_SYNC { flags |= P1.fdflagSync } else if status & O_DSYNC != 0 { flags |= P1.fdflagDsync }
            }
        }
        let p = try memory.slice(address, UInt32(P1.fdstatSize))
        p.initializeMemory(as: UInt8.self, repeating: 0)
        try memory.store8(address, entry.filetype)
        try memory.store16(address + 2, flags)
        try memory.store64(address + 8, entry.rightsBase)
        try memory.store64(address + 16, entry.rightsInheriting)
    }

    /// `fd_fdstat_set_flags(fd, flags: fdflags) -> errno`: sets `append` and `nonblock`; the
    /// synchronous-I/O flags cannot be changed after opening (`inval`).
    func fdFdstatSetFlags(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let flags = a.u32(1)
        guard flags <= 0x1f else { throw .inval }
        guard flags & UInt32(P1.fdflagDsync | P1.fdflagRsync | P1.fdflagSync) == 0 else { throw .inval }
        try entry.require(P1.rightFDFdstatSetFlags)
        guard let fd = entry.hostFD else { return }
        var status = fcntl(fd, F_GETFL)
        guard status >= 0 else { throw .last }
        status &= ~(O_APPEND | O_NONBLOCK)
        if flags & UInt32(P1.fdflagAppend) != 0 { status |= O_APPEND }
        if flags & UInt32(P1.fdflagNonblock) != 0 { status |= O_NONBLOCK }
        guard fcntl(fd, F_SETFL, status) == 0 else { throw .last }
    }

    /// `fd_fdstat_set_rights(fd, fs_rights_base, fs_rights_inheriting) -> errno`: narrows the
    /// rights; asking for rights the descriptor does not have is `notcapable`.
    func fdFdstatSetRights(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let base = a.u64(1), inheriting = a.u64(2)
        guard base & ~entry.rightsBase == 0, inheriting & ~entry.rightsInheriting == 0 else { throw .notcapable }
        entry.rightsBase = base
        entry.rightsInheriting = inheriting
    }

    /// `fd_filestat_get(fd) -> (filestat)`: the attributes of the open file.
    func fdFilestatGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let address = a.u32(1)
        _ = try memory.pointer(address, P1.filestatSize)
        try entry.require(P1.rightFDFilestatGet)
        guard let fd = entry.hostFD else {
            try Self.writeFilestat(nil, filetype: entry.filetype, to: address, memory)
            return
        }
        let status = try host { () throws(SystemError) in try FileStatus.of(fd) }
        try Self.writeFilestat(status, filetype: nil, to: address, memory)
    }

    /// `fd_filestat_set_size(fd, size: filesize) -> errno`: truncates or extends the file.
    func fdFilestatSetSize(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let size = try Self.fileOffset(a.u64(1))
        guard let fd = entry.hostFD else { throw .badf }
        if entry.isDirectory { throw .badf }
        try entry.require(P1.rightFDFilestatSetSize)
        guard retryingOnInterrupt({ ftruncate(fd, size) }) == 0 else { throw .last }
    }

    /// `fd_filestat_set_times(fd, atim, mtim, fst_flags) -> errno`: sets access and modification
    /// times (a value, now, or unchanged each).
    func fdFilestatSetTimes(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let times = try Self.timespecs(atim: a.u64(1), mtim: a.u64(2), flags: a.u32(3))
        guard let fd = entry.hostFD else { throw .badf }
        try entry.require(P1.rightFDFilestatSetTimes)
        try host { () throws(SystemError) in try setFileTimes(fd, access: times.access, modification: times.modification) }
    }

    /// `fd_prestat_get(fd) -> (prestat)`: for a preopened directory, the length of its name.
    func fdPrestatGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        guard let name = entry.preopenName else { throw .badf }
        let address = a.u32(1)
        _ = try memory.pointer(address, P1.prestatSize)
        try memory.store32(address, 0)  // tag 0: dir, and padding
        try memory.store32(address + 4, UInt32(name.count))
    }

    /// `fd_prestat_dir_name(fd, path: ptr<u8>, path_len: size) -> errno`: the guest path of a
    /// preopened directory (not NUL-terminated); `nametoolong` if it does not fit.
    func fdPrestatDirName(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        guard let name = entry.preopenName else { throw .badf }
        let length = a.u32(2)
        guard Int(length) >= name.count else { throw .nametoolong }
        try memory.write(a.u32(1), name)
    }

    /// Writes a `filestat` record: from `info`, or zeros with `filetype` for in-memory streams.
    static func writeFilestat(_ info: FileStatus?, filetype: UInt8?, to address: UInt32, _ memory: GuestMemory) throws(Errno) {
        let p = try memory.slice(address, UInt32(P1.filestatSize))
        p.initializeMemory(as: UInt8.self, repeating: 0)
        guard let info else {
            try memory.store8(address + 16, filetype ?? P1.filetypeUnknown)
            return
        }
        try memory.store64(address, info.device)
        try memory.store64(address + 8, info.inode)
        try memory.store8(address + 16, P1.filetype(info.kind))
        try memory.store64(address + 24, info.linkCount)
        try memory.store64(address + 32, info.size)
        try memory.store64(address + 40, info.accessTime.wrappingNanoseconds)
        try memory.store64(address + 48, info.modificationTime.wrappingNanoseconds)
        try memory.store64(address + 56, info.statusChangeTime.wrappingNanoseconds)
    }

    /// The access and modification time changes from WASI `fstflags`; `inval` when a time is
    /// both given and "now", or unknown flags are set.
    static func timespecs(atim: UInt64, mtim: UInt64, flags: UInt32) throws(Errno) -> (access: TimestampChange, modification: TimestampChange) {
        guard flags & ~0xf == 0 else { throw .inval }
        let f = UInt16(flags)
        if f & P1.fstAtim != 0 && f & P1.fstAtimNow != 0 { throw .inval }
        if f & P1.fstMtim != 0 && f & P1.fstMtimNow != 0 { throw .inval }
        func change(_ value: UInt64, set: UInt16, now: UInt16) -> TimestampChange {
            if f & now != 0 { return .now }
            if f & set != 0 {
                return .time(FileTime(seconds: Int64(value / 1_000_000_000), nanoseconds: UInt32(value % 1_000_000_000)))
            }
            return .unchanged
        }
        return (change(atim, set: P1.fstAtim, now: P1.fstAtimNow), change(mtim, set: P1.fstMtim, now: P1.fstMtimNow))
    }
}
