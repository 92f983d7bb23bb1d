import ComponentModel
import WASIHost
import WASIIO

/// A session's mount directories, opened once on the first `get-directories`.
final class PreopenDirectories {
    /// Each mount with its open root directory.
    let mounts: [(mount: WASIMount, root: SharedDescriptor)]

    init(_ mounts: [WASIMount]) throws(FilesystemMountError) {
        var opened: [(mount: WASIMount, root: SharedDescriptor)] = []
        for mount in mounts {
            do {
                opened.append((mount, SharedDescriptor(fd: try mount.openDirectory())))
            } catch {
                throw FilesystemMountError(hostPath: mount.hostPath, error: error)
            }
        }
        self.mounts = opened
    }
}

/// A mount directory could not be opened (the guest's `get-directories` traps with this text).
struct FilesystemMountError: Error, CustomStringConvertible {
    let hostPath: String
    let error: SystemError
    var description: String { "cannot open mount directory \(hostPath): \(error)" }
}

/// `wasi:filesystem/preopens.get-directories`: one new `descriptor` per mount, in mount order,
/// named by the mount's guest path. Each call hands out fresh handles to the same directories.
func registerPreopens(_ linker: ComponentLinker, _ fs: FilesystemResources) throws(ComponentError) {
    let descriptor = fs.descriptor
    try linker.defineFunction("\(preopensInterface)#get-directories") { call in
        let session = try call.session()
        let preopens = try session.data(PreopenDirectories.self) { try PreopenDirectories(session.context.mounts) }
        var list: [ComponentValue] = []
        for (mount, root) in preopens.mounts {
            let flags: DescriptorFlags = mount.readOnly ? [.read] : [.read, .mutateDirectory]
            let object = DescriptorObject(file: root, mountRoot: root, isDirectory: true, readOnly: mount.readOnly, flags: flags)
            list.append(.tuple([.own(try call.resources.push(object, type: descriptor)), .string(mount.guestPath)]))
        }
        return .value(.list(list))
    }
}
