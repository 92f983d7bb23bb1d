import WasmInterpreter

/// A core function lifted by `canon lift`, with its options and the component instance it
/// runs in: what every call of the lifted function reads, behind one reference.
///
/// It also keeps the canonical ABI context of the last call for the next one, so a call does
/// not allocate and free one. The instance admits one call at a time (`mayEnter`), so a second
/// call never finds the context taken; if one ever did (a call started and never finished,
/// whose instance stays closed anyway), it gets a fresh context.
final class LiftedCore {
    let core: FunctionAddress
    let options: RuntimeCanonOptions
    let instance: ComponentInstanceState
    /// The context kept between calls (it holds the runtime unowned: no cycle through it).
    private var spare: CanonContext?

    init(core: FunctionAddress, options: RuntimeCanonOptions, instance: ComponentInstanceState) {
        self.core = core
        self.options = options
        self.instance = instance
    }

    /// A context for a call into the function: the kept one when it is free, reset to a new
    /// call's state, else a new one (kept for later calls). Give it back with
    /// ``CanonContext/endCall()``.
    func takeContext(runtime: ComponentRuntime) -> CanonContext {
        if let cx = spare, !cx.inCall {
            cx.inCall = true
            return cx
        }
        let cx = CanonContext(runtime: runtime, options: options, instance: instance)
        cx.inCall = true
        if spare == nil { spare = cx }
        return cx
    }
}
