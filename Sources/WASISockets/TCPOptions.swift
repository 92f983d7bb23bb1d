import ComponentModel
import WASIHost
import WASIIO

/// `wasi:sockets/tcp`'s option methods: keep-alive (enabled, idle time, interval, count),
/// and, shared with UDP, hop limit and buffer sizes.
enum TCPOptions {
    static func register(_ linker: ComponentLinker, _ method: String, _ tcp: @escaping (ComponentHostCall) throws -> TCPSocketObject) throws(ComponentError) {
        func socket(_ call: ComponentHostCall) throws -> NetSocket {
            let t = try tcp(call)
            return t.socket
        }
        typealias V = SocketOptionValues

        try defineResult(linker, method + "keep-alive-enabled") { call in .bool(try socket(call).keepAlive()) }
        try defineResult(linker, method + "set-keep-alive-enabled") { call in
            try socket(call).setKeepAlive(try V.bool(call, 1))
            return nil
        }
        try defineResult(linker, method + "keep-alive-idle-time") { call in
            V.duration(seconds: try socket(call).keepAliveIdleSeconds())
        }
        try defineResult(linker, method + "set-keep-alive-idle-time") { call in
            try socket(call).setKeepAliveIdleSeconds(try V.keepAliveSeconds(try call.u64(1)))
            return nil
        }
        try defineResult(linker, method + "keep-alive-interval") { call in
            V.duration(seconds: try socket(call).keepAliveIntervalSeconds())
        }
        try defineResult(linker, method + "set-keep-alive-interval") { call in
            try socket(call).setKeepAliveIntervalSeconds(try V.keepAliveSeconds(try call.u64(1)))
            return nil
        }
        try defineResult(linker, method + "keep-alive-count") { call in
            .u32(UInt32(max(0, try socket(call).keepAliveCount())))
        }
        try defineResult(linker, method + "set-keep-alive-count") { call in
            let n = try V.u32(call, 1)
            guard n > 0 else { throw SocketErrorCode.invalidArgument }
            try socket(call).setKeepAliveCount(Int32(min(n, 127)))
            return nil
        }
        try V.registerShared(linker, method, hopLimitName: "hop-limit", socket)
    }
}
