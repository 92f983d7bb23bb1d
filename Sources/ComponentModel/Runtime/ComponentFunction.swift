import ComponentBinary
import WasmBinary
import WasmInterpreter

/// A component-level function at run time.
final class ComponentFunction {
    enum Kind {
        /// A core function lifted by `canon lift` (one reference, so a call neither copies the
        /// options nor retains each part).
        case lifted(LiftedCore)
        /// A host function (it may answer later: the guest's call suspends meanwhile), with its
        /// fast form when it has one.
        case host(ComponentHostFunction, flat: FlatHostDefinition?)
        /// An import nobody provides: traps with the name when called.
        case stub

        /// The general form of a host function (for tests calling it directly), or nil.
        var hostFunction: ComponentHostFunction? {
            if case .host(let body, _) = self { return body }
            return nil
        }
    }

    let name: String
    let type: ResolvedFunctionType
    let kind: Kind
    unowned let runtime: ComponentRuntime
    /// The parameters' types and the result's (none or one), made once rather than per call.
    let parameterTypes: [ResolvedValueType]
    let resultTypes: [ResolvedValueType]
    /// How a lifted call passes them (flat or through memory, with the memory layout), worked
    /// out once rather than per call.
    let liftedPlan: CallPlan

    init(name: String, type: ResolvedFunctionType, kind: Kind, runtime: ComponentRuntime) {
        self.name = name
        self.type = type
        self.kind = kind
        self.runtime = runtime
        parameterTypes = type.parameters.map(\.type)
        resultTypes = type.result.map { [$0] } ?? []
        let core: [ValueType]
        if case .lifted(let lifted) = kind { core = runtime.store.functionType(lifted.core).parameters } else { core = [] }
        liftedPlan = CallPlan(parameters: FlatPlan(parameterTypes, maxFlat: CanonicalFlattening.maxFlatParameters),
                              results: FlatPlan(resultTypes, maxFlat: CanonicalFlattening.maxFlatResults),
                              coreParameters: core)
    }

    /// A call's plan: how the parameters and the result pass, and the core function's
    /// parameter types (a lifted function's core function, or a lowered import's own).
    struct CallPlan {
        let parameters: FlatPlan
        let results: FlatPlan
        let coreParameters: [ValueType]
    }

    /// The trap of an import nobody provides, naming it.
    var unavailable: TrapCode { .hostTrap("host function not available: \(name)") }

    /// Calls the function with component values to completion (`canon_lift` for a lifted
    /// function). A suspending host function that answers `pending` traps here: only calls
    /// started with ``start(_:)`` from the embedder can wait.
    func call(_ arguments: [ComponentValue], fromHost: Bool = false) throws(TrapCode) -> ComponentValue? {
        switch kind {
        case .stub:
            throw unavailable
        case .host(let body, _):
            let reply = try Self.runHost(name) { try body(ComponentHostCall(arguments: arguments, state: runtime.hostState, name: name)) }
            switch reply {
            case .value(let v): return v
            case .pending(let p):
                switch p.state {
                case .value(let v): return v
                case .failed(let message): throw TrapCode.hostTrap(message)
                case .trapped(let trap): throw trap
                case .waiting:
                    throw TrapCode.hostTrap("cannot suspend here: host function \(name) is waiting, but its caller cannot suspend (the call was not started with `start`)")
                }
            }
        case .lifted(let lifted):
            let call = try beginLifted(lifted, arguments, fromHost: fromHost)
            let results: [Value]
            do {
                results = try call.cx.store.invoke(lifted.core, call.arguments)
            } catch {
                call.abandon()
                throw error
            }
            return try call.complete(results)
        }
    }

    /// Starts a call that may suspend at a suspending host function (lifted functions only;
    /// host functions are called directly).
    func start(_ arguments: [ComponentValue], fromHost: Bool = true) throws(TrapCode) -> ComponentCallResult {
        guard case .lifted(let lifted) = kind else {
            return .finished(try call(arguments))
        }
        let call = try beginLifted(lifted, arguments, fromHost: fromHost)
        let outcome: ExecutionResult
        do {
            outcome = try runtime.store.start(lifted.core, call.arguments)
        } catch {
            call.abandon()
            throw error
        }
        switch outcome {
        case .finished(let results):
            return .finished(try call.complete(results))
        case .suspended(let execution):
            guard let host = runtime.takeSuspension() else {
                call.abandon()
                throw TrapCode.hostTrap("a host function suspended outside the component call")
            }
            return .suspended(ComponentCall(
                runtime: runtime, execution: execution, host: host,
                completion: { (r: [Value]) throws(TrapCode) -> ComponentValue? in try call.complete(r) },
                abandon: { call.abandon() }))
        }
    }

