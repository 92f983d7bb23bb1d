import ComponentBinary
import WasmBinary
import WasmInterpreter

/// `canon lower` of one component function: the core host function a guest calls it through.
///
/// Everything a call needs is worked out once and kept here: the flattening plans, the core
/// result types, the fast form, the context kept between calls. The store's closure holds only
/// this object, so a call reads its parts through one reference: as captured values of the
/// closure, each was retained and released around every call that used it, and the per-call
/// value that lowered the result copied (and retained) the plans' arrays again.
final class LoweredImport {
    let function: ComponentFunction
    /// The function's name as the guest imported it (for messages and host calls).
    private let name: String
    /// The function's body when the host provides it.
    private let hostBody: ComponentHostFunction?
    /// Whether values lifted for this call go to the host (not to another component).
    private let liftsToHost: Bool
    /// The core signature the guest imports.
    let coreType: FunctionType
    private let plan: ComponentFunction.CallPlan
    /// The result goes through a return area whose pointer is the last core argument.
    private let spilled: Bool
    /// The fast form, when the import has exactly the signature it was written for.
    private let fast: ComponentFlatHostFunction?
    private let link: RuntimeLink
    private let instance: ComponentInstanceState
    private let memory: MemoryAddress?
    /// The context of the last call, kept for the next (one made and freed per call otherwise).
    private let contexts: CanonContextKeeper

    init(_ function: ComponentFunction, options: RuntimeCanonOptions, instance: ComponentInstanceState) {
        self.function = function
        name = function.name
        hostBody = function.kind.hostFunction
        if case .lifted = function.kind { liftsToHost = false } else { liftsToHost = true }
        coreType = CanonicalFlattening.coreType(of: function.type, context: .lower)
        plan = ComponentFunction.CallPlan(
            parameters: FlatPlan(function.parameterTypes, maxFlat: CanonicalFlattening.maxFlatParameters),
            results: FlatPlan(function.resultTypes, maxFlat: CanonicalFlattening.maxFlatResults),
            coreParameters: coreType.parameters)
        spilled = coreType.results.isEmpty && !function.resultTypes.isEmpty
        if case .host(_, let flat?) = function.kind, flat.coreType == coreType { fast = flat.body } else { fast = nil }
        link = function.runtime.link
        self.instance = instance
        memory = options.memory
        contexts = CanonContextKeeper(options: options, instance: instance)
    }

    /// One call from the guest with its core arguments.
    func call(_ args: [Value]) throws(TrapCode) -> HostOutcome {
        guard let runtime = link.runtime else { throw TrapCode.hostTrap("\(name): the component runtime is gone") }
        guard instance.mayLeave else { throw CanonTrap.cannotLeave }
        var early: ComponentHostReply?
        if let fast {
            let call = ComponentFlatCall(arguments: args, state: runtime.hostState, name: name, instance: instance,
                                         runtime: runtime, memory: memory)
            switch try ComponentFunction.runHost(name, { try fast(call) }) {
            case .core(let values): return .values(values)
            case .general(let reply): early = reply
            case .notHandled: break
            }
        }
        let cx = contexts.takeContext(runtime: runtime)
        if liftsToHost { cx.liftsToHost = true }
        let values: [ComponentValue]
        let outPointer: UInt32?
        if early != nil {
            // Answered by the fast form: nothing to lift; the return area is the last argument.
            values = []
            if spilled, case .i32(let p)? = args.last { outPointer = p } else { outPointer = nil }
        } else {
            do throws(TrapCode) {
                var reader = FlatReader(args)
                values = try cx.liftValues(plan.parameters, from: &reader)
                outPointer = spilled ? try reader.nextI32() : nil
            } catch {
                cx.releaseLends()
                cx.endCall()
                throw error
            }
        }
        // The callee's answer: now, or pending (a host function that waits, or a call into
        // another component that waits below). A pending one suspends this call too.
        let reply: ComponentHostReply
        do throws(TrapCode) {
            if let early {
                reply = early
            } else {
                reply = try answer(values, runtime: runtime)
            }
        } catch {
            cx.releaseLends()
            cx.endCall()
            throw error
        }
        switch reply {
        case .value(let v):
            cx.releaseLends()
            defer { cx.endCall() }
            return .values(try lower(v, cx: cx, outPointer: outPointer))
        case .pending(let pending):
            runtime.suspend(SuspendedHostCall(pending: pending) { [self] (v: ComponentValue?) throws(TrapCode) -> [Value] in
                cx.releaseLends()
                defer { cx.endCall() }
                return try lower(v, cx: cx, outPointer: outPointer)
            })
            return .suspend
        }
    }

    /// Calls the function itself with the lifted arguments: the host's body, the lifted
    /// function of another component, or a stub that traps.
    private func answer(_ values: [ComponentValue], runtime: ComponentRuntime) throws(TrapCode) -> ComponentHostReply {
        if let hostBody {
            return try ComponentFunction.runHost(name) { try hostBody(ComponentHostCall(arguments: values, state: runtime.hostState, name: name)) }
        }
        guard case .lifted = function.kind else { throw function.unavailable }
        switch try function.start(values, fromHost: false) {
        case .finished(let v): return .value(v)
        case .suspended(let inner):
            let outer = ComponentPendingResult()
            ComponentFunction.chain(inner, to: outer)
            return .pending(outer)
        }
    }

    /// Lowers the callee's result into the calling guest: the core results of this host
    /// function (flat), or nothing, with the result stored in the return area at `outPointer`.
    private func lower(_ result: ComponentValue?, cx: CanonContext, outPointer: UInt32?) throws(TrapCode) -> [Value] {
        var flat = FlatWriter(types: coreType.results)
        if let result {
            try cx.lowerValues(CollectionOfOne(result), plan.results, outPointer: outPointer, into: &flat)
        } else {
            try cx.lowerValues(EmptyCollection<ComponentValue>(), plan.results, outPointer: outPointer, into: &flat)
        }
        return flat.values
    }
}
