import ComponentModel
import WASIHost
import WASIIO

/// The option rules TCP and UDP share: zero is `invalid-argument`, sizes are clamped to what
/// the system takes, and Linux's doubled buffer sizes are halved on the way back (as wasmtime).
enum SocketOptionValues {
    static func hopLimit(_ socket: NetSocket) throws -> ComponentValue {
        .u8(UInt8(clamping: try socket.hopLimit()))
    }

    static func setHopLimit(_ socket: NetSocket, _ value: UInt8) throws {
        guard value > 0 else { throw SocketErrorCode.invalidArgument }
        try socket.setHopLimit(Int32(value))
    }

    static func bufferSize(_ size: Int32) -> ComponentValue {
        .u64(UInt64(max(0, size / 2)))
    }

    static func clampedBufferSize(_ value: UInt64) throws -> Int32 {
        guard value > 0 else { throw SocketErrorCode.invalidArgument }
        return Int32(clamping: min(value, UInt64(Int32.max)))
    }

    static func setReceiveBufferSize(_ socket: NetSocket, _ value: UInt64) throws {
        let n = try clampedBufferSize(value)
        do { try socket.setReceiveBufferSize(n) } catch .outOfMemory {}
    }

    static func setSendBufferSize(_ socket: NetSocket, _ value: UInt64) throws {
        let n = try clampedBufferSize(value)
        do { try socket.setSendBufferSize(n) } catch .outOfMemory {}
    }

    /// A `duration` (nanoseconds) as the whole seconds Linux takes for keep-alive times,
    /// rounded up and clamped to 1…32767.
    static func keepAliveSeconds(_ nanoseconds: UInt64) throws -> Int32 {
        guard nanoseconds > 0 else { throw SocketErrorCode.invalidArgument }
        let seconds = nanoseconds / 1_000_000_000 + (nanoseconds % 1_000_000_000 == 0 ? 0 : 1)
        return Int32(min(max(seconds, 1), 32767))
    }

    static func duration(seconds: Int32) -> ComponentValue {
        .u64(UInt64(max(0, seconds)) * 1_000_000_000)
    }

    /// Registers the options TCP and UDP share under `method` (`…#[method]tcp-socket.`): the
    /// hop limit (named `hopLimitName`: `hop-limit` or `unicast-hop-limit`) and both buffer sizes.
    static func registerShared(_ linker: ComponentLinker, _ method: String, hopLimitName: String,
                               _ socket: @escaping (ComponentHostCall) throws -> NetSocket) throws(ComponentError) {
        try defineResult(linker, method + hopLimitName) { call in try hopLimit(try socket(call)) }
        try defineResult(linker, method + "set-" + hopLimitName) { call in
            try setHopLimit(try socket(call), try u8(call, 1))
            return nil
        }
        try defineResult(linker, method + "receive-buffer-size") { call in bufferSize(try socket(call).receiveBufferSize()) }
        try defineResult(linker, method + "set-receive-buffer-size") { call in
            try setReceiveBufferSize(try socket(call), try call.u64(1))
            return nil
        }
        try defineResult(linker, method + "send-buffer-size") { call in bufferSize(try socket(call).sendBufferSize()) }
        try defineResult(linker, method + "set-send-buffer-size") { call in
            try setSendBufferSize(try socket(call), try call.u64(1))
            return nil
        }
    }

    /// Argument `i` as a `u8`, `u32` or `bool`.
    static func u8(_ call: ComponentHostCall, _ i: Int) throws -> UInt8 {
        if case .u8(let v) = try call.argument(i) { return v }
        throw HostArgumentError("\(call.name): argument \(i) is not a u8")
    }

    static func u32(_ call: ComponentHostCall, _ i: Int) throws -> UInt32 {
        if case .u32(let v) = try call.argument(i) { return v }
        throw HostArgumentError("\(call.name): argument \(i) is not a u32")
    }

    static func bool(_ call: ComponentHostCall, _ i: Int) throws -> Bool {
        if case .bool(let v) = try call.argument(i) { return v }
        throw HostArgumentError("\(call.name): argument \(i) is not a bool")
    }
}
