import ComponentModel
import WASIHost
import WASIIO

/// A `wasi:sockets/network.error-code`: what a failed socket call returns (as `err(code)`).
/// Host functions throw it; ``defineResult(_:_:_:)`` turns it into the result.
struct SocketErrorCode: Error, Hashable {
    /// The WIT case name, e.g. `would-block`.
    let name: String

    static let unknown = SocketErrorCode(name: "unknown")
    static let accessDenied = SocketErrorCode(name: "access-denied")
    static let invalidArgument = SocketErrorCode(name: "invalid-argument")
    static let concurrencyConflict = SocketErrorCode(name: "concurrency-conflict")
    static let notInProgress = SocketErrorCode(name: "not-in-progress")
    static let wouldBlock = SocketErrorCode(name: "would-block")
    static let invalidState = SocketErrorCode(name: "invalid-state")
    static let datagramTooLarge = SocketErrorCode(name: "datagram-too-large")
    static let timeout = SocketErrorCode(name: "timeout")

    private init(name: String) { self.name = name }

    /// The code for a network-layer failure.
    init(_ error: NetworkError) {
        switch error {
        case .accessDenied: name = "access-denied"
        case .notSupported: name = "not-supported"
        case .invalidArgument: name = "invalid-argument"
        case .outOfMemory: name = "out-of-memory"
        case .timeout: name = "timeout"
        case .wouldBlock: name = "would-block"
        case .alreadyInProgress: name = "concurrency-conflict"
        case .newSocketLimit: name = "new-socket-limit"
        case .addressInUse: name = "address-in-use"
        case .addressNotBindable: name = "address-not-bindable"
        case .remoteUnreachable: name = "remote-unreachable"
        case .connectionRefused: name = "connection-refused"
        case .connectionReset: name = "connection-reset"
        case .connectionAborted: name = "connection-aborted"
        case .datagramTooLarge: name = "datagram-too-large"
        case .nameUnresolvable: name = "name-unresolvable"
        case .temporaryResolverFailure: name = "temporary-resolver-failure"
        case .permanentResolverFailure: name = "permanent-resolver-failure"
        case .other: name = "unknown"
        }
    }

    /// The guest's value.
    var value: ComponentValue { .enum(name) }
}

/// Registers `iface#item`, a function returning `result<T, error-code>`: `body` answers the
/// `ok` payload (nil for `result<_, error-code>`); a thrown ``SocketErrorCode`` or
/// `NetworkError` becomes `err(code)`; any other error (an unknown handle) traps the guest.
func defineResult(_ linker: ComponentLinker, _ name: String, _ body: @escaping (ComponentHostCall) throws -> ComponentValue?) throws(ComponentError) {
    try linker.defineFunction(name) { call in
        .value(try socketResult { try body(call) })
    }
}

/// `ok(body())`, or `err(code)` when it throws a socket error.
func socketResult(_ body: () throws -> ComponentValue?) throws -> ComponentValue {
    do {
        return .ok(try body())
    } catch let error as SocketErrorCode {
        return .err(error.value)
    } catch let error as NetworkError {
        return .err(SocketErrorCode(error).value)
    }
}

/// Registers `iface#item`, a function whose result is not a `result`.
func definePlain(_ linker: ComponentLinker, _ name: String, _ body: @escaping (ComponentHostCall) throws -> ComponentValue?) throws(ComponentError) {
    try linker.defineFunction(name) { call in .value(try body(call)) }
}
