import WasmBinary

/// A module that passed validation, with facts computed on the way that later stages reuse.
public struct ValidatedModule: Sendable {
    /// The module.
    public let module: Module
    /// Facts about each function body, in the order of `module.bodies`.
    public let functions: [FunctionInfo]
    /// For each type index, the first type index with an equivalent definition. Equivalence is
    /// iso-recursive: two types are the same type exactly when they sit at the same position
    /// of structurally identical recursion groups (references inside a group compared by
    /// position, references to earlier types by canonical index), so equal canonical indices
    /// mean equal types (`call_indirect` signatures, `ref.func`, `call_ref`). Subtyping through
    /// declared supertypes is a separate relation (`sub` in the type section).
    public let canonicalTypeIndices: [UInt32]
    /// The compact module context, for running `FunctionValidator` again (e.g. while translating).
    let context: ModuleContext
    /// What the module's instances share: the interpreter's translated code of each function.
    package let shared: SharedModuleCode

    init(module: Module, functions: [FunctionInfo], canonicalTypeIndices: [UInt32], context: ModuleContext) {
        self.module = module
        self.functions = functions
        self.canonicalTypeIndices = canonicalTypeIndices
        self.context = context
        shared = SharedModuleCode()
    }
}

/// Validates a whole module: module-level rules and every function body.
///
/// Applies the WebAssembly 3.0 rules — GC (struct and array types, recursion groups, declared
/// supertypes, the 0xFB instructions), tail calls, extended constant expressions,
/// multiple memories, memory64 and table64, exception handling (`try_table`, `throw`,
/// `throw_ref`, `exnref`), typed function references and relaxed SIMD — and the threads
/// proposal (shared memories, atomic instructions), unless `features` selects the 2.0
/// behaviour of some rules. The legacy exception instructions (`try`, `catch`, `catch_all`,
/// `delegate`, `rethrow`) are validated by the legacy exception-handling proposal's rules.
/// Function bodies are decoded here (``decodeModule(_:)`` leaves them undecoded), in one
/// linear pass per body without recursion, within ``ValidationLimits``. A module with more
/// than a megabyte of code has its bodies checked on several threads (one per core); the
/// error reported is still the one of the lowest invalid function, as in one pass in order.
///
/// ```swift
/// let module = try decodeModule(bytes)
/// let validated = try validateModule(module)
/// ```
///
/// - Parameters:
///   - module: A decoded module.
///   - features: Which rules to apply; `.all` (the default) for WebAssembly 3.0.
/// - Returns: The module with per-function facts for the interpreter.
/// - Throws: ``ValidationError`` when the module is invalid (messages worded like the
///   reference interpreter's: "type mismatch", "unknown local 3", …), or `DecodeError` when a
///   function body is malformed (illegal opcode, bad immediate, a body not ending exactly with
///   its final `end`, `else` without `if`, "data count section required" for `memory.init` or
///   `data.drop` without a data count section).
public func validateModule(_ module: Module, features: ValidationFeatures = .all) throws -> ValidatedModule {
    var checker = ModuleChecker(module: module, features: features)
    try checker.checkDeclarations()
    let infos = try checker.checkBodiesInParallel()
    return ValidatedModule(module: module, functions: infos,
                           canonicalTypeIndices: checker.ctx.canonical, context: checker.ctx)
}

/// The module-level half of validation; builds the `ModuleContext` as it goes.
struct ModuleChecker: Sendable {
    let module: Module
    var ctx = ModuleContext()
    /// Scratch stack of constant expressions.
    private var stack: [ValType] = []
    /// The custom-descriptors facts gathered before `ctx.descriptorFacts` is made: each type's
    /// descriptor clause (`checkTypes`) and whether each function import is exact.
    var descriptorTypes: [UInt32] = []
    private var exactImports: [Bool] = []
    /// Whether function bodies are checked with `FunctionValidator.runFast` (tests turn it off
    /// to compare).
    var usesFastRun = true

    init(module: Module, features: ValidationFeatures) {
        self.module = module
        ctx.features = features
    }

    func fail(_ message: String, _ offset: Int = 0) -> ValidationError {
        ValidationError(message, offset: offset)
    }

