import ComponentModel
import WASIHost
import WASIIO

/// The `descriptor` methods that act on a path below a directory descriptor. Every path is
/// resolved by ``SandboxedPath`` (no `..`, absolute path or symbolic link leaves the
/// descriptor: `not-permitted`); in a read-only mount every mutation is `not-permitted`.
func registerPathMethods(_ linker: ComponentLinker, _ fs: FilesystemResources) throws(ComponentError) {
    let descriptor = fs.descriptor
    func this(_ call: ComponentHostCall) throws -> DescriptorObject {
        try call.resource(0, descriptor, as: DescriptorObject.self).directory()
    }
    func other(_ call: ComponentHostCall, _ i: Int) throws -> DescriptorObject {
        try call.resource(i, descriptor, as: DescriptorObject.self).directory()
    }

    try defineResult(linker, "[method]descriptor.open-at") { call in
        let opened = try openAt(try this(call), path: call.string(2), follow: call.followsSymlinks(1),
                                openFlags: call.flags(3), flags: DescriptorFlags(call.flags(4)))
        return .own(try call.resources.push(opened, type: descriptor))
    }
    /// A method `(path) -> result<_, error-code>` that changes the directory at `path`.
    func defineMutation(_ item: String, _ change: @escaping (borrowing ResolvedPath) throws(SystemError) -> Void) throws(ComponentError) {
        try defineResult(linker, "[method]descriptor.\(item)") { call in
            let d = try this(call)
            try d.requireWritable()
            let resolved = try d.resolve(call.string(1), follow: false)
            try host { () throws(SystemError) in try change(resolved) }
            return nil
        }
    }
    try defineMutation("create-directory-at") { (path) throws(SystemError) in try path.createDirectory() }
    try defineMutation("remove-directory-at") { (path) throws(SystemError) in try path.removeDirectory() }
    try defineMutation("unlink-file-at") { (path) throws(SystemError) in try path.unlinkFile() }
    try defineResult(linker, "[method]descriptor.stat-at") { call in
        let resolved = try this(call).resolve(call.string(2), follow: call.followsSymlinks(1))
        return try host { () throws(SystemError) in try resolved.status() }.descriptorStat
    }
    try defineResult(linker, "[method]descriptor.metadata-hash-at") { call in
        let resolved = try this(call).resolve(call.string(2), follow: call.followsSymlinks(1))
        return try host { () throws(SystemError) in try resolved.status() }.metadataHash
    }
    try defineResult(linker, "[method]descriptor.set-times-at") { call in
        let d = try this(call)
        try d.requireWritable()
        let access = try call.newTimestamp(3), modification = try call.newTimestamp(4)
        let resolved = try d.resolve(call.string(2), follow: call.followsSymlinks(1))
        try host { () throws(SystemError) in try resolved.setTimes(access: access, modification: modification) }
        return nil
    }
    try defineResult(linker, "[method]descriptor.readlink-at") { call in
        let resolved = try this(call).resolve(call.string(1), follow: false)
        let target = try host { () throws(SystemError) in try resolved.readLink() }
        guard let text = String(validating: target, as: UTF8.self) else { throw FilesystemError.illegalByteSequence }
        return .string(text)
    }
    try defineResult(linker, "[method]descriptor.symlink-at") { call in
        let d = try this(call)
        try d.requireWritable()
        let target = Array(try call.string(1).utf8)
        let resolved = try d.resolve(call.string(2), follow: false)
        let inside = try host { () throws(SystemError) in
            try SandboxedPath.isInside(linkTarget: target, at: resolved, root: d.mountRoot.fd)
        }
        guard inside else { throw FilesystemError.notPermitted }
        try host { () throws(SystemError) in try resolved.createSymlink(to: target) }
        return nil
    }
    try defineResult(linker, "[method]descriptor.link-at") { call in
        let d = try this(call), destination = try other(call, 3)
        try d.requireWritable()
        try destination.requireWritable()
        // As wasmtime: hard links to a symbolic link's target are not offered.
        if try call.followsSymlinks(1) { throw FilesystemError.invalid }
        let source = try d.resolve(call.string(2), follow: false)
        let target = try destination.resolve(call.string(4), follow: false)
        try host { () throws(SystemError) in try source.link(to: target) }
        return nil
    }
    try defineResult(linker, "[method]descriptor.rename-at") { call in
        let d = try this(call), destination = try other(call, 2)
        try d.requireWritable()
        try destination.requireWritable()
        let source = try d.resolve(call.string(1), follow: false)
        let target = try destination.resolve(call.string(3), follow: false)
        try host { () throws(SystemError) in try source.rename(to: target) }
        return nil
    }
}
