/// A reference to a ``ComponentRuntime`` that does not keep it alive, for the host closures its
/// own store holds (a strong reference there would be a cycle).
///
/// A `weak` reference would do, but it gives the runtime a side table, and every retain and
/// release of an object with a side table takes the runtime library's slow path — on every
/// component call. The runtime attaches itself when made and detaches in `deinit`; a runtime is
/// used from one thread at a time, so no call can run while it is being freed.
final class RuntimeLink {
    private var target: Unmanaged<ComponentRuntime>?

    /// The runtime, while it exists.
    var runtime: ComponentRuntime? { target?.takeUnretainedValue() }

    func attach(_ runtime: ComponentRuntime) { target = Unmanaged.passUnretained(runtime) }

    func detach() { target = nil }
}
