#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension SandboxedPath {
    /// The deepest directory nesting ``isInside(linkTarget:at:root:)`` measures before it gives up.
    static let maxDepth = 4096

    /// Whether a symbolic link created at `link` (resolved in `root`) with target `target` would
    /// point inside `root`: the target is relative and its `..` components never climb above
    /// `root`, counted from the directory that holds the link. Links inside the target are not
    /// followed here; they are checked when the link is followed.
    ///
    /// - Throws: the `errno` of walking from the link's directory up to `root`.
    public static func isInside(linkTarget target: [UInt8], at link: borrowing ResolvedPath, root: Int32) throws(SystemError) -> Bool {
        if target.isEmpty || target[0] == UInt8(ascii: "/") || target.contains(0) { return false }
        var depth = try depth(of: link.directory, below: root)
        for component in components(of: target) {
            if component.elementsEqual([UInt8(ascii: ".")]) { continue }
            if component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                depth -= 1
                if depth < 0 { return false }
            } else {
                depth += 1
            }
        }
        return true
    }

    /// How many directories `directory` is below `root` (0 for `root` itself), found by walking
    /// `..` up until the device and inode match `root`'s.
    static func depth(of directory: Int32, below root: Int32) throws(SystemError) -> Int {
        let top = try FileStatus.of(root)
        var current = try FileStatus.of(directory)
        var fd: Int32 = -1
        defer { if fd >= 0 { close(fd) } }
        var depth = 0
        while !current.isSameFile(as: top) {
            guard depth < maxDepth else { throw .posix(ELOOP) }
            let parent = openat(fd >= 0 ? fd : directory, "..", oPath | O_DIRECTORY | O_CLOEXEC)
            guard parent >= 0 else { throw .last }
            if fd >= 0 { close(fd) }
            fd = parent
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw .last }
            current = FileStatus(info)
            depth += 1
        }
        return depth
    }
}

extension WASIMount {
    /// Opens the mount's host directory (read only, close-on-exec); the caller owns the descriptor.
    public func openDirectory() throws(SystemError) -> Int32 {
        let fd = open(hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .last }
        return fd
    }
}
