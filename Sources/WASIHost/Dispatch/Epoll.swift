#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Linux's `epoll` and `eventfd`, which Swift's Glibc module does not export: looked up in the
/// C library at run time (`dlsym`), with `struct epoll_event` laid out by hand (packed to 12
/// bytes on x86-64, 16 elsewhere).
enum Epoll {
    static let ctlAdd: Int32 = 1
    static let ctlDel: Int32 = 2
    static let ctlMod: Int32 = 3
    static let eventIn: UInt32 = 0x001
    static let eventOut: UInt32 = 0x004
    static let eventErr: UInt32 = 0x008
    static let eventHup: UInt32 = 0x010
    static let cloexec: Int32 = 0o2000000
    static let eventNonblock: Int32 = 0o4000

    #if arch(x86_64)
    static let eventSize = 12
    #else
    static let eventSize = 16
    #endif
    static let dataOffset = eventSize - 8

    typealias Create = @convention(c) (Int32) -> Int32
    typealias Ctl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventFD = @convention(c) (UInt32, Int32) -> Int32

    struct Functions {
        let create: Create
        let ctl: Ctl
        let wait: Wait
        let eventfd: EventFD
    }

    /// The C library's functions, or nil where it has none.
    static let functions: Functions? = {
        guard let lib = dlopen(nil, RTLD_NOW) else { return nil }
        guard let c = dlsym(lib, "epoll_create1"), let t = dlsym(lib, "epoll_ctl"),
              let w = dlsym(lib, "epoll_wait"), let e = dlsym(lib, "eventfd") else { return nil }
        return Functions(create: unsafeBitCast(c, to: Create.self), ctl: unsafeBitCast(t, to: Ctl.self),
                         wait: unsafeBitCast(w, to: Wait.self), eventfd: unsafeBitCast(e, to: EventFD.self))
    }()

    /// `epoll_ctl` with one event of `events` carrying `data`.
    static func control(_ f: Functions, _ epfd: Int32, _ op: Int32, _ fd: Int32, events: UInt32, data: UInt64) -> Int32 {
        var raw = [UInt8](repeating: 0, count: eventSize)
        return raw.withUnsafeMutableBytes { buf -> Int32 in
            buf.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            buf.storeBytes(of: data, toByteOffset: dataOffset, as: UInt64.self)
            return f.ctl(epfd, op, fd, buf.baseAddress)
        }
    }
}