    // MARK: - Declarations

    mutating func checkDeclarations() throws {
        try checkTypes()

        var importedGlobals = 0
        for imp in module.imports {
            switch imp.descriptor {
            case .function(let t):
                try Self.checkFunctionType(t, ctx.typeKinds)
                ctx.functionTypes.append(t)
                if imp.exact && !ctx.features.contains(.customDescriptors) {
                    throw fail("exact function imports are not supported (the custom-descriptors feature is off)")
                }
                exactImports.append(imp.exact)
            case .table(let tt):
                ctx.tables.append(try tableType(tt))
            case .memory(let mt):
                try checkMemoryType(mt)
                ctx.memories.append(mt.limits.is64)
            case .global(let gt):
                guard let v = ctx.valType(gt.valueType) else { throw unknownType(gt.valueType) }
                ctx.globals.append(GlobalInfo(type: v, mutable: gt.mutability == .variable, imported: true))
                importedGlobals += 1
            case .tag(let tt):
                ctx.tags.append(try tagType(tt))
            }
        }
        let kinds = ctx.typeKinds
        for t in module.functionTypeIndices {
            try Self.checkFunctionType(t, kinds)
            ctx.functionTypes.append(t)
        }
        // Without the custom-descriptors proposal no reference is exact.
        if ctx.features.contains(.customDescriptors) {
            ctx.descriptorFacts = DescriptorFacts(
                descriptorTypes: descriptorTypes,
                exactFunctions: exactImports + repeatElement(true, count: module.functionTypeIndices.count))
        }
        for table in module.tables {
            ctx.tables.append(try tableType(table.type))
        }
        for mem in module.memories {
            try checkMemoryType(mem)
            ctx.memories.append(mem.limits.is64)
        }
        if !ctx.features.contains(.multiMemory) && ctx.memories.count > 1 {
            throw fail("multiple memories")
        }
        for tag in module.tags {
            ctx.tags.append(try tagType(tag))
        }
        for g in module.globals {
            guard ctx.valType(g.type.valueType) != nil else { throw unknownType(g.type.valueType) }
        }
        for e in module.elements {
            guard let t = ctx.refType(e.type) else { throw unknownType(.ref(e.type)) }
            ctx.elementTypes.append(t)
        }
        if let n = module.dataCount, Int(n) != module.data.count {
            throw DecodeError("data count and data section have inconsistent lengths", offset: 0)
        }
        ctx.dataCount = module.dataCount
        if module.bodies.count != module.functionTypeIndices.count {
            throw DecodeError("function and code section have inconsistent lengths", offset: 0)
        }

        // Functions that function bodies may reference with `ref.func`: those named in any
        // constant expression or export of the module (C.refs).
        ctx.declaredFunctions = [Bool](repeating: false, count: ctx.functionTypes.count)
        func declare(_ e: ConstExpression, _ declared: inout [Bool]) {
            for ins in e.instructions where ins.opcode == .refFunc && Int(ins.index) < declared.count {
                declared[Int(ins.index)] = true
            }
        }
        for g in module.globals { declare(g.initializer, &ctx.declaredFunctions) }
        for t in module.tables { if let e = t.initializer { declare(e, &ctx.declaredFunctions) } }
        for seg in module.elements {
            if let functions = seg.functionItems {
                for item in functions where Int(item.index) < ctx.declaredFunctions.count {
                    ctx.declaredFunctions[Int(item.index)] = true
                }
            } else {
                for e in seg.items { declare(e, &ctx.declaredFunctions) }
            }
            if case .active(_, let offset) = seg.mode { declare(offset, &ctx.declaredFunctions) }
        }
        for seg in module.data {
            if case .active(_, let offset) = seg.mode { declare(offset, &ctx.declaredFunctions) }
        }
        for ex in module.exports where ex.kind == .function && Int(ex.index) < ctx.declaredFunctions.count {
            ctx.declaredFunctions[Int(ex.index)] = true
        }

        // Globals: each initializer sees the imported globals and the globals before it.
        for g in module.globals {
            guard let v = ctx.valType(g.type.valueType) else { throw unknownType(g.type.valueType) }
            try checkConst(g.initializer, v, visibleGlobals: ctx.globals.count,
                           importedGlobals: importedGlobals)
            ctx.globals.append(GlobalInfo(type: v, mutable: g.type.mutability == .variable, imported: false))
        }
        let allGlobals = ctx.globals.count

        // Table initializers see the imported globals only; segments see all globals.
        for (i, table) in module.tables.enumerated() {
            let t = ctx.tables[ctx.tables.count - module.tables.count + i]
            if let e = table.initializer {
                try checkConst(e, t.element, visibleGlobals: importedGlobals, importedGlobals: importedGlobals)
            } else if !t.element.isNullable {
                throw fail("type mismatch")
            }
        }

        for (i, seg) in module.elements.enumerated() {
            let t = ctx.elementTypes[i]
            if let functions = seg.functionItems {
                // What `checkConst` checks of a `ref.func` item, with the same errors. Every
                // function's reference matches `(ref null? func)`: then only the index is checked.
                let anyFunction = ctx.matches(.ref(.function, nullable: false), t)
                for item in functions {
                    guard Int(item.index) < ctx.functionTypes.count else {
                        throw fail("unknown function \(item.index)", item.offset)
                    }
                    guard anyFunction || ctx.matches(ctx.functionRef(Int(item.index)), t) else {
                        throw fail("type mismatch", item.offset)
                    }
                }
            } else {
                for e in seg.items {
                    try checkConst(e, t, visibleGlobals: allGlobals, importedGlobals: importedGlobals)
                }
            }
            if case .active(let tableIndex, let offset) = seg.mode {
                guard Int(tableIndex) < ctx.tables.count else {
                    throw fail("unknown table \(tableIndex)", offset.offset)
                }
                let table = ctx.tables[Int(tableIndex)]
                guard ctx.matches(t, table.element) else { throw fail("type mismatch", offset.offset) }
                try checkConst(offset, table.is64 ? .i64 : .i32, visibleGlobals: allGlobals,
                               importedGlobals: importedGlobals)
            }
        }

        for seg in module.data {
            if case .active(let memoryIndex, let offset) = seg.mode {
                guard Int(memoryIndex) < ctx.memories.count else {
                    throw fail("unknown memory \(memoryIndex)", offset.offset)
                }
                try checkConst(offset, ctx.memories[Int(memoryIndex)] ? .i64 : .i32,
                               visibleGlobals: allGlobals, importedGlobals: importedGlobals)
            }
        }

        if let start = module.start {
            guard Int(start) < ctx.functionTypes.count else { throw fail("unknown function \(start)") }
            let t = Int(ctx.functionTypes[Int(start)])
            guard ctx.typeParams[t].count == 0, ctx.typeResults[t].count == 0 else {
                throw fail("start function must not have parameters or results")
            }
        }

        // Names are compared as byte sequences (Swift's String equality is Unicode-canonical).
        var names = Set<[UInt8]>()
        names.reserveCapacity(module.exports.count)
        for ex in module.exports {
            let count: Int
            let what: String
            switch ex.kind {
            case .function: count = ctx.functionTypes.count; what = "function"
            case .table: count = ctx.tables.count; what = "table"
            case .memory: count = ctx.memories.count; what = "memory"
            case .global: count = ctx.globals.count; what = "global"
            case .tag: count = ctx.tags.count; what = "tag"
            }
            guard Int(ex.index) < count else { throw fail("unknown \(what) \(ex.index)") }
            guard names.insert(Array(ex.name.utf8)).inserted else { throw fail("duplicate export name") }
        }
    }

