#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ComponentModel
import WASIHost
import WASIIO

/// The largest read `descriptor.read` does at once (a longer request reads less, as allowed).
let maxReadLength = 1 << 22

/// The `descriptor` methods on the open file or directory itself: positional reads and writes,
/// streams, flags, type, size, times, sync, stat and identity.
func registerDescriptorMethods(_ linker: ComponentLinker, _ fs: FilesystemResources, _ io: IOResources) throws(ComponentError) {
    let descriptor = fs.descriptor
    func this(_ call: ComponentHostCall) throws -> DescriptorObject {
        try call.resource(0, descriptor, as: DescriptorObject.self)
    }

    try defineResult(linker, "[method]descriptor.read-via-stream") { call in
        let d = try this(call)
        if d.isDirectory { throw FilesystemError.isDirectory }
        return try call.newInputStream(FileInputStream(file: d.file, offset: call.u64(1)), io)
    }
    try defineResult(linker, "[method]descriptor.write-via-stream") { call in
        let d = try this(call).regularFile()
        try d.requireWritable()
        return try call.newOutputStream(FileOutputStream(file: d.file, offset: call.u64(1), append: false), io)
    }
    try defineResult(linker, "[method]descriptor.append-via-stream") { call in
        let d = try this(call).regularFile()
        try d.requireWritable()
        return try call.newOutputStream(FileOutputStream(file: d.file, offset: 0, append: true), io)
    }
    try defineResult(linker, "[method]descriptor.advise") { call in
        // Advice is only a hint: accepted and ignored.
        _ = try this(call).regularFile()
        return nil
    }
    try defineResult(linker, "[method]descriptor.sync-data") { call in
        let fd = try this(call).fd
        guard retryingOnInterrupt({ fdatasync(fd) }) == 0 else { throw FilesystemError(SystemError.last) }
        return nil
    }
    try defineResult(linker, "[method]descriptor.sync") { call in
        let fd = try this(call).fd
        guard retryingOnInterrupt({ fsync(fd) }) == 0 else { throw FilesystemError(SystemError.last) }
        return nil
    }
    try defineResult(linker, "[method]descriptor.get-flags") { call in try this(call).flags.value }
    try defineResult(linker, "[method]descriptor.get-type") { call in
        let d = try this(call)
        if d.isDirectory { return FileKind.directory.descriptorType }
        return try host { () throws(SystemError) in try FileStatus.of(d.fd) }.kind.descriptorType
    }
    try defineResult(linker, "[method]descriptor.set-size") { call in
        let d = try this(call).regularFile()
        try d.requireWritable()
        let size = try fileOffset(call.u64(1))
        guard retryingOnInterrupt({ ftruncate(d.fd, size) }) == 0 else { throw FilesystemError(SystemError.last) }
        return nil
    }
    try defineResult(linker, "[method]descriptor.set-times") { call in
        let d = try this(call)
        try d.requireWritable()
        let access = try call.newTimestamp(1), modification = try call.newTimestamp(2)
        try host { () throws(SystemError) in try setFileTimes(d.fd, access: access, modification: modification) }
        return nil
    }
    try defineResult(linker, "[method]descriptor.read") { call in
        let d = try this(call).regularFile()
        let length = Int(min(try call.u64(1), UInt64(maxReadLength)))
        let offset = try fileOffset(call.u64(2))
        var buffer = [UInt8](repeating: 0, count: length)
        let got = buffer.withUnsafeMutableBytes { raw in retryingOnInterrupt { pread(d.fd, raw.baseAddress, raw.count, offset) } }
        guard got >= 0 else { throw FilesystemError(SystemError.last) }
        buffer.removeSubrange(got...)
        return .tuple([.bytes(buffer), .bool(got == 0)])
    }
    try defineResult(linker, "[method]descriptor.write") { call in
        let d = try this(call).regularFile()
        try d.requireWritable()
        let bytes = try call.bytes(1)
        let offset = try fileOffset(call.u64(2))
        let written = bytes.withUnsafeBytes { raw in retryingOnInterrupt { pwrite(d.fd, raw.baseAddress, raw.count, offset) } }
        guard written >= 0 else { throw FilesystemError(SystemError.last) }
        return .u64(UInt64(written))
    }
    try defineResult(linker, "[method]descriptor.stat") { call in
        let d = try this(call)
        return try host { () throws(SystemError) in try FileStatus.of(d.fd) }.descriptorStat
    }
    try definePlain(linker, "[method]descriptor.is-same-object") { call in
        let a = try this(call)
        let b = try call.resource(1, descriptor, as: DescriptorObject.self)
        guard let sa = try? FileStatus.of(a.fd), let sb = try? FileStatus.of(b.fd) else { return .bool(false) }
        return .bool(sa.isSameFile(as: sb))
    }
    try defineResult(linker, "[method]descriptor.metadata-hash") { call in
        let d = try this(call)
        return try host { () throws(SystemError) in try FileStatus.of(d.fd) }.metadataHash
    }
}

/// A file offset or size from the guest as `off_t`; `invalid` beyond the host's range.
func fileOffset(_ value: UInt64) throws(FilesystemError) -> off_t {
    guard value <= UInt64(Int64.max) else { throw .invalid }
    return off_t(value)
}