    /// A lifted call between lowering its arguments and lifting its result. A value, not
    /// closures: a call that finishes at once allocates nothing for it.
    struct LiftedCall {
        let arguments: [Value]
        let cx: CanonContext
        let results: FlatPlan

        /// Lifts the core results, runs post-return, and checks that no borrow is left.
        func complete(_ results: [Value]) throws(TrapCode) -> ComponentValue? {
            let instance = cx.instance
            defer {
                cx.keepArguments(arguments)
                cx.endCall()
                instance.mayEnter = true
            }
            var reader = FlatReader(results)
            let lifted = try cx.liftResult(self.results, from: &reader)
            if let post = cx.options.postReturn {
                instance.mayLeave = false
                defer { instance.mayLeave = true }
                _ = try cx.store.invoke(post, results)
            }
            if let scope = cx.borrowScope, scope.outstanding != 0 {
                throw CanonTrap.trap("borrow handles still remain at the end of the call")
            }
            return lifted
        }

        /// Ends a call whose core function trapped: the instance may be entered again.
        func abandon() {
            cx.endCall()
            cx.instance.mayEnter = true
        }
    }

    /// `canon_lift` up to the core call: checks entry, lowers the arguments.
    private func beginLifted(_ lifted: LiftedCore, _ arguments: [ComponentValue], fromHost: Bool) throws(TrapCode) -> LiftedCall {
        let instance = lifted.instance
        guard instance.mayEnter else { throw CanonTrap.cannotEnter }
        instance.mayEnter = false
        let cx = lifted.takeContext(runtime: runtime)
        cx.liftsToHost = fromHost
        cx.scopesBorrows = true
        let plan = liftedPlan
        var flat = FlatWriter(types: plan.coreParameters, storage: cx.takeArguments())
        do throws(TrapCode) {
            try cx.lowerValues(arguments, plan.parameters, outPointer: nil, into: &flat)
            guard flat.count == plan.coreParameters.count else {
                throw CanonTrap.trap("canon lift: \(flat.count) flat arguments for a core function of \(plan.coreParameters.count) parameters")
            }
        } catch {
            cx.endCall()
            instance.mayEnter = true
            throw error
        }
        return LiftedCall(arguments: flat.values, cx: cx, results: plan.results)
    }

    /// Resolves `outer` with the result of the suspended call `inner` once it finishes,
    /// resuming `inner` each time what it waits for is resolved (a call between components
    /// whose callee waits: the caller's pending result stands for the callee's whole call).
    static func chain(_ inner: ComponentCall, to outer: ComponentPendingResult) {
        inner.pending.whenResolved {
            do throws(ComponentError) {
                switch try inner.resume() {
                case .finished(let v): outer.resolve(v)
                case .suspended(let next): chain(next, to: outer)
                }
            } catch {
                outer.fail(trap: error.trap ?? .hostTrap(error.message))
            }
        }
    }

    /// Runs a host closure, turning a thrown error into a trap naming the function.
    static func runHost<R>(_ name: String, _ body: () throws -> R) throws(TrapCode) -> R {
        do {
            return try body()
        } catch let t as TrapCode {
            throw t
        } catch {
            throw TrapCode.hostTrap("host function \(name) failed: \(error)")
        }
    }

    /// `canon lower`: a core host function that calls this function from a guest.
    func lowered(options: RuntimeCanonOptions, instance: ComponentInstanceState) -> FunctionAddress {
        let lowering = LoweredImport(self, options: options, instance: instance)
        // The store holds this closure and the runtime holds the store: the import reaches the
        // runtime through its link, or no runtime with a lowered import would ever be freed (nor
        // its memories' reserved address space).
        return runtime.store.addHostFunction(type: lowering.coreType, name: name) { _, slots throws(TrapCode) -> Bool in
            try lowering.call(slots)
        }
    }
}
