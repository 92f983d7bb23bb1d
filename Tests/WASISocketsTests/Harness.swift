@testable import ComponentModel
import Testing
import WASIClocks
import WASIHost
import WASIIO
import WASISockets

/// Calls the `wasi:sockets` (and `wasi:io`) host functions directly, as a guest would, with
/// one instance's host state and a dispatcher; waits (pending replies) are driven on it.
final class SocketGuest {
    static let version = "0.2.12"
    let linker = ComponentLinker()
    let state = ComponentHostState()
    let dispatcher: Dispatcher
    let session: WASISession

    init(network: NetworkPermissions = .granted) throws {
        for g in [wasiIOGroup, wasiClocksGroup, wasiSocketsGroup] { try g.register(into: linker) }
        dispatcher = try Dispatcher()
        session = WASISession(context: WASIContext(), dispatcher: dispatcher)
        session.network = network
        state[WASISession.self] = session
    }

    /// Calls `interface#item` (e.g. `tcp`, `[method]tcp-socket.start-bind`) and waits for its
    /// answer on the dispatcher.
    @discardableResult
    func call(_ package: String, _ interface: String, _ item: String, _ arguments: [ComponentValue] = []) throws -> ComponentValue? {
        let name = "wasi:\(package)/\(interface)@\(Self.version)"
        guard let function = linker.lookup(name)?.functions[item]?.hostFunction else {
            throw HostArgumentError("no host function \(name)#\(item)")
        }
        switch try function(ComponentHostCall(arguments: arguments, state: state, name: "\(name)#\(item)")) {
        case .value(let v): return v
        case .pending(let p):
            dispatcher.run { p.isResolved }
            guard case .value(let v) = p.state else { throw HostArgumentError("\(item) failed: \(p.state)") }
            return v
        }
    }

    func sockets(_ interface: String, _ item: String, _ arguments: [ComponentValue] = []) throws -> ComponentValue? {
        try call("sockets", interface, item, arguments)
    }

    /// The network handle.
    func network() throws -> ComponentValue {
        try #require(try sockets("instance-network", "instance-network"))
    }

    /// Blocks on a pollable handle (on the dispatcher) and drops it.
    func block(_ pollable: ComponentValue) throws {
        guard case .own(let h) = pollable else { throw HostArgumentError("not a pollable") }
        try call("io", "poll", "[method]pollable.block", [.borrow(h)])
        try state.resources.delete(h.rep)
    }

    /// Waits until `resource`'s subscribe pollable is ready.
    func wait(_ interface: String, _ resource: String, _ handle: ComponentValue) throws {
        try block(try #require(try sockets(interface, "[method]\(resource).subscribe", [borrow(handle)])))
    }

    /// Drops a handle the guest owns.
    func drop(_ handle: ComponentValue) throws {
        guard case .own(let h) = handle else { return }
        try state.resources.delete(h.rep)
    }
}

/// The borrowed form of an owned handle.
func borrow(_ value: ComponentValue) -> ComponentValue {
    if case .own(let h) = value { return .borrow(h) }
    return value
}

/// `ok(payload)` → payload; throws the error code of an `err`.
func ok(_ value: ComponentValue?) throws -> ComponentValue? {
    guard case .result(let isOK, let payload)? = value else { throw HostArgumentError("not a result: \(String(describing: value))") }
    guard isOK else { throw GuestError(code: errorCode(value) ?? "?") }
    return payload
}

/// The error-code case of an `err(code)`, or nil for `ok`.
func errorCode(_ value: ComponentValue?) -> String? {
    if case .result(false, .enum(let code)?)? = value { return code }
    return nil
}

struct GuestError: Error, Equatable { let code: String }

/// The WIT `ip-socket-address` for a network-layer address.
func wit(_ address: SocketAddress) -> ComponentValue {
    switch address.address {
    case .v4(let a, let b, let c, let d):
        return .variant(case: "ipv4", payload: .record([("port", .u16(address.port)), ("address", .tuple([.u8(a), .u8(b), .u8(c), .u8(d)]))]))
    case .v6(let a, let b, let c, let d, let e, let f, let g, let h):
        return .variant(case: "ipv6", payload: .record([
            ("port", .u16(address.port)), ("flow-info", .u32(0)),
            ("address", .tuple([a, b, c, d, e, f, g, h].map { .u16($0) })), ("scope-id", .u32(0)),
        ]))
    }
}

/// The port of a WIT `ip-socket-address`.
func port(_ value: ComponentValue?) -> UInt16? {
    guard case .variant(_, .record(let fields)?)? = value,
          case .u16(let p)? = fields.first(where: { $0.label == "port" })?.value else { return nil }
    return p
}

/// A loopback TCP listener of the test's own (the peer), on port 0.
func loopbackListener(_ family: AddressFamily = .ipv4) throws -> (NetSocket, SocketAddress) {
    let listener = try NetSocket.make(family, .tcp)
    try listener.bind(SocketAddress(.loopback(family), port: 0))
    try listener.listen(backlog: 64)  // room for every guest of a test connecting at once (no SYN retries)
    return (listener, try listener.localAddress())
}

/// Waits on `dispatcher` until `pollable` is ready.
func wait(_ pollable: HostPollable, on dispatcher: Dispatcher) {
    var done = false
    _ = pollable.whenReady(on: dispatcher) { done = true }
    dispatcher.run { done }
}