    func unknownType(_ t: ValueType) -> ValidationError {
        if case .ref(let r) = t, case .exact = r.heapType, !ctx.features.contains(.customDescriptors) {
            return fail("exact heap types are not supported (the custom-descriptors feature is off)")
        }
        if case .ref(let r) = t, let i = r.heapType.typeIndex { return fail("unknown type \(i)") }
        return fail("unknown type")
    }

    private func tableType(_ tt: TableType) throws -> TableInfo {
        guard let element = ctx.refType(tt.elementType) else { throw unknownType(.ref(tt.elementType)) }
        let limits = tt.limits
        if !limits.is64 {
            let bound = UInt64(UInt32.max)
            if limits.min > bound || (limits.max ?? 0) > bound {
                throw fail("table size must be at most 2^32-1")
            }
        }
        if let max = limits.max, limits.min > max {
            throw fail("size minimum must not be greater than maximum")
        }
        return TableInfo(element: element, is64: limits.is64)
    }

    /// A memory type's rules: its page size (1 byte or 64 KiB; a custom one needs the
    /// custom-page-sizes feature), its sizes within what its addresses reach, a shared memory
    /// with a maximum (and the threads feature).
    private func checkMemoryType(_ mt: MemoryType) throws {
        let limits = mt.limits
        if mt.pageSizeLog2 != 16 {
            guard ctx.features.contains(.customPageSizes) else { throw fail("custom page sizes are not supported") }
            guard mt.pageSizeLog2 == 0 else { throw fail("invalid custom page size") }
        }
        let bound = mt.addressablePages
        if limits.min > bound || (limits.max ?? 0) > bound {
            if mt.pageSizeLog2 == 0 {
                throw fail("memory size must be at most \(bound) pages of one byte")
            }
            throw fail(limits.is64 ? "memory size must be at most 2^48 pages (256TiB)"
                       : "memory size must be at most 65536 pages (4GiB)")
        }
        if let max = limits.max, limits.min > max {
            throw fail("size minimum must not be greater than maximum")
        }
        if limits.shared {
            guard ctx.features.contains(.threads) else { throw fail("shared memories are not supported") }
            guard limits.max != nil else { throw fail("shared memory must have maximum") }
        }
    }

