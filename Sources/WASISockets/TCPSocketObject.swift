import ComponentModel
import WASIHost
import WASIIO

/// What a `tcp-socket` handle holds: the socket and where it is in the WASI state machine
/// (`unbound → bind-in-progress → bound → listen-in-progress → listening`, or
/// `unbound/bound → connect-in-progress → connected`, and `closed` after a failed connect).
final class TCPSocketObject {
    enum State: Equatable {
        case unbound, bindStarted, bound, listenStarted, listening, connecting, connected, closed
    }

    let socket: NetSocket
    var state: State
    /// The backlog `start-listen` uses (and `set-listen-backlog-size` changes).
    var backlog = 128
    /// A connect failure `connect` reported at once, kept for `finish-connect`.
    var connectError: NetworkError?
    /// When an unfinished connect times out (monotonic nanoseconds).
    var connectDeadline: UInt64 = UInt64.max
    /// The connected socket's output stream, while the guest holds it.
    weak var output: HostOutputStream?

    init(_ socket: NetSocket, state: State) {
        self.socket = socket
        self.state = state
    }

    /// Whether a start-/finish- operation is under way.
    var inProgress: Bool { state == .bindStarted || state == .listenStarted || state == .connecting }

    // MARK: bind

    func startBind(_ address: SocketAddress) throws {
        if inProgress { throw SocketErrorCode.concurrencyConflict }
        guard state == .unbound else { throw SocketErrorCode.invalidState }
        guard AddressRules.fits(address.address, socket.family), AddressRules.isUnicast(address.address) else {
            throw SocketErrorCode.invalidArgument
        }
        // Lets a server rebind a port whose old connections are in TIME_WAIT (as wasmtime).
        try? socket.setReuseAddress(true)
        do {
            try socket.bind(address)
        } catch .outOfMemory {
            throw SocketErrorCode(.addressInUse)
        } catch .notSupported {
            throw SocketErrorCode.invalidArgument
        }
        state = .bindStarted
    }

    func finishBind() throws {
        guard state == .bindStarted else { throw SocketErrorCode.notInProgress }
        state = .bound
    }

    // MARK: connect

    func startConnect(_ address: SocketAddress, timeout: UInt64) throws {
        if inProgress { throw SocketErrorCode.concurrencyConflict }
        guard state == .unbound || state == .bound else { throw SocketErrorCode.invalidState }
        guard AddressRules.fits(address.address, socket.family), AddressRules.isUnicast(address.address),
              AddressRules.isValidRemote(address) else {
            throw SocketErrorCode.invalidArgument
        }
        do {
            _ = try socket.startConnect(address)
        } catch .invalidArgument {
            throw SocketErrorCode.invalidArgument
        } catch .accessDenied {
            throw SocketErrorCode.accessDenied
        } catch {
            connectError = error
        }
        let (deadline, overflow) = Dispatcher.now().addingReportingOverflow(timeout)
        connectDeadline = overflow ? UInt64.max : deadline
        state = .connecting
    }

    /// Finishes a connect: true when connected, false while it is under way.
    func finishConnect() throws -> Bool {
        guard state == .connecting else { throw SocketErrorCode.notInProgress }
        do {
            if let e = connectError { throw e }
            if try socket.finishConnect() {
                state = .connected
                return true
            }
            if Dispatcher.now() >= connectDeadline { throw NetworkError.timeout }
            return false
        } catch {
            state = .closed
            throw error
        }
    }

    // MARK: listen

    func startListen() throws {
        if inProgress { throw SocketErrorCode.concurrencyConflict }
        guard state == .bound else { throw SocketErrorCode.invalidState }
        try socket.listen(backlog: backlog)
        state = .listenStarted
    }

    func finishListen() throws {
        guard state == .listenStarted else { throw SocketErrorCode.notInProgress }
        state = .listening
    }

    func setBacklog(_ value: UInt64) throws {
        guard value > 0 else { throw SocketErrorCode.invalidArgument }
        let n = Int(min(value, UInt64(Int32.max)))
        switch state {
        case .connecting, .connected, .closed: throw SocketErrorCode.invalidState
        case .listening, .listenStarted: try socket.listen(backlog: n)
        default: break
        }
        backlog = n
    }

    /// Shuts directions down. Bytes the output stream still holds go out first: the send side
    /// is shut down once they have (on `dispatcher`), so a guest that writes and shuts down at
    /// once loses nothing.
    func shutdown(_ direction: ShutdownDirection, on dispatcher: Dispatcher) throws(NetworkError) {
        guard direction != .receive, let output, !output.isFlushed else {
            try socket.shutdown(direction)
            return
        }
        if direction == .both { try socket.shutdown(.receive) }
        let socket = self.socket
        func shutdownWhenFlushed() {
            if output.isFlushed {
                try? socket.shutdown(.send)
                return
            }
            _ = output.readiness().whenReady(on: dispatcher) { shutdownWhenFlushed() }
        }
        shutdownWhenFlushed()
    }

    /// Ready when the operation under way can go on: a connect has finished, a connection
    /// waits to be accepted; at once in any other state.
    func readiness() -> HostPollable {
        TCPSocketPollable(self)
    }
}

/// The pollable of `tcp-socket.subscribe`: what it waits for depends on the socket's state
/// when the guest polls, not when it subscribed.
final class TCPSocketPollable: HostPollable {
    let owner: TCPSocketObject

    init(_ owner: TCPSocketObject) { self.owner = owner }

    private var source: HostPollable? {
        switch owner.state {
        case .connecting:
            guard owner.connectError == nil else { return nil }
            // Ready when the connect finishes or times out (finish-connect then says `timeout`).
            return EitherPollable(owner.socket.writable(), DeadlinePollable(deadline: owner.connectDeadline))
        case .listening: return owner.socket.readable()
        default: return nil
        }
    }

    func isReady() -> Bool { source?.isReady() ?? true }

    func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        guard let source else { return dispatcher.addTimer(deadline: 0, wake) }
        return source.whenReady(on: dispatcher, wake)
    }
}
