import ComponentModel

/// The `funcs` state of one guest instance, kept in its ``ComponentHostState``: the registry to
/// call into, how to get back onto the instance's thread, and the call chain of the call the
/// instance is serving now.
public final class FuncsSession {
    /// Where targets are found.
    public let targets: any FuncsTargets
    /// Runs work on the thread (dispatcher) the instance lives on; callable from any thread.
    public let deliver: @Sendable (@escaping @Sendable () -> Void) -> Void
    /// The entry IDs of the calls in progress on this instance's behalf, the instance's own last.
    public var chain: [String]
    /// The registry's record of the top-level call the instance is serving now (see
    /// ``FuncsCallChain``), passed along with each request.
    public var callChain: (any FuncsCallChain)?

    /// Creates a session.
    public init(targets: any FuncsTargets, chain: [String] = [], deliver: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void) {
        self.targets = targets
        self.chain = chain
        self.deliver = deliver
    }
}
