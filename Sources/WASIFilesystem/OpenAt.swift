#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ComponentModel
import WASIHost

/// `descriptor.open-at`: opens a file or directory below a directory descriptor.
///
/// As wasmtime: `create` and `truncate` imply writing; without `write` the file is opened for
/// reading; `directory` with `create`, `exclusive` or `truncate` is `invalid`; in a read-only
/// mount anything that would write is `not-permitted`. The sync flags open the file with
/// `O_SYNC`/`O_DSYNC`/`O_RSYNC` and are reported back by `get-flags`.
func openAt(_ parent: DescriptorObject, path: String, follow: Bool, openFlags: [String], flags requested: DescriptorFlags) throws(FilesystemError) -> DescriptorObject {
    let directory = try parent.directory()
    let create = openFlags.contains("create"), exclusive = openFlags.contains("exclusive")
    let truncate = openFlags.contains("truncate"), wantsDirectory = openFlags.contains("directory")
    var flags: Int32 = 0
    var write = requested.contains(.write)
    let read = requested.contains(.read) || !write
    if create {
        flags |= O_CREAT
        if exclusive { flags |= O_EXCL }
        write = true
    }
    if truncate {
        flags |= O_TRUNC
        write = true
    }
    if wantsDirectory {
        if create || exclusive || truncate { throw .invalid }
        flags |= O_DIRECTORY
    }
    if directory.readOnly && write { throw .notPermitted }
    flags |= read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY
    if requested.contains(.fileIntegritySync) { flags |= O_SYNC }
    if requested.contains(.dataIntegritySync) { flags |= O_DSYNC }
    if requested.contains(.requestedWriteSync) { flags |= O_RSYNC }

    let resolved = try directory.resolve(path, follow: follow)
    let fd = try host { () throws(SystemError) in try resolved.open(flags: flags) }
    let file = SharedDescriptor(fd: fd)
    let kind = try host { () throws(SystemError) in try FileStatus.of(fd) }.kind
    var reported: DescriptorFlags = requested.intersection([.fileIntegritySync, .dataIntegritySync, .requestedWriteSync])
    let isDirectory = kind == .directory
    if read { reported.insert(.read) }
    if isDirectory {
        if !directory.readOnly && (write || requested.contains(.mutateDirectory)) { reported.insert(.mutateDirectory) }
    } else if write {
        reported.insert(.write)
    }
    return DescriptorObject(file: file, mountRoot: directory.mountRoot, isDirectory: isDirectory,
                            readOnly: directory.readOnly, flags: reported)
}
