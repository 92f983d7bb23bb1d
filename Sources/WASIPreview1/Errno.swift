#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WASIHost

/// A WASI preview 1 `errno` value: what every `wasi_snapshot_preview1` function returns.
public enum Errno: UInt16, Error, Sendable {
    case success = 0, toobig, acces, addrinuse, addrnotavail, afnosupport, again, already, badf,
         badmsg, busy, canceled, child, connaborted, connrefused, connreset, deadlk, destaddrreq,
         dom, dquot, exist, fault, fbig, hostunreach, idrm, ilseq, inprogress, intr, inval, io,
         isconn, isdir, loop, mfile, mlink, msgsize, multihop, nametoolong, netdown, netreset,
         netunreach, nfile, nobufs, nodev, noent, noexec, nolck, nolink, nomem, nomsg, noprotoopt,
         nospc, nosys, notconn, notdir, notempty, notrecoverable, notsock, notsup, notty, nxio,
         overflow, ownerdead, perm, pipe, proto, protonosupport, prototype, range, rofs, spipe,
         srch, stale, timedout, txtbsy, xdev, notcapable

    /// The WASI code for a host error. Leaving the sandbox is `perm`, as in wasmtime.
    public init(_ error: SystemError) {
        switch error {
        case .notCapable: self = .perm
        case .posix(let code): self.init(posix: code)
        }
    }

    /// The WASI code for a POSIX `errno` (`io` for codes WASI does not have).
    public init(posix code: Int32) {
        switch code {
        case 0: self = .success
        case E2BIG: self = .toobig
        case EACCES: self = .acces
        case EADDRINUSE: self = .addrinuse
        case EADDRNOTAVAIL: self = .addrnotavail
        case EAFNOSUPPORT: self = .afnosupport
        case EAGAIN: self = .again
        case EALREADY: self = .already
        case EBADF: self = .badf
        case EBADMSG: self = .badmsg
        case EBUSY: self = .busy
        case ECANCELED: self = .canceled
        case ECHILD: self = .child
        case ECONNABORTED: self = .connaborted
        case ECONNREFUSED: self = .connrefused
        case ECONNRESET: self = .connreset
        case EDEADLK: self = .deadlk
        case EDESTADDRREQ: self = .destaddrreq
        case EDOM: self = .dom
        case EDQUOT: self = .dquot
        case EEXIST: self = .exist
        case EFAULT: self = .fault
        case EFBIG: self = .fbig
        case EHOSTUNREACH: self = .hostunreach
        case EIDRM: self = .idrm
        case EILSEQ: self = .ilseq
        case EINPROGRESS: self = .inprogress
        case EINTR: self = .intr
        case EINVAL: self = .inval
        case EIO: self = .io
        case EISCONN: self = .isconn
        case EISDIR: self = .isdir
        case ELOOP: self = .loop
        case EMFILE: self = .mfile
        case EMLINK: self = .mlink
        case EMSGSIZE: self = .msgsize
        case EMULTIHOP: self = .multihop
        case ENAMETOOLONG: self = .nametoolong
        case ENETDOWN: self = .netdown
        case ENETRESET: self = .netreset
        case ENETUNREACH: self = .netunreach
        case ENFILE: self = .nfile
        case ENOBUFS: self = .nobufs
        case ENODEV: self = .nodev
        case ENOENT: self = .noent
        case ENOEXEC: self = .noexec
        case ENOLCK: self = .nolck
        case ENOLINK: self = .nolink
        case ENOMEM: self = .nomem
        case ENOMSG: self = .nomsg
        case ENOPROTOOPT: self = .noprotoopt
        case ENOSPC: self = .nospc
        case ENOSYS: self = .nosys
        case ENOTCONN: self = .notconn
        case ENOTDIR: self = .notdir
        case ENOTEMPTY: self = .notempty
        case ENOTRECOVERABLE: self = .notrecoverable
        case ENOTSOCK: self = .notsock
        case ENOTSUP: self = .notsup
        case ENOTTY: self = .notty
        case ENXIO: self = .nxio
        case EOVERFLOW: self = .overflow
        case EOWNERDEAD: self = .ownerdead
        case EPERM: self = .perm
        case EPIPE: self = .pipe
        case EPROTO: self = .proto
        case EPROTONOSUPPORT: self = .protonosupport
        case EPROTOTYPE: self = .prototype
        case ERANGE: self = .range
        case EROFS: self = .rofs
        case ESPIPE: self = .spipe
        case ESRCH: self = .srch
        case ESTALE: self = .stale
        case ETIMEDOUT: self = .timedout
        case ETXTBSY: self = .txtbsy
        case EXDEV: self = .xdev
        default: self = .io
        }
    }

    /// The current `errno` as a WASI code.
    static var last: Errno { Errno(posix: errno) }
}
