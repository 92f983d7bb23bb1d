import ComponentModel

/// The `funcs` state of one guest instance, kept in its ``ComponentHostState``: the registry to
/// call into, how to get back onto the instance's thread, and the call chain of the call the
/// instance is serving now.
public final class FuncsSession {
    /// Where targets are found.
    public let targets: any FuncsTargets
    /// Runs work on the thread (dispatcher) the instance lives on; callable from any thread.
    public let deliver: @Sendable (@escaping @Sendable () -> Void) -> Void
    /// How many calls are in progress on behalf of the call this instance serves now, its own
    /// included (1 for a top-level call).
    public var depth: Int
    /// The registry's record of the top-level call the instance is serving now (see
    /// ``FuncsCallChain``), passed along with each request.
    public var callChain: (any FuncsCallChain)?

    /// Creates a session.
    public init(targets: any FuncsTargets, depth: Int = 0, deliver: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void) {
        self.targets = targets
        self.depth = depth
        self.deliver = deliver
    }
}
