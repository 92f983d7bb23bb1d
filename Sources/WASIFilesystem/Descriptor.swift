import ComponentModel
import WASIHost

/// The `descriptor-flags` a descriptor was opened with.
struct DescriptorFlags: OptionSet, Hashable {
    let rawValue: UInt8
    static let read = DescriptorFlags(rawValue: 1 << 0)
    static let write = DescriptorFlags(rawValue: 1 << 1)
    static let fileIntegritySync = DescriptorFlags(rawValue: 1 << 2)
    static let dataIntegritySync = DescriptorFlags(rawValue: 1 << 3)
    static let requestedWriteSync = DescriptorFlags(rawValue: 1 << 4)
    static let mutateDirectory = DescriptorFlags(rawValue: 1 << 5)

    /// The WIT names, in declaration order.
    static let names: [(String, DescriptorFlags)] = [
        ("read", .read), ("write", .write), ("file-integrity-sync", .fileIntegritySync),
        ("data-integrity-sync", .dataIntegritySync), ("requested-write-sync", .requestedWriteSync),
        ("mutate-directory", .mutateDirectory),
    ]

    /// The flags named in a `flags` value (unknown names are ignored).
    init(_ set: [String]) {
        var flags: DescriptorFlags = []
        for (name, flag) in Self.names where set.contains(name) { flags.insert(flag) }
        self = flags
    }

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The `descriptor-flags` value.
    var value: ComponentValue { .flags(Self.names.filter { contains($0.1) }.map(\.0)) }
}

/// The object behind a `descriptor` handle: an open host file or directory inside a mount.
///
/// Streams made from it share its host descriptor (``SharedDescriptor``), so they keep working
/// after the guest drops the descriptor; the host descriptor closes when the last of them goes.
final class DescriptorObject {
    /// The open host file or directory.
    let file: SharedDescriptor
    /// The mount's root directory (for checking that symbolic links stay inside it).
    let mountRoot: SharedDescriptor
    /// Whether it is a directory (paths resolve below it).
    let isDirectory: Bool
    /// Whether its mount is read only: every mutation fails with `not-permitted`.
    let readOnly: Bool
    /// What `get-flags` reports.
    let flags: DescriptorFlags

    init(file: SharedDescriptor, mountRoot: SharedDescriptor, isDirectory: Bool, readOnly: Bool, flags: DescriptorFlags) {
        self.file = file
        self.mountRoot = mountRoot
        self.isDirectory = isDirectory
        self.readOnly = readOnly
        self.flags = flags
    }

    /// The host descriptor.
    var fd: Int32 { file.fd }

    /// This descriptor as a directory, or `not-directory`.
    func directory() throws(FilesystemError) -> DescriptorObject {
        guard isDirectory else { throw .notDirectory }
        return self
    }

    /// This descriptor as a file, or `bad-descriptor` for a directory (as wasmtime).
    func regularFile() throws(FilesystemError) -> DescriptorObject {
        guard !isDirectory else { throw .badDescriptor }
        return self
    }

    /// Fails with `not-permitted` when the mount is read only.
    func requireWritable() throws(FilesystemError) {
        if readOnly { throw .notPermitted }
    }

    /// Resolves `path` below this directory inside the sandbox (`not-permitted` for escapes).
    func resolve(_ path: String, follow: Bool) throws(FilesystemError) -> ResolvedPath {
        let root = try directory().fd
        return try host { () throws(SystemError) in try SandboxedPath.resolve(Array(path.utf8), in: root, followFinalSymlink: follow) }
    }
}

/// The `wasi:filesystem` resource types in one linker.
struct FilesystemResources: Sendable {
    /// `descriptor`.
    let descriptor: ResourceID
    /// `directory-entry-stream`.
    let directoryEntryStream: ResourceID

    init(_ linker: ComponentLinker) throws(ComponentError) {
        descriptor = try linker.resourceType("\(typesInterface)#descriptor")
        directoryEntryStream = try linker.resourceType("\(typesInterface)#directory-entry-stream")
    }
}