    /// A type index that must name a function type (`kinds`: `ctx.typeKinds`; static, so that
    /// a call per function of a large module copies nothing).
    @inline(__always)
    private static func checkFunctionType(_ t: UInt32, _ kinds: [ValType.Kind]) throws {
        guard Int(t) < kinds.count else { throw ValidationError("unknown type \(t)", offset: 0) }
        guard kinds[Int(t)] == .function else {
            throw ValidationError("type mismatch: type \(t) is not a function type", offset: 0)
        }
    }

    private func tagType(_ tag: TagType) throws -> UInt32 {
        try Self.checkFunctionType(tag.typeIndex, ctx.typeKinds)
        guard ctx.typeResults[Int(tag.typeIndex)].count == 0 else {
            throw fail("non-empty tag result type")
        }
        return tag.typeIndex
    }

    // MARK: - Constant expressions

    /// Checks that `e` is a constant expression producing one value of type `expected`.
    private mutating func checkConst(_ e: ConstExpression, _ expected: ValType, visibleGlobals: Int,
                                     importedGlobals: Int) throws {
        let extended = ctx.features.contains(.extendedConst)
        // First every instruction must be constant, then the sequence must type-check.
        for ins in e.instructions {
            switch ins.opcode {
            case .i32Const, .i64Const, .f32Const, .f64Const, .v128Const, .refNull, .refFunc:
                break
            case .globalGet:
                let limit = extended ? visibleGlobals : min(visibleGlobals, importedGlobals)
                guard Int(ins.index) < limit else { throw fail("unknown global \(ins.index)", ins.offset) }
                guard !ctx.globals[Int(ins.index)].mutable else {
                    throw fail("constant expression required", ins.offset)
                }
            case .i32Add, .i32Sub, .i32Mul, .i64Add, .i64Sub, .i64Mul:
                guard extended else { throw fail("constant expression required", ins.offset) }
            case .structNew, .structNewDefault, .arrayNew, .arrayNewDefault, .arrayNewFixed, .refI31,
                 .anyConvertExtern, .externConvertAny:
                guard ctx.features.contains(.gc) else { throw fail("constant expression required", ins.offset) }
            case .structNewDesc, .structNewDefaultDesc:
                guard ctx.features.contains(.customDescriptors) else {
                    throw fail("constant expression required", ins.offset)
                }
            default:
                throw fail("constant expression required", ins.offset)
            }
        }
        // Nearly every expression is one constant (CPython: 57,000 offsets and `ref.func`
        // items): typed without the stack.
        if e.instructions.count == 1, let t = try leafType(e.instructions[0]) {
            guard ctx.matches(t, expected) else { throw fail("type mismatch", e.offset) }
            return
        }
        stack.removeAll(keepingCapacity: true)
        for ins in e.instructions {
            if let t = try leafType(ins) {
                stack.append(t)
                continue
            }
            switch ins.opcode {
            case .i32Add, .i32Sub, .i32Mul, .i64Add, .i64Sub, .i64Mul:
                let t: ValType = (ins.opcode == .i32Add || ins.opcode == .i32Sub || ins.opcode == .i32Mul)
                    ? .i32 : .i64
                guard stack.count >= 2, stack.removeLast() == t, stack.removeLast() == t else {
                    throw fail("type mismatch", ins.offset)
                }
                stack.append(t)
            default:
                try constGC(ins)
            }
        }
        guard stack.count == 1, ctx.matches(stack[0], expected) else {
            throw fail("type mismatch", e.offset)
        }
    }

