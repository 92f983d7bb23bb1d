/// One guest's WASI state for the 0.2 groups: its context (arguments, environment, mounts,
/// standard streams) and the dispatcher its waits park on. Host groups keep it in the
/// instance's host state; it holds no engine types.
public final class WASISession {
    /// What the guest sees of its host.
    public var context: WASIContext
    /// The event loop the guest's waits park on.
    public let dispatcher: Dispatcher
    /// Looks an environment variable up at the moment the guest asks (entries whose values
    /// come from the process environment per call); nil uses `context.environment` as is.
    /// Throws to fail the guest's call (a missing required variable).
    public var environmentProvider: (() throws -> [(name: String, value: String)])?
    /// What the guest may do on the network; denied unless the embedder grants it (the
    /// CLI's `--allow-network`, an entry importing `wasi:sockets`).
    public var network: NetworkPermissions = .denied
    /// Counts the guest's open sockets against `network.maxOpenSockets`.
    let socketLedger = SocketLedger()
    /// Per-session data of other groups by type (preopened descriptors, sockets, …).
    private var values: [ObjectIdentifier: AnyObject] = [:]
    /// The standard streams, made once so that every `get-stdout` shares one buffer.
    public private(set) lazy var standardInput: HostInputStream = context.standardInput.makeInputStream()
    /// Standard output.
    public private(set) lazy var standardOutput: HostOutputStream = context.standardOutput.makeOutputStream()
    /// Standard error.
    public private(set) lazy var standardError: HostOutputStream = context.standardError.makeOutputStream()

    /// Creates a session.
    public init(context: WASIContext, dispatcher: Dispatcher) {
        self.context = context
        self.dispatcher = dispatcher
    }

    /// Writes out what the guest's standard output and error still hold (at the end of a call,
    /// before the host prints anything of its own).
    public func flushStandardStreams() {
        try? standardOutput.flush()
        try? standardError.flush()
    }

    /// Per-session data of type `T`, made by `make` on first use.
    public func data<T: AnyObject>(_ type: T.Type, _ make: () throws -> T) rethrows -> T {
        if let v = values[ObjectIdentifier(type)] as? T { return v }
        let v = try make()
        values[ObjectIdentifier(type)] = v
        return v
    }
}
