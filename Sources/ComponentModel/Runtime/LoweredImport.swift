import ComponentBinary
import WasmBinary
import WasmInterpreter

/// `canon lower` of one component function: the core host function a guest calls it through.
///
/// Everything a call needs is worked out once and kept here: the flattening plans, the core
/// result types, the fast form, the context kept between calls. The store's closure holds only
/// this object, so a call reads its parts through one reference: as captured values of the
/// closure, each was retained and released around every call that used it, and the per-call
/// value that lowered the result copied (and retained) the plans' arrays again. It is a host
/// function in slot form (`SlotHostFunctionBody`): the guest's core arguments are lifted from
/// the calling frame's slots and a flat result is lowered into them, without `[Value]` arrays.
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
    /// Bit i set when core parameter i is 64 bits wide (`FlatReader(slots:count:wide:)`).
    private let wideParameters: UInt64
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
        var wide: UInt64 = 0
        for (i, t) in coreType.parameters.enumerated() where i < 64 && (t == .i64 || t == .f64) { wide |= 1 << UInt64(i) }
        wideParameters = wide
        if case .host(_, let flat?) = function.kind, flat.coreType == coreType { fast = flat.body } else { fast = nil }
        link = function.runtime.link
        self.instance = instance
        memory = options.memory
        contexts = CanonContextKeeper(options: options, instance: instance)
    }

    /// One call from the guest: its core arguments in the frame's slots, where its core results
    /// go too (one slot each). True when the call waits (the results come with the resumption).
    func call(_ slots: UnsafeMutablePointer<UInt64>) throws(TrapCode) -> Bool {
        guard let runtime = link.runtime else { throw TrapCode.hostTrap("\(name): the component runtime is gone") }
        guard instance.mayLeave else { throw CanonTrap.cannotLeave }
        var early: ComponentHostReply?
        if let fast {
            let call = ComponentFlatCall(slots: UnsafePointer(slots), types: coreType.parameters, state: runtime.hostState,
                                         name: name, instance: instance, runtime: runtime, memory: memory)
            switch try ComponentFunction.runHost(name, { try fast(call) }) {
            case .core(let values):
                try runtime.store.writeHostResults(values, of: name, types: coreType.results, to: slots)
                return false
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
            let count = coreType.parameters.count
            outPointer = spilled && count > 0 ? UInt32(truncatingIfNeeded: slots[count - 1]) : nil
        } else {
            do throws(TrapCode) {
                var reader = FlatReader(slots: UnsafePointer(slots), count: coreType.parameters.count, wide: wideParameters)
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
            var flat = FlatWriter(types: coreType.results, slots: slots)
            try lower(v, cx: cx, outPointer: outPointer, into: &flat)
            try checkCount(min(flat.count, coreType.results.count))
            return false
        case .pending(let pending):
            runtime.suspend(SuspendedHostCall(pending: pending) { [self] (v: ComponentValue?) throws(TrapCode) -> [Value] in
                cx.releaseLends()
                defer { cx.endCall() }
                var flat = FlatWriter(types: coreType.results)
                try lower(v, cx: cx, outPointer: outPointer, into: &flat)
                return flat.values
            })
            return true
        }
    }

    /// Traps unless `count` results are what the core signature declares.
    private func checkCount(_ count: Int) throws(TrapCode) {
        guard count == coreType.results.count else {
            throw TrapCode.hostTrap("host function \(name) returned \(count) results, expected \(coreType.results.count)")
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
    /// function (flat, into `flat`), or nothing, with the result stored in the return area at
    /// `outPointer`.
    private func lower(_ result: ComponentValue?, cx: CanonContext, outPointer: UInt32?, into flat: inout FlatWriter) throws(TrapCode) {
        if let result {
            try cx.lowerValues(CollectionOfOne(result), plan.results, outPointer: outPointer, into: &flat)
        } else {
            try cx.lowerValues(EmptyCollection<ComponentValue>(), plan.results, outPointer: outPointer, into: &flat)
        }
    }
}
