import ComponentModel

/// One instance of a component exporting `wasi:http/incoming-handler`, with the runtime (and
/// so the host state: WASI session, resource table) it lives in.
public final class HandlerInstance {
    /// The runtime holding the instance's host state.
    public let runtime: ComponentRuntime
    /// The instance.
    public let instance: InstantiatedComponent
    /// The export to call: `wasi:http/incoming-handler@0.2.x#handle`.
    public let handleExport: String

    /// Wraps an instance; fails when it exports no `incoming-handler`.
    public init(runtime: ComponentRuntime, instance: InstantiatedComponent) throws(ComponentError) {
        guard let name = instance.functionNames.first(where: { $0.hasPrefix("wasi:http/incoming-handler@0.2") && $0.hasSuffix("#handle") }) else {
            throw ComponentError(.link, "the component exports no `wasi:http/incoming-handler` interface (not an HTTP handler)")
        }
        self.runtime = runtime
        self.instance = instance
        handleExport = name
    }
}

/// Warm handler instances: a request takes an idle one (or a new one while fewer than
/// `maxLive` exist; else it waits for ``signal``), gives it back after a clean call; an
/// instance whose call trapped or timed out is dropped, never reused.
final class HandlerPool {
    private let make: () throws -> HandlerInstance
    private var idle: [HandlerInstance] = []
    /// The most idle instances kept.
    let maxIdle: Int
    /// The most instances at once (idle and busy).
    let maxLive: Int
    private(set) var live = 0
    /// Notified when an instance becomes available.
    let signal = HostSignal()

    init(maxIdle: Int, maxLive: Int, make: @escaping () throws -> HandlerInstance) {
        self.maxIdle = maxIdle
        self.maxLive = max(1, maxLive)
        self.make = make
    }

    /// Whether ``acquire()`` would answer an instance now.
    var hasCapacity: Bool { !idle.isEmpty || live < maxLive }

    /// An idle instance, a new one, or nil when `maxLive` are busy.
    func acquire() throws -> HandlerInstance? {
        if let warm = idle.popLast() { return warm }
        guard live < maxLive else { return nil }
        let instance = try make()
        live += 1
        return instance
    }

    /// Gives an instance back: kept when `reusable` (and there is room), dropped otherwise.
    func release(_ instance: HandlerInstance, reusable: Bool) {
        if reusable && idle.count < maxIdle {
            idle.append(instance)
        } else {
            live -= 1
        }
        signal.notify()
    }
}

/// One request's use of a pooled instance: given back exactly once, however the call ends
/// (a clean return, a trap, a timeout, or the connection gone first).
final class InstanceLease {
    let instance: HandlerInstance
    private let pool: HandlerPool
    private var returned = false

    init(_ instance: HandlerInstance, from pool: HandlerPool) {
        self.instance = instance
        self.pool = pool
    }

    func giveBack(reusable: Bool) {
        guard !returned else { return }
        returned = true
        pool.release(instance, reusable: reusable)
    }
}
