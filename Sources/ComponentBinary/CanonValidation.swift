import WasmBinary

extension ComponentValidator {
    /// Validates a canonical definition and appends the function it defines.
    mutating func defineCanon(_ c: Canon) throws(ComponentValidationError) {
        let offset = c.offset
        let i32 = ValueType.i32
        switch c.kind {
        case .lift(let coreIndex, let options, let typeIndex):
            let have = try coreFunction(coreIndex, at: offset)
            let slot = try typeSlot(typeIndex, at: offset)
            guard case .function(let type) = slot.type else {
                throw ComponentValidationError("canon lift: type index \(typeIndex) is not a function type", offset: offset)
            }
            let want = CanonicalFlattening.coreType(of: type, context: .lift)
            if let have, have != want {
                throw ComponentValidationError("canon lift: core function \(coreIndex) has type \(describe(have)), but the component function type flattens to \(describe(want))", offset: offset)
            }
            try checkOptions(options, type: type, context: .lift, at: offset)
            scope.functions.append(type)
            scope.visibility.functions.append(slot.visibility.references)
        case .lower(let index, let options):
            let type = try function(index, at: offset)
            if let type { try checkOptions(options, type: type, context: .lower, at: offset) }
            scope.coreFunctions.append(type.map { CanonicalFlattening.coreType(of: $0, context: .lower) })
        case .resourceNew(let t):
            try checkLocalResource(t, at: offset, builtin: "resource.new")
            scope.coreFunctions.append(FunctionType(parameters: [i32], results: [i32]))
        case .resourceDrop(let t):
            _ = try resource(t, at: offset)
            scope.coreFunctions.append(FunctionType(parameters: [i32], results: []))
        case .resourceRep(let t):
            try checkLocalResource(t, at: offset, builtin: "resource.rep")
            scope.coreFunctions.append(FunctionType(parameters: [i32], results: [i32]))
        }
    }

    /// Checks that type `t` is a resource defined by this component.
    func checkLocalResource(_ t: UInt32, at offset: Int, builtin: String) throws(ComponentValidationError) {
        let id = try resource(t, at: offset)
        guard scope.definedResources.contains(id) else {
            throw ComponentValidationError("canon \(builtin): type index \(t) is not a resource defined by this component", offset: offset)
        }
    }

    /// Checks the options of a lift or lower against the function type.
    func checkOptions(_ o: CanonOptions, type: ResolvedFunctionType, context: CanonicalFlattening.Context, at offset: Int) throws(ComponentValidationError) {
        let what = context == .lift ? "canon lift" : "canon lower"
        if let m = o.memory { try checkIndex(.core(.memory), m, at: offset) }
        if let r = o.realloc {
            let t = try coreFunction(r, at: offset)
            let want = FunctionType(parameters: [.i32, .i32, .i32, .i32], results: [.i32])
            if let t, t != want {
                throw ComponentValidationError("\(what): realloc function \(r) has type \(describe(t)), expected \(describe(want))", offset: offset)
            }
        }
        let flat = CanonicalFlattening.coreType(of: type, context: .lift)
        if let p = o.postReturn {
            guard context == .lift else {
                throw ComponentValidationError("canon lower: the post-return option is only allowed on canon lift", offset: offset)
            }
            let t = try coreFunction(p, at: offset)
            let want = FunctionType(parameters: flat.results, results: [])
            if let t, t != want {
                throw ComponentValidationError("canon lift: post-return function \(p) has type \(describe(t)), expected \(describe(want))", offset: offset)
            }
        }
        let paramsInMemory = type.parameters.contains { CanonicalFlattening.needsMemory($0.type) }
            || !fitsFlat(type.parameters.map(\.type), limit: CanonicalFlattening.maxFlatParameters)
        let resultInMemory = type.result.map {
            CanonicalFlattening.needsMemory($0) || !fitsFlat([$0], limit: CanonicalFlattening.maxFlatResults)
        } ?? false
        if (paramsInMemory || resultInMemory) && o.memory == nil {
            throw ComponentValidationError("\(what): the memory option is required because the function passes values through linear memory", offset: offset)
        }
        let needsRealloc = context == .lift ? paramsInMemory : (type.result.map(CanonicalFlattening.needsMemory) ?? false)
        if needsRealloc && o.realloc == nil {
            throw ComponentValidationError("\(what): the realloc option is required because the function allocates strings or lists", offset: offset)
        }
    }

    /// Whether the types flatten to at most `limit` core values.
    func fitsFlat(_ types: [ResolvedValueType], limit: Int) -> Bool {
        var out: [ValueType] = []
        for t in types where !CanonicalFlattening.flatten(t, into: &out, limit: limit) { return false }
        return true
    }
}
