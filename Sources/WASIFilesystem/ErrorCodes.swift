#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ComponentModel
import WASIHost

/// A `wasi:filesystem/types.error-code`: what a failed filesystem call returns to the guest
/// (as `err(code)`). Host functions throw it; the group's wrapper turns it into the result.
struct FilesystemError: Error, Hashable {
    /// The WIT case name, e.g. `no-entry`.
    let name: String

    static let access = FilesystemError(name: "access")
    static let badDescriptor = FilesystemError(name: "bad-descriptor")
    static let illegalByteSequence = FilesystemError(name: "illegal-byte-sequence")
    static let invalid = FilesystemError(name: "invalid")
    static let isDirectory = FilesystemError(name: "is-directory")
    static let notDirectory = FilesystemError(name: "not-directory")
    static let notPermitted = FilesystemError(name: "not-permitted")
    static let overflow = FilesystemError(name: "overflow")

    /// The code for a host failure. Leaving the sandbox is `not-permitted` (as wasmtime's
    /// cap-std answers an escape attempt).
    init(_ error: SystemError) {
        switch error {
        case .notCapable: self = .notPermitted
        case .posix(let code): self.init(posix: code)
        }
    }

    /// The code for a POSIX `errno`. The codes wasmtime maps are mapped as it does; the others
    /// the WIT documents a POSIX counterpart for map to that case; anything else is `io`.
    init(posix code: Int32) {
        name = Self.caseName(code) ?? "io"
    }

    private init(name: String) { self.name = name }

    /// `errno` → case name (a switch, not a dictionary: some platforms give two names one value).
    private static func caseName(_ code: Int32) -> String? {
        switch code {
        // As wasmtime (crates/wasi filesystem.rs, from_raw_os_error on Unix).
        case EPIPE: return "pipe"
        case EPERM: return "not-permitted"
        case ENOENT: return "no-entry"
        case ENOMEM: return "insufficient-memory"
        case EIO: return "io"
        case EBADF: return "bad-descriptor"
        case EBUSY: return "busy"
        case EACCES: return "access"
        case ENOTDIR: return "not-directory"
        case EISDIR: return "is-directory"
        case EINVAL: return "invalid"
        case EEXIST: return "exist"
        case EFBIG: return "file-too-large"
        case ENOSPC: return "insufficient-space"
        case ESPIPE: return "invalid-seek"
        case EMLINK: return "too-many-links"
        case ENAMETOOLONG: return "name-too-long"
        case ENOTEMPTY: return "not-empty"
        case ELOOP: return "loop"
        case EOVERFLOW: return "overflow"
        case EILSEQ: return "illegal-byte-sequence"
        case ENOTSUP, EOPNOTSUPP: return "unsupported"
        case EALREADY: return "already"
        case EINPROGRESS: return "in-progress"
        case EINTR: return "interrupted"
        // The rest of the enum's documented POSIX counterparts.
        case EAGAIN: return "would-block"
        case EDEADLK: return "deadlock"
        case EDQUOT: return "quota"
        case EMSGSIZE: return "message-size"
        case ENODEV: return "no-device"
        case ENOLCK: return "no-lock"
        case ENOTRECOVERABLE: return "not-recoverable"
        case ENOSYS: return "unsupported"
        case ENOTTY: return "no-tty"
        case ENXIO: return "no-such-device"
        case EROFS: return "read-only"
        case ETXTBSY: return "text-file-busy"
        case EXDEV: return "cross-device"
        default: return nil
        }
    }

    /// The `error-code` value.
    var value: ComponentValue { .enum(name) }
}

/// Runs a host operation of the shared layer, turning its failure into an error code.
@inline(__always)
func host<T: ~Copyable>(_ body: () throws(SystemError) -> T) throws(FilesystemError) -> T {
    do { return try body() } catch { throw FilesystemError(error) }
}
