import ComponentBinary
import WasmBinary
import WasmInterpreter

/// A host function over component values: receives the arguments, returns the result (nil for
/// a function without one). A thrown error traps the calling guest with the error's text.
public typealias ComponentHostFunction = (_ arguments: [ComponentValue]) throws -> ComponentValue?

/// A component-level function at run time.
final class ComponentFunction {
    enum Kind {
        /// A core function lifted by `canon lift`.
        case lifted(core: FunctionAddress, options: RuntimeCanonOptions, instance: ComponentInstanceState)
        /// A host function.
        case host(ComponentHostFunction)
        /// An import nobody provides: traps with the name when called.
        case stub
    }

    let name: String
    let type: ResolvedFunctionType
    let kind: Kind
    unowned let runtime: ComponentRuntime

    init(name: String, type: ResolvedFunctionType, kind: Kind, runtime: ComponentRuntime) {
        self.name = name
        self.type = type
        self.kind = kind
        self.runtime = runtime
    }

    var resultTypes: [ResolvedValueType] { type.result.map { [$0] } ?? [] }

    /// Calls the function with component values (`canon_lift` for a lifted function).
    func call(_ arguments: [ComponentValue]) throws(TrapCode) -> ComponentValue? {
        switch kind {
        case .stub:
            throw TrapCode.hostTrap("host function not available: \(name)")
        case .host(let body):
            do {
                return try body(arguments)
            } catch let t as TrapCode {
                throw t
            } catch {
                throw TrapCode.hostTrap("host function \(name) failed: \(error)")
            }
        case .lifted(let core, let options, let instance):
            return try callLifted(core, options, instance, arguments)
        }
    }

    private func callLifted(_ core: FunctionAddress, _ options: RuntimeCanonOptions, _ instance: ComponentInstanceState, _ arguments: [ComponentValue]) throws(TrapCode) -> ComponentValue? {
        guard instance.mayEnter else { throw CanonTrap.cannotEnter }
        instance.mayEnter = false
        defer { instance.mayEnter = true }
        let cx = CanonContext(runtime: runtime, options: options, instance: instance)
        let scope = BorrowScope()
        cx.borrowScope = scope
        let params = type.parameters.map(\.type)
        let flat = try cx.lowerValues(arguments, params, maxFlat: CanonicalFlattening.maxFlatParameters, outPointer: nil)
        let coreType = runtime.store.functionType(core)
        guard flat.count == coreType.parameters.count else {
            throw CanonTrap.trap("canon lift: \(flat.count) flat arguments for a core function of \(coreType.parameters.count) parameters")
        }
        var coreArgs: [Value] = []
        coreArgs.reserveCapacity(flat.count)
        for (bits, t) in zip(flat, coreType.parameters) { coreArgs.append(Value(flatBits: bits, type: t)) }
        let results = try runtime.store.invoke(core, coreArgs)
        var reader = FlatReader(results.map(\.flatBits))
        let lifted = try cx.liftValues(resultTypes, maxFlat: CanonicalFlattening.maxFlatResults, from: &reader)
        if let post = options.postReturn {
            instance.mayLeave = false
            defer { instance.mayLeave = true }
            _ = try runtime.store.invoke(post, results)
        }
        guard scope.outstanding == 0 else {
            throw CanonTrap.trap("borrow handles still remain at the end of the call")
        }
        return lifted.first
    }

    /// `canon lower`: a core host function that calls this function from a guest.
    func lowered(options: RuntimeCanonOptions, instance: ComponentInstanceState) -> FunctionAddress {
        let coreType = CanonicalFlattening.coreType(of: type, context: .lower)
        let params = type.parameters.map(\.type)
        let results = resultTypes
        let runtime = self.runtime
        return runtime.store.addHostFunction(type: coreType, name: name) { [self] _, args throws(TrapCode) -> HostOutcome in
            guard instance.mayLeave else { throw CanonTrap.cannotLeave }
            let cx = CanonContext(runtime: runtime, options: options, instance: instance)
            var reader = FlatReader(args.map(\.flatBits))
            let values = try cx.liftValues(params, maxFlat: CanonicalFlattening.maxFlatParameters, from: &reader)
            let outcome: Result<ComponentValue?, TrapCode>
            do throws(TrapCode) {
                outcome = .success(try self.call(values))
            } catch {
                outcome = .failure(error)
            }
            cx.releaseLends()
            let result = try outcome.get()
            let spilled = coreType.results.isEmpty && !results.isEmpty
            let outPointer: UInt32? = spilled ? try reader.nextI32() : nil
            let flat = try cx.lowerValues(result.map { [$0] } ?? [], results, maxFlat: CanonicalFlattening.maxFlatResults, outPointer: outPointer)
            var out: [Value] = []
            for (bits, t) in zip(flat, coreType.results) { out.append(Value(flatBits: bits, type: t)) }
            return .values(out)
        }
    }
}
