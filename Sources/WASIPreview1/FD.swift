#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WASIHost

extension WASIPreview1 {
    /// `fd_read(fd, iovs: iovec_array) -> (size)`: reads into the buffers at the current offset.
    func fdRead(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        try entry.require(P1.rightFDRead)
        let buffers = try memory.ioVectors(a.u32(1), a.u32(2))
        let resultAddress = a.u32(3)
        _ = try memory.pointer(resultAddress, 4)
        let n: Int
        switch entry.backing {
        case .host(let fd, _):
            n = try Self.transfer(buffers) { iov, count in readv(fd, iov, count) }
        case .buffer(let buffer):
            var total = 0
            for b in buffers {
                let got = buffer.read(into: b)
                total += got
                if got < b.count { break }
            }
            n = total
        case .null:
            n = 0
        }
        try memory.store32(resultAddress, UInt32(n))
    }

    /// `fd_write(fd, iovs: ciovec_array) -> (size)`: writes the buffers at the current offset
    /// (at the end for descriptors opened with `append`).
    func fdWrite(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        try entry.require(P1.rightFDWrite)
        let buffers = try memory.ioVectors(a.u32(1), a.u32(2))
        let resultAddress = a.u32(3)
        _ = try memory.pointer(resultAddress, 4)
        let n: Int
        switch entry.backing {
        case .host(let fd, _):
            n = try Self.transfer(buffers) { iov, count in writev(fd, iov, count) }
        case .buffer(let buffer):
            var total = 0
            for b in buffers {
                buffer.write(UnsafeRawBufferPointer(b))
                total += b.count
            }
            n = total
        case .null:
            n = buffers.reduce(0) { $0 + $1.count }
        }
        try memory.store32(resultAddress, UInt32(n))
    }

    /// `fd_pread(fd, iovs: iovec_array, offset: filesize) -> (size)`: reads at `offset` without
    /// moving the file offset.
    func fdPread(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        try entry.require(P1.rightFDRead)
        let buffers = try memory.ioVectors(a.u32(1), a.u32(2))
        let offset = try Self.fileOffset(a.u64(3))
        let resultAddress = a.u32(4)
        _ = try memory.pointer(resultAddress, 4)
        guard let fd = entry.hostFD else { throw .spipe }
        if entry.isDirectory { throw .isdir }
        try entry.require(P1.rightFDSeek, stream: .spipe)
        let n = try Self.transfer(buffers) { iov, count in preadv(fd, iov, count, offset) }
        try memory.store32(resultAddress, UInt32(n))
    }

    /// `fd_pwrite(fd, iovs: ciovec_array, offset: filesize) -> (size)`: writes at `offset`
    /// without moving the file offset.
    func fdPwrite(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        try entry.require(P1.rightFDWrite)
        let buffers = try memory.ioVectors(a.u32(1), a.u32(2))
        let offset = try Self.fileOffset(a.u64(3))
        let resultAddress = a.u32(4)
        _ = try memory.pointer(resultAddress, 4)
        guard let fd = entry.hostFD else { throw .spipe }
        if entry.isDirectory { throw .isdir }
        try entry.require(P1.rightFDSeek, stream: .spipe)
        let n = try Self.transfer(buffers) { iov, count in pwritev(fd, iov, count, offset) }
        try memory.store32(resultAddress, UInt32(n))
    }

    /// `fd_seek(fd, offset: filedelta, whence) -> (filesize)`: moves the file offset.
    func fdSeek(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let delta = Int64(bitPattern: a.u64(1))
        let whence: Int32
        switch a.u32(2) {
        case 0: whence = SEEK_SET
        case 1: whence = SEEK_CUR
        case 2: whence = SEEK_END
        default: throw .inval
        }
        let resultAddress = a.u32(3)
        _ = try memory.pointer(resultAddress, 8)
        guard let fd = entry.hostFD else { throw .spipe }
        if entry.isDirectory { throw .badf }
        // Reading the offset (0 from the current position) needs only `fd_tell`.
        try entry.require(delta == 0 && whence == SEEK_CUR ? P1.rightFDTell : P1.rightFDSeek, stream: .spipe)
        let position = lseek(fd, off_t(delta), whence)
        guard position >= 0 else { throw .last }
        try memory.store64(resultAddress, UInt64(position))
    }

