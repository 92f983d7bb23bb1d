#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A guest path resolved inside a sandbox: the directory that holds its last component and
/// that component's name. Owns the directory descriptor when it is not the root itself.
///
/// The name never carries the guest path's trailing slash: with one the kernel follows a
/// symbolic link in the last component even under `O_NOFOLLOW` and `AT_SYMLINK_NOFOLLOW`, so a
/// link put there after resolution (by another instance on the same mount, between the check
/// and the call) would lead out of the sandbox (the class of wasmtime's GHSA-vqjp-4c8c-hfgg).
/// ``mustBeDirectory`` records the slash instead, and the operations give the kernel's answers
/// for a trailing slash themselves (`PathOperations.swift`).
public struct ResolvedPath: ~Copyable {
    /// Descriptor of the directory holding `name` (the root descriptor or one opened below it).
    public let directory: Int32
    /// The last component as a NUL-terminated C string, without a slash; `"."` when the path
    /// names the directory itself.
    public let name: [CChar]
    /// Whether the guest path ended with a slash, so the last component must be a directory.
    public let mustBeDirectory: Bool
    private let ownsDirectory: Bool

    init(directory: Int32, name: [UInt8], mustBeDirectory: Bool, ownsDirectory: Bool) {
        self.directory = directory
        self.name = name.map { CChar(bitPattern: $0) } + [0]
        self.mustBeDirectory = mustBeDirectory
        self.ownsDirectory = ownsDirectory
    }

    deinit {
        if ownsDirectory { close(directory) }
    }

