import WASIHost

extension WASIPreview1 {
    /// `fd_readdir(fd, buf: ptr<u8>, buf_len: size, cookie: dircookie) -> (size)`: fills the
    /// buffer with `dirent` records (header and name) from entry number `cookie` on; the last
    /// one may be cut off when the buffer is full (then the guest asks again with a bigger one).
    /// `.` and `..` come first. The listing is read at cookie 0 and kept until the next cookie 0.
    func fdReaddir(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let buffer = try memory.slice(a.u32(1), a.u32(2))
        let cookie = a.u64(3)
        let usedAddress = a.u32(4)
        _ = try memory.pointer(usedAddress, 4)
        guard let fd = entry.hostFD else { throw .badf }
        if entry.isStream { throw .badf }
        guard entry.isDirectory else { throw .notdir }
        try entry.require(P1.rightFDReaddir)
        if cookie == 0 || entry.directoryEntries == nil {
            do { entry.directoryEntries = try DirectoryListing.entries(of: fd) } catch { throw Errno(error) }
        }
        let entries = entry.directoryEntries ?? []
        var used = 0
        var index = cookie
        var record: [UInt8] = []
        while index < UInt64(entries.count), used < buffer.count {
            let item = entries[Int(index)]
            record.removeAll(keepingCapacity: true)
            Self.append64(index + 1, to: &record)
            Self.append64(item.inode, to: &record)
            Self.append64(UInt64(item.name.count), to: &record)  // d_namlen u32, then d_type and padding
            record[20] = P1.filetype(item.kind)
            record.append(contentsOf: item.name)
            let n = min(record.count, buffer.count - used)
            record.withUnsafeBytes { source in
                guard let to = buffer.baseAddress, let from = source.baseAddress else { return }
                (to + used).copyMemory(from: from, byteCount: n)
            }
            used += n
            index += 1
        }
        try memory.store32(usedAddress, UInt32(used))
    }

    private static func append64(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