    /// The GC instructions of constant expressions (`checkConst`'s stack).
    private mutating func constGC(_ ins: Instruction) throws {
        switch ins.opcode {
        case .structNew, .structNewDefault, .structNewDesc, .structNewDefaultDesc:
            let t = try constComposite(ins, .struct)
            let fields = ctx.typeFields[Int(ctx.canonical[t])]
            let withDescriptor = ins.opcode == .structNewDesc || ins.opcode == .structNewDefaultDesc
            if let message = ctx.allocationMismatch(t, withDescriptor: withDescriptor) {
                throw fail(message, ins.offset)
            }
            if withDescriptor { try popConst(ctx.descriptorOperand(t), ins) }
            var i = Int(fields.count)
            while i > 0 {
                i -= 1
                let f = ctx.type(fields, i)
                if ins.opcode == .structNew || ins.opcode == .structNewDesc {
                    try popConst(f, ins)
                } else if f.isRef && !f.isNullable {
                    throw fail("type mismatch: field \(i) of type \(t) is not defaultable", ins.offset)
                }
            }
            stack.append(ctx.newRef(t))
        case .arrayNew, .arrayNewDefault, .arrayNewFixed:
            let t = try constComposite(ins, .array)
            let element = ctx.type(ctx.typeFields[Int(ctx.canonical[t])], 0)
            switch ins.opcode {
            case .arrayNew:
                try popConst(.i32, ins)
                try popConst(element, ins)
            case .arrayNewDefault:
                if element.isRef && !element.isNullable {
                    throw fail("type mismatch: the element type of type \(t) is not defaultable", ins.offset)
                }
                try popConst(.i32, ins)
            default:
                guard Int(ins.index2) <= ValidationLimits.maxArrayNewFixedOperands else {
                    throw fail("array.new_fixed has too many operands (implementation limit \(ValidationLimits.maxArrayNewFixedOperands))", ins.offset)
                }
                for _ in 0..<Int(ins.index2) { try popConst(element, ins) }
            }
            stack.append(ctx.newRef(t))
        case .refI31:
            try popConst(.i32, ins)
            stack.append(.ref(.i31, nullable: false))
        case .anyConvertExtern, .externConvertAny:
            let toAny = ins.opcode == .anyConvertExtern
            guard let r = stack.popLast(), r.isRef,
                  ctx.matches(r, toAny ? .externref : .ref(.any, nullable: true)) else {
                throw fail("type mismatch", ins.offset)
            }
            stack.append(.ref(toAny ? .any : .extern, nullable: r.isNullable))
        default:
            throw fail("constant expression required", ins.offset)
        }
    }

    /// The struct or array type index of a constant `struct.new*` or `array.new*`.
    private func constComposite(_ ins: Instruction, _ kind: ValType.Kind) throws -> Int {
        guard Int(ins.index) < ctx.typeCount else { throw fail("unknown type \(ins.index)", ins.offset) }
        guard ctx.typeKinds[Int(ins.index)] == kind else { throw fail("type mismatch", ins.offset) }
        return Int(ins.index)
    }