    /// `fd_tell(fd) -> (filesize)`: the current file offset.
    func fdTell(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let resultAddress = a.u32(1)
        _ = try memory.pointer(resultAddress, 8)
        guard let fd = entry.hostFD else { throw .spipe }
        if entry.isDirectory { throw .badf }
        try entry.require(P1.rightFDTell, stream: .spipe)
        let position = lseek(fd, 0, SEEK_CUR)
        guard position >= 0 else { throw .last }
        try memory.store64(resultAddress, UInt64(position))
    }

    /// `fd_close(fd) -> errno`: closes the descriptor (preopens included).
    func fdClose(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let fd = a.u32(0)
        _ = try descriptor(fd)
        descriptors.remove(Int(fd))?.close()
    }

    /// `fd_renumber(fd, to: fd) -> errno`: moves `fd` to number `to`, closing what was there.
    func fdRenumber(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let from = a.u32(0), to = a.u32(1)
        let entry = try descriptor(from)
        let target = try descriptor(to)
        if from == to { return }
        descriptors.remove(Int(from))
        descriptors.put(entry, at: Int(to))
        target.close()
    }

    /// `fd_sync(fd) -> errno`: flushes data and metadata to storage.
    func fdSync(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        try entry.require(P1.rightFDSync)
        guard let fd = entry.hostFD else { throw .inval }
        guard fsync(fd) == 0 else { throw .last }
    }

    /// `fd_datasync(fd) -> errno`: flushes data to storage.
    func fdDatasync(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        try entry.require(P1.rightFDDatasync)
        guard let fd = entry.hostFD else { throw .inval }
        guard fdatasync(fd) == 0 else { throw .last }
    }

    /// `fd_advise(fd, offset: filesize, len: filesize, advice) -> errno`: passes the access
    /// pattern hint to the host (`posix_fadvise`).
    func fdAdvise(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let offset = try Self.fileOffset(a.u64(1))
        let length = try Self.fileOffset(a.u64(2))
        let advice: Int32
        switch a.u32(3) {
        case 0: advice = POSIX_FADV_NORMAL
        case 1: advice = POSIX_FADV_SEQUENTIAL
        case 2: advice = POSIX_FADV_RANDOM
        case 3: advice = POSIX_FADV_WILLNEED
        case 4: advice = POSIX_FADV_DONTNEED
        case 5: advice = POSIX_FADV_NOREUSE
        default: throw .inval
        }
        guard let fd = entry.hostFD else { throw .badf }
        if entry.isDirectory { throw .badf }
        try entry.require(P1.rightFDAdvise)
        let result = posix_fadvise(fd, offset, length, advice)
        if result != 0 && result != ESPIPE { throw Errno(posix: result) }
    }

    /// `fd_allocate(fd, offset: filesize, len: filesize) -> errno`: makes sure the byte range
    /// is allocated, growing the file if needed (`posix_fallocate`).
    func fdAllocate(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let entry = try descriptor(a.u32(0))
        let offset = try Self.fileOffset(a.u64(1))
        let length = try Self.fileOffset(a.u64(2))
        guard let fd = entry.hostFD else { throw .badf }
        if entry.isDirectory { throw .badf }
        try entry.require(P1.rightFDAllocate)
        guard offset.addingReportingOverflow(length).overflow == false else { throw .fbig }
        let result = posix_fallocate(fd, offset, length)
        if result != 0 { throw Errno(posix: result) }
    }

    /// A guest `filesize` as a host offset (`inval` above `Int64.max`).
    static func fileOffset(_ value: UInt64) throws(Errno) -> off_t {
        guard value <= UInt64(Int64.max) else { throw .inval }
        return off_t(value)
    }

    /// Runs `readv`-like `call` over the guest buffers (at most `IOV_MAX` at once).
    static func transfer(
        _ buffers: [UnsafeMutableRawBufferPointer],
        _ call: (UnsafePointer<iovec>, Int32) -> Int
    ) throws(Errno) -> Int {
        let used = buffers.prefix(1024).map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
        if used.isEmpty { return 0 }
        while true {
            // `used` is not empty, so it has an address.
            let n = used.withUnsafeBufferPointer { vectors in
                vectors.baseAddress.map { call($0, Int32(vectors.count)) } ?? 0
            }
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .last
        }
    }
}