    /// Calls `body` with the name as a C string.
    public func withName<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
        name.withUnsafeBufferPointer { text in
            // The name holds at least its terminating NUL, so it has an address.
            guard let base = text.baseAddress else { return withUnsafePointer(to: CChar(0)) { body($0) } }
            return body(base)
        }
    }

    /// The name as text.
    public var nameText: String {
        String(decoding: name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// `O_PATH` (Linux; not exported by Swift's Glibc module): a descriptor that only names a
/// directory for `*at` calls.
let oPath: Int32 = 0o10000000

/// Resolves guest paths relative to a directory descriptor without ever leaving it.
///
/// The kernel never sees a path with more than one component: every intermediate directory is
/// opened with `openat(..., oPath | O_DIRECTORY | O_NOFOLLOW)`, `..` is handled here by
/// popping the stack of opened directories (never above the root), and symbolic links are read
/// with `readlinkat` and expanded here, so a link pointing outside (absolute, or with too many
/// `..`) is refused with `SystemError.notCapable`. Absolute guest paths are refused the same
/// way. The final component is returned unresolved unless asked to follow it (or it carries a
/// trailing slash, which would make the kernel follow it: a symbolic link there is expanded
/// here, and the slash is not passed on; see ``ResolvedPath``).
public enum SandboxedPath {
    /// Symbolic links followed in one resolution before it fails with `ELOOP`.
    public static let maxSymlinks = 40

    /// Resolves `path` (bytes, no NUL) relative to the directory descriptor `root`.
    ///
    /// - Parameters:
    ///   - followFinalSymlink: expand a symbolic link in the last component (as `open` does
    ///     without `O_NOFOLLOW`).
    /// - Throws: `.notCapable` for a path that leaves `root`; `.posix(EINVAL)` for a path with
    ///   a NUL byte; `.posix(ENOENT)` for an empty path; `.posix(ELOOP)` after too many links;
    ///   otherwise the `errno` of opening an intermediate directory.
    public static func resolve(_ path: [UInt8], in root: Int32, followFinalSymlink: Bool) throws(SystemError) -> ResolvedPath {
        if path.isEmpty { throw .posix(ENOENT) }
        if path.contains(0) { throw .posix(EINVAL) }
        if path[0] == UInt8(ascii: "/") { throw .notCapable }

        var stack: [Int32] = []
        func cleanup() { for fd in stack { close(fd) } }
        var pending = components(of: path).reversed() as [ArraySlice<UInt8>]
        var trailingSlash = path.last == UInt8(ascii: "/")
        var symlinks = 0
        var final: [UInt8] = [UInt8(ascii: ".")]

        loop: while let component = pending.popLast() {
            let isLast = pending.isEmpty
            let current = stack.last ?? root
            if component.count == 1 && component.first == UInt8(ascii: ".") {
                if isLast { final = [UInt8(ascii: ".")] }
                continue
            }
            if component.count == 2 && component.first == UInt8(ascii: ".") && component.last == UInt8(ascii: ".") {
                guard let top = stack.popLast() else {
                    cleanup()
                    throw .notCapable
                }
                close(top)
                if isLast { final = [UInt8(ascii: ".")] }
                continue
            }
            let name = Array(component)
            if isLast && !(followFinalSymlink || trailingSlash) {
                final = name
                break loop
            }
            if !isLast {
                let fd = name.withCStringBytes { openat(current, $0, oPath | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
                if fd >= 0 {
                    stack.append(fd)
                    continue
                }
                let error = errno
                guard error == ENOTDIR || error == ELOOP else {
                    cleanup()
                    throw .posix(error)
                }
            }
            // Is it a symbolic link? Expand it here, inside the sandbox.
            switch readLink(name, in: current) {
            case .success(let target):
                symlinks += 1
                if symlinks > maxSymlinks {
                    cleanup()
                    throw .posix(ELOOP)
                }
                if target.isEmpty {
                    cleanup()
                    throw .posix(ENOENT)
                }
                if target[0] == UInt8(ascii: "/") {
                    cleanup()
                    throw .notCapable
                }
                if isLast && target.last == UInt8(ascii: "/") { trailingSlash = true }
                let expanded = components(of: target)
                if expanded.isEmpty {
                    // A link to "/" alone was refused above; "." and the like reach here as ".".
                    if isLast { final = [UInt8(ascii: ".")] }
                    continue
                }
                pending.append(contentsOf: expanded.reversed())
            case .failure(let failure):
                let error = failure.code
                if isLast {
                    final = name  // not a link (or missing): the operation decides
                    break loop
                }
                cleanup()
                throw .posix(error == EINVAL ? ENOTDIR : error)
            }
        }
        // Keep only the innermost directory open.
        let directory = stack.popLast()
        for fd in stack { close(fd) }
        return ResolvedPath(directory: directory ?? root, name: final,
                            mustBeDirectory: trailingSlash && final != [UInt8(ascii: ".")], ownsDirectory: directory != nil)
    }

    /// The non-empty components of a path (no empty ones from doubled or trailing slashes).
    static func components(of path: [UInt8]) -> [ArraySlice<UInt8>] {
        path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
    }

    /// The target of a symbolic link, or the `errno` of `readlinkat` (`EINVAL`: not a link).
    static func readLink(_ name: [UInt8], in directory: Int32) -> Result<[UInt8], LinkError> {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = name.withCStringBytes { cName in
            buffer.withUnsafeMutableBytes { target in
                guard let base = target.baseAddress else { return -1 }  // never: PATH_MAX + 1 bytes
                return readlinkat(directory, cName, base.assumingMemoryBound(to: CChar.self), target.count)
            }
        }
        if n < 0 { return .failure(LinkError(code: errno)) }
        if n >= buffer.count { return .failure(LinkError(code: ENAMETOOLONG)) }
        return .success(Array(buffer[0..<n]))
    }
}

/// The `errno` of a failed `readlinkat`.
struct LinkError: Error {
    let code: Int32
}

extension Array where Element == UInt8 {
    /// Calls `body` with the bytes as a NUL-terminated C string.
    @inline(__always)
    public func withCStringBytes<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
        var copy = self
        copy.append(0)
        return copy.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { text in
                // The copy holds at least the NUL appended, so it has an address.
                guard let base = text.baseAddress else { return withUnsafePointer(to: CChar(0)) { body($0) } }
                return body(base)
            }
        }
    }
}