    private mutating func popConst(_ expected: ValType, _ ins: Instruction) throws {
        guard let t = stack.popLast(), ctx.matches(t, expected) else { throw fail("type mismatch", ins.offset) }
    }

    /// The type a constant instruction without operands pushes; nil for the others.
    private func leafType(_ ins: Instruction) throws -> ValType? {
        switch ins.opcode {
        case .i32Const: return .i32
        case .i64Const: return .i64
        case .f32Const: return .f32
        case .f64Const: return .f64
        case .v128Const: return .v128
        case .refNull:
            guard let t = ctx.heapRef(ins.heapType, nullable: true) else {
                throw unknownType(.ref(RefType(nullable: true, heapType: ins.heapType)))
            }
            return t
        case .refFunc:
            guard Int(ins.index) < ctx.functionTypes.count else {
                throw fail("unknown function \(ins.index)", ins.offset)
            }
            return ctx.functionRef(Int(ins.index))
        case .globalGet:
            return ctx.globals[Int(ins.index)].type
        default:
            return nil
        }
    }

    // MARK: - Function bodies

    /// Checks the bodies in `range` in order; returns their facts, or throws the error of the
    /// first invalid one. Stops early (returning what it has) when `stopIf` says so, every few
    /// bodies.
    ///
    /// The module's bytes and bodies are read through buffers taken once for the whole run, and
    /// one instruction decoder serves every body, so a body costs no reference counting or copy
    /// of its `FunctionBody`.
    func checkBodies(_ range: Range<Int>, stopIf: (() -> Bool)?) throws -> [FunctionInfo] {
        var validator = makeBodyValidator()
        return try checkBodies(range, with: &validator, stopIf: stopIf)
    }

    /// A validator for this module's bodies, to be used by one thread at a time.
    func makeBodyValidator() -> FunctionValidator {
        var validator = FunctionValidator(context: ctx)
        validator.usesFastRun = usesFastRun
        return validator
    }

    /// `checkBodies(_:stopIf:)` with `validator` (made by `makeBodyValidator()`), which a
    /// thread keeps for every run of bodies it checks: making one copies the module's facts.
    func checkBodies(_ range: Range<Int>, with validator: inout FunctionValidator, stopIf: (() -> Bool)?) throws -> [FunctionInfo] {
        var infos: [FunctionInfo] = []
        infos.reserveCapacity(range.count)
        let imported = ctx.functionTypes.count - module.functionTypeIndices.count
        let module = module
        var decoder = InstructionDecoder(bytes: module.bytes, range: 0 ..< module.bytes.count)
        let shared = module.sharedLocalGroups
        try module.bytes.withUnsafeBufferPointer { bytes throws in
            try (shared ?? []).withUnsafeBufferPointer { sharedGroups throws in
                try module.bodies.withUnsafeBufferPointer { bodies throws in
                    for i in range {
                        if let stopIf, i & 63 == 0, stopIf() { break }
                        let index = UInt32(truncatingIfNeeded: imported + i)
                        if bodies[i].localsDeferred {
                            // A body decoded with its locals deferred has them decoded here.
                            let body = try module.decodedBody(i)
                            try validator.begin(function: index, localGroups: body.localGroups, offset: body.code.lowerBound)
                            try validator.validateBody(bytes, decoder: &decoder, range: body.code)
                            infos.append(validator.info)
                            continue
                        }
                        let code = bodies[i].code
                        if shared != nil {
                            // The body's runs of locals are a slice of `shared`, read in place:
                            // a copy of the slice would count a reference to the one array, on
                            // every thread at once.
                            let groups = UnsafeBufferPointer(rebasing: sharedGroups[bodies[i].localGroups.indices])
                            try validator.begin(function: index, groups: groups, offset: code.lowerBound)
                        } else {
                            try bodies[i].localGroups.withUnsafeBufferPointer { groups throws in
                                try validator.begin(function: index, groups: groups, offset: code.lowerBound)
                            }
                        }
                        try validator.validateBody(bytes, decoder: &decoder, range: code)
                        infos.append(validator.info)
                    }
                }
            }
        }
        return infos
    }
}
