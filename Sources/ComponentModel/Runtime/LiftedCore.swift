import WasmInterpreter

/// A core function lifted by `canon lift`, with its options and the component instance it
/// runs in: what every call of the lifted function reads, behind one reference.
///
/// The instance admits one call at a time (`mayEnter`), so a call never finds the kept
/// context taken (see `CanonContextKeeper`).
final class LiftedCore: CanonContextKeeper {
    let core: FunctionAddress

    init(core: FunctionAddress, options: RuntimeCanonOptions, instance: ComponentInstanceState) {
        self.core = core
        super.init(options: options, instance: instance)
    }
}

/// The canonical ABI options of a lifted function or a lowered import, and the component
/// instance it runs in, with the context of the last call kept for the next one, so a call does
/// not allocate and free one. A call that finds the kept context taken (a call of the same
/// function still running below it, or one that never finished) gets a fresh one.
class CanonContextKeeper {
    let options: RuntimeCanonOptions
    let instance: ComponentInstanceState
    /// The context kept between calls (it holds the runtime unowned: no cycle through it).
    private var spare: CanonContext?

    init(options: RuntimeCanonOptions, instance: ComponentInstanceState) {
        self.options = options
        self.instance = instance
    }

    /// A context for a call: the kept one when it is free, reset to a new call's state, else a
    /// new one (kept for later calls). Give it back with ``CanonContext/endCall()``.
    final func takeContext(runtime: ComponentRuntime) -> CanonContext {
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
