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

/// Warm handler instances: a request takes an idle one (or a new one), gives it back after a
/// clean call; an instance whose call trapped or timed out is dropped, never reused.
final class HandlerPool {
    private let make: () throws -> HandlerInstance
    private var idle: [HandlerInstance] = []
    /// The most idle instances kept.
    let maxIdle: Int

    init(maxIdle: Int, make: @escaping () throws -> HandlerInstance) {
        self.maxIdle = maxIdle
        self.make = make
    }

    func acquire() throws -> HandlerInstance {
        if let warm = idle.popLast() { return warm }
        return try make()
    }

    func release(_ instance: HandlerInstance) {
        if idle.count < maxIdle { idle.append(instance) }
    }
}
