import WasmBinary

/// What opened a control frame.
enum FrameKind: UInt8, Sendable {
    case function, block, loop, ifThen, ifElse, tryTable
    /// The legacy exception instructions: a `try` body, then its `catch` and `catch_all`
    /// sections (the only frames `rethrow` may name).
    case legacyTry, legacyCatch, legacyCatchAll
}

/// One entry of the control stack (the spec's `ctrl_frame`).
struct ControlFrame: Sendable {
    // The fields are in this order so that the fast loop's `block` writes a frame with few
    // stores: the three type lists (8 bytes each), the two heights, then the two bytes.
    /// Types on the operand stack when the block starts.
    var params: TypeList
    /// Types on the operand stack when the block ends.
    var results: TypeList
    /// The types a branch to this frame's label carries: the parameters of a `loop`, the
    /// results of any other block (kept, not chosen on every branch).
    let labelTypes: TypeList
    /// Operand stack height at the start of the block (below its parameters); bounded by
    /// `ValidationLimits.maxOperandStackHeight`.
    var height: UInt32
    /// Height of the initialization stack at the start of the block (at most the locals).
    var initHeight: UInt32
    var kind: FrameKind
    /// Whether the rest of the block is unreachable (the stack is polymorphic).
    var unreachable: Bool

    init(kind: FrameKind, params: TypeList, results: TypeList, height: UInt32, initHeight: UInt32,
         unreachable: Bool) {
        self.kind = kind
        self.params = params
        self.results = results
        self.height = height
        self.initHeight = initHeight
        self.unreachable = unreachable
        labelTypes = kind == .loop ? params : results
    }
}

/// Facts about a validated function body that an interpreter can reuse.
public struct FunctionInfo: Hashable, Sendable {
    /// The largest number of operands on the stack at any point of the body.
    public var maxStackHeight: Int
    /// The deepest nesting of blocks, the function's own block included.
    public var maxControlDepth: Int

    /// Creates the facts.
    public init(maxStackHeight: Int, maxControlDepth: Int) {
        self.maxStackHeight = maxStackHeight
        self.maxControlDepth = maxControlDepth
    }
}

/// Per-opcode tables the validator's inner loop reads: the packed fixed signature with its
/// immediate check, and alignment/lane limits.
enum OpcodeTables {
    /// Immediate checks of instructions with a simple signature (bits 20–23 of `signatures`).
    static let checkMemarg: UInt32 = 1
    static let checkMemargLane: UInt32 = 2
    static let checkMemory: UInt32 = 3
    static let checkLane: UInt32 = 4
    static let checkShuffle: UInt32 = 5

    /// `SimpleSignature.packed | check << 20`, or 0 for instructions typed by hand.
    static let signatures: [UInt32] = Opcode.allCases.map { op in
        guard let s = Opcode.simpleSignatures[Int(op.rawValue)] else { return 0 }
        let check: UInt32
        switch op.immediateKind {
        case .memarg: check = checkMemarg
        case .memargLane: check = checkMemargLane
        case .memory: check = checkMemory
        case .lane: check = checkLane
        case .shuffle: check = checkShuffle
        default: check = 0
        }
        return s.packed | check << 20
    }

    /// Low byte: log2 of the natural alignment of a memory access; high byte: number of lanes of
    /// a lane immediate, or ``atomicFlag`` for an atomic access (its alignment must be exactly
    /// the natural one).
    static let aux: [UInt16] = Opcode.allCases.map { op in
        UInt16(naturalAlignment(op)) | (op.atomicWidthLog2 == nil ? UInt16(laneCount(op)) << 8 : atomicFlag)
    }

    /// The `aux` bit of atomic memory accesses (no lane count reaches it).
    static let atomicFlag: UInt16 = 0x8000

    /// For each first byte of an instruction: `FunctionValidator.FastKind << 16 | opcode`, or 0
    /// when the instruction always goes through `InstructionDecoder`. Built by decoding each
    /// single-byte opcode with the real decoder, so it cannot disagree with it.
    static let fastPath: [UInt32] = (0..<256).map { b -> UInt32 in
        if b == 0xFC || b == 0xFD || b == 0xFE { return 0 }
        var probe = [UInt8](repeating: 0, count: 32)
        probe[0] = UInt8(b)
        var decoder = InstructionDecoder(bytes: probe, range: 0..<probe.count)
        guard let ins = try? decoder.next() else { return 0 }
        let op = ins.opcode
        typealias K = FunctionValidator.FastKind
        let kind: UInt32
        switch op {
        case .localGet: kind = K.localGet
        case .localSet: kind = K.localSet
        case .localTee: kind = K.localTee
        case .globalGet: kind = K.globalGet
        case .globalSet: kind = K.globalSet
        case .br: kind = K.br
        case .brIf: kind = K.brIf
        case .call: kind = K.call
        case .i32Const: kind = K.i32Const
        case .i64Const: kind = K.i64Const
        case .f32Const: kind = K.f32Const
        case .f64Const: kind = K.f64Const
        case .block: kind = K.block
        case .loop: kind = K.loop
        case .if: kind = K.if
        case .unreachable, .nop, .else, .end, .return, .drop, .select, .refIsNull, .refAsNonNull,
             .throwRef, .refEq:
            kind = K.noImmediate
        default:
            let sig = signatures[Int(op.rawValue)]
            if sig != 0 && op.immediateKind == .none {
                kind = K.simple
            } else if sig != 0 && op.immediateKind == .memarg {
                kind = K.memarg
            } else {
                kind = 0
            }
        }
        return kind == 0 ? 0 : kind << 16 | UInt32(op.rawValue)
    }

    /// `signatures`, `aux` and `fastPath` in buffers that live as long as the process (read
    /// without bounds checks: indexed by an `Opcode`'s raw value or by a byte).
    nonisolated(unsafe) static let signatureTable = permanent(signatures)
    nonisolated(unsafe) static let auxTable = permanent(aux)
    nonisolated(unsafe) static let fastPathTable = permanent(fastPath)

    static func permanent<T>(_ values: [T]) -> UnsafePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: values.count)
        p.initialize(from: values, count: values.count)
        return UnsafePointer(p)
    }

    static func naturalAlignment(_ op: Opcode) -> UInt8 {
        if let width = op.atomicWidthLog2 { return width }
        switch op {
        case .i32Load8S, .i32Load8U, .i64Load8S, .i64Load8U, .i32Store8, .i64Store8,
             .v128Load8Splat, .v128Load8Lane, .v128Store8Lane:
            return 0
        case .i32Load16S, .i32Load16U, .i64Load16S, .i64Load16U, .i32Store16, .i64Store16,
             .v128Load16Splat, .v128Load16Lane, .v128Store16Lane:
            return 1
        case .i32Load, .f32Load, .i64Load32S, .i64Load32U, .i32Store, .f32Store, .i64Store32,
             .v128Load32Splat, .v128Load32Zero, .v128Load32Lane, .v128Store32Lane:
            return 2
        case .i64Load, .f64Load, .i64Store, .f64Store, .v128Load8x8S, .v128Load8x8U,
             .v128Load16x4S, .v128Load16x4U, .v128Load32x2S, .v128Load32x2U, .v128Load64Splat,
             .v128Load64Zero, .v128Load64Lane, .v128Store64Lane:
            return 3
        case .v128Load, .v128Store:
            return 4
        default:
            return 0
        }
    }

    static func laneCount(_ op: Opcode) -> UInt8 {
        switch op {
        case .v128Load8Lane, .v128Store8Lane, .i8x16ExtractLaneS, .i8x16ExtractLaneU, .i8x16ReplaceLane:
            return 16
        case .v128Load16Lane, .v128Store16Lane, .i16x8ExtractLaneS, .i16x8ExtractLaneU, .i16x8ReplaceLane:
            return 8
        case .v128Load32Lane, .v128Store32Lane, .i32x4ExtractLane, .i32x4ReplaceLane,
             .f32x4ExtractLane, .f32x4ReplaceLane:
            return 4
        case .v128Load64Lane, .v128Store64Lane, .i64x2ExtractLane, .i64x2ReplaceLane,
             .f64x2ExtractLane, .f64x2ReplaceLane:
            return 2
        default:
            return 0
        }
    }
}

/// Type-checks one function body, one instruction at a time (the specification's validation
/// algorithm, appendix "Validation Algorithm", extended with subtyping, bottom types and local
/// initialization tracking of WebAssembly 3.0).
///
/// Create one per module (`init(context:)`, e.g. with `ValidatedModule.context`), call
/// `begin(function:localGroups:offset:)` for each body, then either
/// - feed every instruction decoded by an `InstructionDecoder` to `validate(_:decoder:)` until
///   `isFinished` (what a translator that needs the types at each instruction does), or
/// - call `validateBody(bytes:range:)`, which does the same with a faster decoding loop.
///
/// The stacks are kept between functions, so validating a module allocates only while a stack
/// grows past its largest size. Nothing recurses per nesting level: blocks live on the explicit
/// control stack. Errors are `ValidationError` (with the function index and instruction
/// offset) or `DecodeError`.
struct FunctionValidator {
    let ctx: ModuleContext
    let signatures: UnsafePointer<UInt32>
    let aux: UnsafePointer<UInt16>
    let fast: UnsafePointer<UInt32>
    let hot: UnsafePointer<UInt8>
    /// The module's facts for `runFast`.
    let tables: FastTables

    /// The operand stack (`⊥` entries only above a frame's height after polymorphic pops). Its
    /// slots from `maxHeight` up hold `ValType.unwritten` (see `runFast`).
    var vals = ScratchStack<ValType>(capacity: 4096, blank: .unwritten)
    /// The control stack; empty once the function's final `end` has been validated.
    var ctrls = ScratchStack<ControlFrame>(capacity: 32)
    /// Parameters, then declared locals.
    var locals = ScratchStack<ValType>(capacity: 64)
    /// Initialization status of each local (only maintained when `trackInit`).
    private var localInit: [Bool] = []
    /// Locals initialized since the start of the function, in order (the init stack).
    private var inits: [UInt32] = []
    /// Whether the function has non-defaultable locals.
    var trackInit = false
    /// Whether `validateBody` uses `runFast` (off: every instruction through the general
    /// paths; tests compare the two).
    var usesFastRun = true

    /// Index of the function being validated (imports included).
    private(set) var functionIndex: UInt32 = 0
    /// The function's result types.
    private(set) var returnTypes = TypeList.empty
    /// Cached `ctrls.last.height` and `ctrls.last.unreachable`.
    var height = 0
    var polymorphic = false
    /// Offset of the instruction being validated, for errors.
    var offset = 0

    var maxHeight = 0
    var maxDepth = 0
    /// Whether the function's final `end` has been validated.
    var isFinished = true
    /// Whether the module has a memory 0 and it is a 32-bit memory.
    var memory0Is32: Bool { tables.facts.memory0Is32 }

    /// `br_table` de-duplication: a label type list (by arena position) checked under the current
    /// stamp is not checked again, so a huge table costs O(targets + distinct types).
    private var stamp: UInt32 = 0
    private var stamps: [UInt32]

    /// Creates a validator for the functions of a module.
    init(context: ModuleContext) {
        ctx = context
        signatures = OpcodeTables.signatureTable
        aux = OpcodeTables.auxTable
        fast = OpcodeTables.fastPathTable
        hot = OpcodeTables.hotClassTable
        tables = FastTables(context)
        stamps = [UInt32](repeating: 0, count: context.arena.count + 1)
    }

    /// Facts about the function just validated.
    var info: FunctionInfo { FunctionInfo(maxStackHeight: maxHeight, maxControlDepth: maxDepth) }

    /// The operand stack height.
    var stackHeight: Int { vals.count }

    /// Whether the current position is unreachable (the stack is polymorphic).
    var isUnreachable: Bool { polymorphic }

    /// Number of open blocks, the function's own block included.
    var controlDepth: Int { ctrls.count }

    /// The type of the operand `depth` places below the top of the stack (0 = the top), or nil
    /// when it is not in the current block or unknown (`⊥` in unreachable code).
    func operandType(fromTop depth: Int) -> ValueType? {
        let i = vals.count - 1 - depth
        guard depth >= 0, i >= height else { return nil }
        return vals[i].valueType
    }

    /// The types a branch to label `depth` carries, or nil when there is no such label.
    func labelTypes(depth: UInt32) -> [ValueType]? {
        guard Int(depth) < ctrls.count else { return nil }
        let list = ctrls[ctrls.count - 1 - Int(depth)].labelTypes
        return (0..<Int(list.count)).compactMap { ctx.type(list, $0).valueType }
    }

    /// Starts the body of function `index` (imports included) with its declared locals as runs
    /// of one type (``FunctionBody/localGroups``); `offset` locates errors in the declarations.
    mutating func begin(function index: UInt32, localGroups declared: ArraySlice<LocalGroup>,
                        offset: Int) throws {
        try declared.withUnsafeBufferPointer { groups throws in
            try begin(function: index, groups: groups, offset: offset)
        }
    }

    /// `begin(function:localGroups:offset:)` with the runs of locals in a buffer (what
    /// `ModuleChecker.checkBodies` passes: no reference counting or copy per body). The
    /// function's signature and parameters are read from `tables`, without bounds checks.
    mutating func begin(function index: UInt32, groups declared: UnsafeBufferPointer<LocalGroup>,
                        offset: Int) throws {
        functionIndex = index
        self.offset = offset
        guard Int(index) < tables.facts.functionCount else {
            throw error("unknown function \(index)")
        }
        let signature = tables.facts.functions[Int(index)]
        let params = signature.params
        returnTypes = signature.results
        locals.removeAll()
        locals.append(tables.facts.arena + Int(params.base), count: Int(params.count))
        trackInit = false
        for g in declared {
            guard let v = ctx.valType(g.type) else { throw unknownType(g.type) }
            if v.isRef && !v.isNullable { trackInit = true }
            locals.append(v, count: Int(g.count))
        }
        if !inits.isEmpty { inits.removeAll(keepingCapacity: true) }
        if trackInit {
            localInit.removeAll(keepingCapacity: true)
            localInit.reserveCapacity(locals.count)
            for i in 0..<locals.count {
                let v = locals[i]
                localInit.append(i < Int(params.count) || !v.isRef || v.isNullable)
            }
        }
        startFunctionFrame()
    }

    /// Empties the operand and control stacks and opens the function's own block (the state at
    /// the body's first instruction; the locals are kept).
    private mutating func startFunctionFrame() {
        vals.blank(upTo: maxHeight)
        vals.removeAll()
        ctrls.removeAll()
        maxHeight = 0
        maxDepth = 1
        isFinished = false
        ctrls.append(ControlFrame(kind: .function, params: .empty, results: returnTypes, height: 0,
                                  initHeight: 0, unreachable: false))
        height = 0
        polymorphic = false
    }

    // MARK: - Errors

    @inline(never)
    mutating func error(_ message: String) -> ValidationError {
        ValidationError(message, offset: offset, functionIndex: functionIndex)
    }

    @inline(never)
    mutating func mismatch() -> ValidationError { error("type mismatch") }

    @inline(never)
    mutating func unknownType(_ t: ValueType) -> ValidationError {
        if case .ref(let r) = t, case .exact = r.heapType, !ctx.features.contains(.customDescriptors) {
            return error("exact heap types are not supported (the custom-descriptors feature is off)")
        }
        if case .ref(let r) = t, let i = r.heapType.typeIndex { return error("unknown type \(i)") }
        return error("unknown type")
    }

    // MARK: - Operand stack

    @inline(__always)
    mutating func push(_ t: ValType) {
        vals.append(t)
    }

    @inline(__always)
    mutating func pop() throws -> ValType {
        if vals.count == height {
            if polymorphic { return .bottom }
            throw mismatch()
        }
        return vals.removeLast()
    }

    @inline(__always)
    mutating func pop(_ expect: ValType) throws {
        if vals.count == height {
            if polymorphic { return }
            throw mismatch(expected: expect, actual: nil)
        }
        let actual = vals.removeLast()
        if !ctx.matches(actual, expect) { throw mismatch(expected: expect, actual: actual) }
    }

    /// "type mismatch: instruction requires [t] but stack has [u]" (`actual` nil: empty).
    @inline(never)
    mutating func mismatch(expected: ValType, actual: ValType?) -> ValidationError {
        error("type mismatch: instruction requires [\(expected)] but stack has [\(actual.map { "\($0)" } ?? "")]")
    }

    /// Pops a reference (or `⊥`, returned as a non-null reference to the bottom heap type).
    mutating func popRef() throws -> ValType {
        if vals.count == height {
            if polymorphic { return .ref(.bottom, nullable: false) }
            throw error("type mismatch: instruction requires a reference but stack has []")
        }
        let actual = vals.removeLast()
        if actual == .bottom { return .ref(.bottom, nullable: false) }
        guard actual.isRef else {
            throw error("type mismatch: instruction requires a reference but stack has [\(actual)]")
        }
        return actual
    }

    /// Whether the top `list.count` operands (all above the current frame) are exactly the
    /// types of `list`. A branch-free loop over the encodings, so long lists compare quickly.
    @inline(__always)
    private func stackTopEquals(_ list: TypeList) -> Bool {
        let k = Int(list.count)
        let n = vals.count
        guard n - k >= height else { return false }
        let v = vals.base + (n - k)
        return ctx.arena.withUnsafeBufferPointer { a in
            let ab = Int(list.base)
            guard ab + k <= a.count else { return false }
            var diff: UInt64 = 0
            for i in 0..<k { diff |= v[i].raw ^ a[ab + i].raw }
            return diff == 0
        }
    }

    /// `pop(list)` followed by `push(list)`: the operands are replaced by the list's types.
    @inline(__always)
    mutating func popPush(_ list: TypeList) throws {
        if list.count == 0 || stackTopEquals(list) { return }
        try pop(list)
        push(list)
    }

    mutating func pop(_ list: TypeList) throws {
        if list.count > 1 && stackTopEquals(list) {
            vals.removeLast(Int(list.count))
            return
        }
        var i = Int(list.count)
        while i > 0 {
            i -= 1
            try pop(ctx.type(list, i))
        }
    }

    mutating func push(_ list: TypeList) {
        let base = Int(list.base)
        switch list.count {
        case 0: return
        case 1: vals.append(ctx.arena[base])
        default:
            let n = Int(list.count)
            ctx.arena.withUnsafeBufferPointer { a in
                guard base + n <= a.count, let start = a.baseAddress else { return }
                vals.append(start + base, count: n)
            }
        }
    }

    /// Checks that the top of the stack matches `list` without changing the stack (missing
    /// entries of a polymorphic stack count as `⊥`).
    private mutating func checkTop(_ list: TypeList) throws {
        let n = Int(list.count)
        let top = vals.count
        for i in 0..<n {
            let pos = top - n + i
            let actual: ValType
            if pos < height {
                if !polymorphic { throw mismatch() }
                actual = .bottom
            } else {
                actual = vals[pos]
            }
            if !ctx.matches(actual, ctx.type(list, i)) { throw mismatch() }
        }
    }

    // MARK: - Control stack

    /// Opens a block whose parameter types are already the top of the operand stack.
    mutating func pushCtrl(_ kind: FrameKind, _ params: TypeList, _ results: TypeList) {
        let h = vals.count - Int(params.count)
        ctrls.append(ControlFrame(kind: kind, params: params, results: results,
                                  height: UInt32(truncatingIfNeeded: h),
                                  initHeight: UInt32(truncatingIfNeeded: inits.count), unreachable: false))
        height = h
        polymorphic = false
        if ctrls.count > maxDepth { maxDepth = ctrls.count }
    }

    /// `block`, `loop`, `if` (after its condition) and `try_table`: pops the parameters, opens
    /// the frame and pushes them again as the block's own.
    @inline(__always)
    private mutating func enterBlock(_ kind: FrameKind, _ params: TypeList, _ results: TypeList) throws {
        try popPush(params)
        pushCtrl(kind, params, results)
    }

    /// Closes the current frame after checking its results. With `keepResults` the result types
    /// are left on (or put back onto) the operand stack, as `end` does.
    private mutating func popCtrl(keepResults: Bool) throws -> ControlFrame {
        guard let frame = ctrls.last else { throw error("unexpected end") }
        let k = Int(frame.results.count)
        if keepResults && vals.count == Int(frame.height) + k && stackTopEquals(frame.results) {
            // The results are exactly in place: nothing to pop and push again.
        } else {
            try pop(frame.results)
            if vals.count != Int(frame.height) {
                throw error("type mismatch: \(vals.count - Int(frame.height)) operand(s) left at the end of the block")
            }
            if keepResults { push(frame.results) }
        }
        resetLocals(Int(frame.initHeight))
        _ = ctrls.removeLast()
        if let top = ctrls.last {
            height = Int(top.height)
            polymorphic = top.unreachable
        } else {
            height = 0
            polymorphic = false
        }
        return frame
    }

    mutating func markUnreachable() {
        if vals.count > height { vals.removeLast(vals.count - height) }
        ctrls.top.unreachable = true
        polymorphic = true
    }

    /// The control stack index of label `depth`.
    @inline(__always)
    mutating func label(_ depth: UInt32) throws -> Int {
        guard Int(depth) < ctrls.count else { throw error("unknown label \(depth)") }
        return ctrls.count - 1 - Int(depth)
    }

    private mutating func blockTypes(_ bt: BlockType) throws -> (TypeList, TypeList) {
        switch bt {
        case .empty:
            return (.empty, .empty)
        case .value(let t):
            guard let v = ctx.valType(t) else { throw unknownType(t) }
            return (.empty, ctx.single(v))
        case .typeIndex(let i):
            let t = try functionType(i)
            return (ctx.typeParams[t], ctx.typeResults[t])
        }
    }

    // MARK: - Locals

    @inline(__always)
    private mutating func setLocal(_ i: Int) {
        if trackInit && !localInit[i] {
            localInit[i] = true
            inits.append(UInt32(truncatingIfNeeded: i))
        }
    }

    private mutating func resetLocals(_ to: Int) {
        while inits.count > to {
            localInit[Int(inits.removeLast())] = false
        }
    }

    @inline(__always)
    private mutating func local(_ index: UInt32) throws -> Int {
        guard Int(index) < locals.count else { throw error("unknown local \(index)") }
        return Int(index)
    }

    // MARK: - Index spaces

    private mutating func memory(_ index: UInt32) throws -> ValType {
        guard Int(index) < ctx.memories.count else { throw error("unknown memory \(index)") }
        return ctx.memories[Int(index)] ? .i64 : .i32
    }

    private mutating func table(_ index: UInt32) throws -> TableInfo {
        guard Int(index) < ctx.tables.count else { throw error("unknown table \(index)") }
        return ctx.tables[Int(index)]
    }

    private mutating func global(_ index: UInt32) throws -> GlobalInfo {
        guard Int(index) < ctx.globals.count else { throw error("unknown global \(index)") }
        return ctx.globals[Int(index)]
    }

    private mutating func function(_ index: UInt32) throws -> Int {
        guard Int(index) < ctx.functionTypes.count else { throw error("unknown function \(index)") }
        return Int(ctx.functionTypes[Int(index)])
    }

    mutating func typeIndex(_ index: UInt32) throws -> Int {
        guard Int(index) < ctx.typeCount else { throw error("unknown type \(index)") }
        return Int(index)
    }

    /// A type index that must name a function type.
    mutating func functionType(_ index: UInt32) throws -> Int {
        let t = try typeIndex(index)
        guard ctx.isFunction(t) else { throw error("type mismatch: type \(index) is not a function type") }
        return t
    }

    private mutating func tag(_ index: UInt32) throws -> Int {
        guard Int(index) < ctx.tags.count else { throw error("unknown tag \(index)") }
        return Int(ctx.tags[Int(index)])
    }

    mutating func element(_ index: UInt32) throws -> ValType {
        guard Int(index) < ctx.elementTypes.count else { throw error("unknown elem segment \(index)") }
        return ctx.elementTypes[Int(index)]
    }

    mutating func data(_ index: UInt32) throws {
        guard let count = ctx.dataCount else {
            throw DecodeError("data count section required", offset: offset)
        }
        guard index < count else { throw error("unknown data segment \(index)") }
    }

    // MARK: - Instructions

    /// Validates the next instruction of the body. `decoder` is the decoder that produced it
    /// (for the `br_table` targets, `select` types and `try_table` clauses, and the raw bytes).
    ///
    /// Throws `ValidationError`, or `DecodeError` for structural problems of the binary
    /// (`else` without `if`, "data count section required", "zero byte expected").
    mutating func validate(_ ins: Instruction, decoder: InstructionDecoder) throws {
        offset = ins.offset
        let op = ins.opcode
        let sig = signatures[Int(op.rawValue)]
        if sig != 0 {
            if op == .memorySize || op == .memoryGrow, !ctx.features.contains(.multiMemory) {
                try checkZeroBytes(1, decoder)
            }
            try validateSimple(ins, sig)
        } else {
            try validateSpecial(ins, decoder: decoder)
        }
        if vals.count > maxHeight { try raiseMaxHeight() }
    }

    /// Records a new maximum operand stack height, within the implementation limit.
    @inline(never)
    mutating func raiseMaxHeight() throws {
        maxHeight = vals.count
        if maxHeight > ValidationLimits.maxOperandStackHeight {
            throw error("operand stack too deep (implementation limit \(ValidationLimits.maxOperandStackHeight))")
        }
    }

    /// Validates a whole body: the instructions in `range` of `bytes`, which must end exactly
    /// with the function's final `end`.
    ///
    /// The most frequent instruction forms (no immediates, one-byte indices, short constants,
    /// simple memory operands, blocks with a short block type) are decoded here directly from
    /// the bytes; everything else goes through `InstructionDecoder` and `validate(_:decoder:)`.
    /// Both paths share the same typing code.
    mutating func validateBody(bytes: [UInt8], range: Range<Int>) throws {
        var decoder = InstructionDecoder(bytes: bytes, range: range)
        try bytes.withUnsafeBufferPointer { buffer throws in
            try validateBody(buffer, decoder: &decoder, range: range)
        }
    }

    /// `validateBody(bytes:range:)` with `buffer` the storage of the module's bytes and
    /// `decoder` a decoder over them for the instructions the general paths decode (both made
    /// once for all the bodies of a module by `ModuleChecker.checkBodies`).
    ///
    /// `runFast` types instructions that start before its limit and reads up to `fastReach`
    /// bytes from each instruction's start without bounds checks. The limit is the body's end
    /// whenever the buffer holds `fastReach` bytes past it (the next body, or the sections
    /// after the code), so a body's last instructions and its final `end` are typed in the
    /// fast loop too. An instruction that starts inside the body and ends past it cannot be
    /// valid: when the fast loop has typed one (its bytes running on into what follows), the
    /// body is checked again from its start with the limit `fastReach` bytes before its end,
    /// where the general paths see that instruction and report the error they always do.
    mutating func validateBody(_ buffer: UnsafeBufferPointer<UInt8>, decoder: inout InstructionDecoder,
                               range: Range<Int>) throws {
        let end = min(range.upperBound, buffer.count)
        guard !trackInit && usesFastRun else {
            _ = try checkInstructions(buffer, &decoder, range, fastLimit: range.lowerBound)
            return
        }
        let reach = min(end, buffer.count - Self.fastReach)
        if try checkInstructions(buffer, &decoder, range, fastLimit: reach) { return }
        startFunctionFrame()
        _ = try checkInstructions(buffer, &decoder, range, fastLimit: end - Self.fastReach)
    }

    /// Validates the instructions in `range`: `runFast` for those that start before
    /// `fastLimit`, the general paths for the rest. False, with the state undefined, when an
    /// instruction typed by `runFast` ran past the end of `range`.
    private mutating func checkInstructions(_ buf: UnsafeBufferPointer<UInt8>, _ decoder: inout InstructionDecoder,
                                            _ range: Range<Int>, fastLimit: Int) throws -> Bool {
        let end = min(range.upperBound, buf.count)
        decoder.reader.end = end
        var pos = range.lowerBound
        while true {
            if pos < fastLimit, let base = buf.baseAddress {
                pos = runFast(base, from: pos, to: fastLimit)
                if pos > end { return false }
                if isFinished { break }
            }
            guard pos < end else { throw DecodeError("END opcode expected", offset: pos) }
            offset = pos
            let byte = buf[pos]
            if let next = try validateHot(byte, buf, pos, end) {
                pos = next
                if isFinished { break }
                continue
            }
            let entry = fast[Int(byte)]
            if entry != 0, let next = try validateFast(entry, buf, pos, end) {
                pos = next
                if vals.count > maxHeight { try raiseMaxHeight() }
                if isFinished { break }
                continue
            }
            pos = try validateDecoded(&decoder, at: pos)
            if isFinished { break }
        }
        if pos != end { throw DecodeError("section size mismatch", offset: pos) }
        return true
    }

    /// Decodes the instruction at `pos` with the general decoder and validates it; returns the
    /// offset after it.
    private mutating func validateDecoded(_ decoder: inout InstructionDecoder, at pos: Int) throws -> Int {
        decoder.reader.offset = pos
        let ins: Instruction
        do {
            ins = try decoder.next()
        } catch {
            // Running out of bytes inside a body is the end of the function, not the binary.
            if error.message == "unexpected end" {
                throw DecodeError("unexpected end of section or function", offset: error.offset)
            }
            throw error
        }
        try validate(ins, decoder: decoder)
        return decoder.reader.offset
    }

    /// Reads an unsigned LEB128 of at most `maxBytes` bytes (few enough that any value fits the
    /// target type), or returns nil so that the general decoder handles (and checks) it.
    @inline(__always)
    private static func shortLEB(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int,
                                 _ maxBytes: Int) -> (UInt64, Int)? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var p = i
        while p < end && p - i < maxBytes {
            let b = buf[p]
            result |= UInt64(b & 0x7F) << shift
            p += 1
            if b < 0x80 { return (result, p) }
            shift += 7
        }
        return nil
    }

    /// Skips a LEB128 of at most `maxBytes` bytes; nil when longer (left to the decoder).
    @inline(__always)
    private static func skipLEB(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int,
                                _ maxBytes: Int) -> Int? {
        var p = i
        while p < end && p - i < maxBytes {
            let b = buf[p]
            p += 1
            if b < 0x80 { return p }
        }
        return nil
    }

    /// Validates the instruction at `pos` if it has a fast-path form; returns the offset after
    /// it, or nil to leave it to the general decoder.
    @inline(__always)
    private mutating func validateFast(_ entry: UInt32, _ buf: UnsafeBufferPointer<UInt8>, _ pos: Int,
                                       _ end: Int) throws -> Int? {
        let opRaw = Int(entry & 0xFFFF)
        offset = pos
        switch entry >> 16 {
        case FastKind.simple:
            try applySignature(signatures[opRaw], .i32)
            return pos + 1
        case FastKind.noImmediate:
            guard let op = Opcode(rawValue: UInt16(opRaw)) else { return nil }
            try validateNoImmediate(op)
            return pos + 1
        case FastKind.localGet, FastKind.localSet, FastKind.localTee, FastKind.globalGet,
             FastKind.globalSet, FastKind.br, FastKind.brIf, FastKind.call:
            guard let (index, next) = Self.shortLEB(buf, pos + 1, end, 4) else { return nil }
            let i = UInt32(truncatingIfNeeded: index)
            switch entry >> 16 {
            case FastKind.localGet: try localGet(i)
            case FastKind.localSet: try localSet(i)
            case FastKind.localTee: try localTee(i)
            case FastKind.globalGet: try globalGet(i)
            case FastKind.globalSet: try globalSet(i)
            case FastKind.br: try br(i)
            case FastKind.brIf: try brIf(i)
            default: try call(i)
            }
            return next
        case FastKind.i32Const:
            guard let next = Self.skipLEB(buf, pos + 1, end, 4) else { return nil }
            push(.i32)
            return next
        case FastKind.i64Const:
            guard let next = Self.skipLEB(buf, pos + 1, end, 9) else { return nil }
            push(.i64)
            return next
        case FastKind.f32Const:
            guard end - pos >= 5 else { return nil }
            push(.f32)
            return pos + 5
        case FastKind.f64Const:
            guard end - pos >= 9 else { return nil }
            push(.f64)
            return pos + 9
        case FastKind.memarg:
            // Alignment flags in one byte without the memory-index bit, offset in few bytes.
            guard pos + 1 < end, buf[pos + 1] < 0x40,
                  let (memOffset, next) = Self.shortLEB(buf, pos + 2, end, 9) else { return nil }
            let sig = signatures[opRaw]
            let address = try memoryAccess(opRaw, align: UInt32(buf[pos + 1]), offset: memOffset,
                                           memory: 0)
            try applySignature(sig, address)
            return next
        case FastKind.block, FastKind.loop, FastKind.if:
            guard pos + 1 < end else { return nil }
            let bt: TypeList
            switch buf[pos + 1] {
            case 0x40: bt = .empty
            case 0x7F: bt = TypeList(base: 0, count: 1)
            case 0x7E: bt = TypeList(base: 1, count: 1)
            case 0x7D: bt = TypeList(base: 2, count: 1)
            case 0x7C: bt = TypeList(base: 3, count: 1)
            case 0x7B: bt = TypeList(base: 4, count: 1)
            default: return nil
            }
            switch entry >> 16 {
            case FastKind.block: pushCtrl(.block, .empty, bt)
            case FastKind.loop: pushCtrl(.loop, .empty, bt)
            default:
                try pop(.i32)
                pushCtrl(.ifThen, .empty, bt)
            }
            return pos + 2
        default:
            return nil
        }
    }

    /// Fast-path classes of single-byte opcodes (`OpcodeTables.fastPath`, bits 16–23).
    enum FastKind {
        static let simple: UInt32 = 1
        static let noImmediate: UInt32 = 2
        static let localGet: UInt32 = 3
        static let localSet: UInt32 = 4
        static let localTee: UInt32 = 5
        static let globalGet: UInt32 = 6
        static let globalSet: UInt32 = 7
        static let br: UInt32 = 8
        static let brIf: UInt32 = 9
        static let call: UInt32 = 10
        static let i32Const: UInt32 = 11
        static let i64Const: UInt32 = 12
        static let f32Const: UInt32 = 13
        static let f64Const: UInt32 = 14
        static let memarg: UInt32 = 15
        static let block: UInt32 = 16
        static let loop: UInt32 = 17
        static let `if`: UInt32 = 18
    }

    /// An atomic memory access: the threads feature must be on (otherwise its encoding is no
    /// instruction), and its alignment must be exactly the width it accesses.
    @inline(never)
    private mutating func checkAtomicAccess(_ opRaw: Int, align: UInt32, natural: UInt32) throws {
        try requireThreads(opRaw)
        if align != natural {
            throw error(align > natural ? "alignment must not be larger than natural"
                        : "atomic alignment must be exactly natural")
        }
    }

    /// Without the threads feature the 0xFE instructions' encodings are not instructions.
    private func requireThreads(_ opRaw: Int) throws {
        guard ctx.features.contains(.threads) else {
            let name = Opcode(rawValue: UInt16(truncatingIfNeeded: opRaw))?.name ?? "atomic instruction"
            throw DecodeError("illegal opcode fe (\(name): the threads proposal is off)", offset: offset)
        }
    }

    /// Without the wide-arithmetic feature its instructions' encodings are not instructions.
    private func requireWideArithmetic(_ ins: Instruction) throws {
        guard ctx.features.contains(.wideArithmetic) else {
            let code: Int
            switch ins.opcode {
            case .i64Add128: code = 19
            case .i64Sub128: code = 20
            case .i64MulWideS: code = 21
            default: code = 22
            }
            throw DecodeError("illegal opcode fc \(code)", offset: ins.offset)
        }
    }

    /// WebAssembly 2.0 encodes the memory operand of `memory.*` instructions as `count` reserved
    /// zero bytes (not LEB128 memory indices) at the end of the instruction.
    @inline(never)
    private mutating func checkZeroBytes(_ count: Int, _ decoder: InstructionDecoder) throws {
        let bytes = decoder.reader.bytes
        let end = decoder.offset
        guard end - count - 1 >= offset, end <= bytes.count else {
            throw DecodeError("zero byte expected", offset: offset)
        }
        for i in (end - count)..<end where bytes[i] != 0 {
            throw DecodeError("zero byte expected", offset: i)
        }
        // The byte before the reserved ones ends the opcode or an index: no continuation bit,
        // otherwise a reserved byte was really part of a longer LEB128 encoding.
        if bytes[end - count - 1] & 0x80 != 0 {
            throw DecodeError("zero byte expected", offset: end - count - 1)
        }
    }

    /// Checks a memory operand; returns the address type of its memory.
    @inline(__always)
    private mutating func memoryAccess(_ opRaw: Int, align: UInt32, offset memOffset: UInt64,
                                       memory index: UInt32) throws -> ValType {
        let address = try memory(index)
        let facts = aux[opRaw]
        if facts & OpcodeTables.atomicFlag != 0 {
            try checkAtomicAccess(opRaw, align: align, natural: UInt32(facts & 0xFF))
        } else if align > UInt32(facts & 0xFF) {
            throw error("alignment must not be larger than natural")
        }
        if address == .i32 && memOffset > UInt64(UInt32.max) {
            throw error("offset out of range")
        }
        return address
    }

    @inline(__always)
    private mutating func validateSimple(_ ins: Instruction, _ sig: UInt32) throws {
        var address = ValType.i32
        let check = (sig >> 20) & 0xF
        if check != 0 {
            let opRaw = Int(ins.opcode.rawValue)
            let lanes = UInt32(aux[opRaw] >> 8)
            switch check {
            case OpcodeTables.checkMemarg, OpcodeTables.checkMemargLane:
                address = try memoryAccess(opRaw, align: ins.memarg.align, offset: ins.memarg.offset,
                                           memory: ins.memarg.memory)
                if check == OpcodeTables.checkMemargLane && ins.index >= lanes {
                    throw error("invalid lane index")
                }
            case OpcodeTables.checkMemory:
                address = try memory(ins.index)
            case OpcodeTables.checkLane:
                if ins.index >= lanes { throw error("invalid lane index") }
            default:  // shuffle
                let v = ins.v128
                if (v.lo | v.hi) & 0xE0E0_E0E0_E0E0_E0E0 != 0 { throw error("invalid lane index") }
            }
        }
        try applySignature(sig, address)
    }

    /// Pops the parameters and pushes the result of a fixed signature.
    @inline(__always)
    private mutating func applySignature(_ sig: UInt32, _ address: ValType) throws {
        let count = sig & 3
        let result = (sig >> 16) & 0xF
        let n = vals.count
        // Fast paths: operands already on the stack with exactly the expected types.
        if count == 2 {
            let t0 = Self.operand((sig >> 4) & 0xF, address)
            let t1 = Self.operand((sig >> 8) & 0xF, address)
            if n >= height + 2 && vals[n - 1] == t1 && vals[n - 2] == t0 {
                if result == 0 {
                    vals.removeLast(2)
                } else {
                    vals.removeLast()
                    vals[n - 2] = Self.operand(result, address)
                }
                return
            }
        } else if count == 1 {
            let t0 = Self.operand((sig >> 4) & 0xF, address)
            if n > height && vals[n - 1] == t0 {
                if result == 0 {
                    vals.removeLast()
                } else {
                    vals[n - 1] = Self.operand(result, address)
                }
                return
            }
        }
        var i = count
        while i > 0 {
            i -= 1
            let p = (sig >> (4 + 4 * i)) & 0xF
            try pop(Self.operand(p, address))
        }
        if result != 0 { push(Self.operand(result, address)) }
    }

    @inline(__always)
    static func operand(_ code: UInt32, _ address: ValType) -> ValType {
        code == UInt32(OperandType.address.rawValue) ? address : ValType(raw: UInt64(code))
    }

    // MARK: Instructions shared by both paths

    @inline(__always)
    private mutating func localGet(_ index: UInt32) throws {
        let i = try local(index)
        if trackInit && !localInit[i] { throw error("uninitialized local") }
        push(locals[i])
    }

    @inline(__always)
    private mutating func localSet(_ index: UInt32) throws {
        let i = try local(index)
        try pop(locals[i])
        setLocal(i)
    }

    @inline(__always)
    private mutating func localTee(_ index: UInt32) throws {
        let i = try local(index)
        let t = locals[i]
        let n = vals.count
        if n > height && vals[n - 1] == t {
            setLocal(i)
            return
        }
        try pop(t)
        setLocal(i)
        push(t)
    }

    @inline(__always)
    mutating func globalGet(_ index: UInt32) throws {
        push(try global(index).type)
    }

    @inline(__always)
    mutating func globalSet(_ index: UInt32) throws {
        let g = try global(index)
        guard g.mutable else { throw error("immutable global") }
        try pop(g.type)
    }

    @inline(__always)
    mutating func br(_ depth: UInt32) throws {
        let f = try label(depth)
        try pop(ctrls[f].labelTypes)
        markUnreachable()
    }

    @inline(__always)
    mutating func brIf(_ depth: UInt32) throws {
        let f = try label(depth)
        try pop(.i32)
        try popPush(ctrls[f].labelTypes)
    }

    @inline(__always)
    mutating func call(_ index: UInt32) throws {
        let t = try function(index)
        try pop(ctx.typeParams[t])
        push(ctx.typeResults[t])
    }

    @inline(__always)
    mutating func callIndirect(type typeIndexValue: UInt32, table tableIndex: UInt32) throws {
        let tab = try table(tableIndex)
        let t = try functionType(typeIndexValue)
        guard ctx.matches(tab.element, .funcref) else { throw mismatch() }
        try pop(tab.is64 ? .i64 : .i32)
        try pop(ctx.typeParams[t])
        push(ctx.typeResults[t])
    }

    /// Instructions without immediates that are typed by hand.
    mutating func validateNoImmediate(_ op: Opcode) throws {
        switch op {
        case .unreachable:
            markUnreachable()
        case .nop:
            break
        case .else:
            guard let top = ctrls.last, top.kind == .ifThen else {
                throw DecodeError("else without matching if", offset: offset)
            }
            let frame = try popCtrl(keepResults: false)
            push(frame.params)
            pushCtrl(.ifElse, frame.params, frame.results)
        case .end:
            let frame = try popCtrl(keepResults: true)
            if frame.kind == .ifThen && !ctx.listMatches(frame.params, frame.results) {
                // An `if` without `else` has an empty else branch: [params] -> [results].
                throw mismatch()
            }
            if ctrls.isEmpty { isFinished = true }
        case .return:
            try pop(returnTypes)
            markUnreachable()
        case .throwRef:
            try pop(.exnref)
            markUnreachable()
        case .drop:
            _ = try pop()
        case .select:
            try pop(.i32)
            let t1 = try pop()
            let t2 = try pop()
            guard (t1.isNumOrBottom && t2.isNumOrBottom) || (t1.isVecOrBottom && t2.isVecOrBottom) else {
                throw mismatch()
            }
            guard t1 == t2 || t1 == .bottom || t2 == .bottom else { throw mismatch() }
            push(t1 == .bottom ? t2 : t1)
        case .refIsNull:
            _ = try popRef()
            push(.i32)
        case .refAsNonNull:
            let r = try popRef()
            push(r.withNullable(false))
        case .refEq:
            try pop(.eqref)
            try pop(.eqref)
            push(.i32)
        case .catchAll:
            try legacyCatch(tag: nil)
        default:
            throw error("unsupported instruction \(op.name)")
        }
    }

    private mutating func validateSpecial(_ ins: Instruction, decoder: InstructionDecoder) throws {
        switch ins.opcode {
        case .unreachable, .nop, .else, .end, .return, .throwRef, .drop, .select, .refIsNull,
             .refAsNonNull, .refEq, .catchAll:
            try validateNoImmediate(ins.opcode)

        case .block, .loop:
            let (params, results) = try blockTypes(ins.blockType)
            try enterBlock(ins.opcode == .block ? .block : .loop, params, results)
        case .if:
            let (params, results) = try blockTypes(ins.blockType)
            try pop(.i32)
            try enterBlock(.ifThen, params, results)
        case .tryTable:
            let (params, results) = try blockTypes(ins.blockType)
            try popPush(params)
            for clause in decoder.catchClauses {
                try checkCatch(clause)
            }
            pushCtrl(.tryTable, params, results)

        case .br:
            try br(ins.index)
        case .brIf:
            try brIf(ins.index)
        case .brTable:
            try pop(.i32)
            try brTable(decoder.brTableTargets)
        case .brOnNull:
            let f = try label(ins.index)
            let r = try popRef()
            try popPush(ctrls[f].labelTypes)
            push(r.withNullable(false))
        case .brOnNonNull:
            let f = try label(ins.index)
            let r = try popRef()
            let types = ctrls[f].labelTypes
            guard types.count > 0,
                  ctx.matches(r.withNullable(false), ctx.type(types, Int(types.count) - 1)) else {
                throw mismatch()
            }
            let prefix = TypeList(base: types.base, count: types.count - 1)
            try pop(prefix)
            push(prefix)

        case .call:
            try call(ins.index)
        case .callIndirect:
            try callIndirect(type: ins.index, table: ins.index2)
        case .callRef:
            let t = try functionType(ins.index)
            try pop(ctx.typeRef(t, nullable: true))
            try pop(ctx.typeParams[t])
            push(ctx.typeResults[t])
        case .returnCall:
            let t = try function(ins.index)
            try checkTailResults(t)
            try pop(ctx.typeParams[t])
            markUnreachable()
        case .returnCallIndirect:
            let tab = try table(ins.index2)
            let t = try functionType(ins.index)
            guard ctx.matches(tab.element, .funcref) else { throw mismatch() }
            try checkTailResults(t)
            try pop(tab.is64 ? .i64 : .i32)
            try pop(ctx.typeParams[t])
            markUnreachable()
        case .returnCallRef:
            let t = try functionType(ins.index)
            try checkTailResults(t)
            try pop(ctx.typeRef(t, nullable: true))
            try pop(ctx.typeParams[t])
            markUnreachable()

        case .throw:
            let t = try tag(ins.index)
            try pop(ctx.typeParams[t])
            markUnreachable()
        case .try:
            let (params, results) = try blockTypes(ins.blockType)
            try enterBlock(.legacyTry, params, results)
        case .catch:
            try legacyCatch(tag: ins.index)
        case .delegate:
            try legacyDelegate(ins.index)
        case .rethrow:
            let f = try label(ins.index)
            guard ctrls[f].kind == .legacyCatch || ctrls[f].kind == .legacyCatchAll else {
                throw error("invalid rethrow label")
            }
            markUnreachable()

        case .selectT:
            let types = decoder.selectTypes
            guard types.count == 1 else { throw error("invalid result arity") }
            guard let t = ctx.valType(types[0]) else { throw unknownType(types[0]) }
            try pop(.i32)
            try pop(t)
            try pop(t)
            push(t)

        case .localGet:
            try localGet(ins.index)
        case .localSet:
            try localSet(ins.index)
        case .localTee:
            try localTee(ins.index)
        case .globalGet:
            try globalGet(ins.index)
        case .globalSet:
            try globalSet(ins.index)

        case .tableGet:
            let tab = try table(ins.index)
            try pop(tab.is64 ? .i64 : .i32)
            push(tab.element)
        case .tableSet:
            let tab = try table(ins.index)
            try pop(tab.element)
            try pop(tab.is64 ? .i64 : .i32)
        case .tableSize:
            let tab = try table(ins.index)
            push(tab.is64 ? .i64 : .i32)
        case .tableGrow:
            let tab = try table(ins.index)
            let a: ValType = tab.is64 ? .i64 : .i32
            try pop(a)
            try pop(tab.element)
            push(a)
        case .tableFill:
            let tab = try table(ins.index)
            let a: ValType = tab.is64 ? .i64 : .i32
            try pop(a)
            try pop(tab.element)
            try pop(a)
        case .tableCopy:
            let dst = try table(ins.index)
            let src = try table(ins.index2)
            guard ctx.matches(src.element, dst.element) else { throw mismatch() }
            try pop(dst.is64 && src.is64 ? .i64 : .i32)
            try pop(src.is64 ? .i64 : .i32)
            try pop(dst.is64 ? .i64 : .i32)
        case .tableInit:
            let tab = try table(ins.index2)
            let e = try element(ins.index)
            guard ctx.matches(e, tab.element) else { throw mismatch() }
            try pop(.i32)
            try pop(.i32)
            try pop(tab.is64 ? .i64 : .i32)
        case .elemDrop:
            _ = try element(ins.index)

        case .memoryInit:
            if ctx.dataCount == nil { try data(ins.index) }
            if !ctx.features.contains(.multiMemory) { try checkZeroBytes(1, decoder) }
            let a = try memory(ins.index2)
            try data(ins.index)
            try pop(.i32)
            try pop(.i32)
            try pop(a)
        case .dataDrop:
            try data(ins.index)
        case .memoryCopy:
            if !ctx.features.contains(.multiMemory) { try checkZeroBytes(2, decoder) }
            let dst = try memory(ins.index)
            let src = try memory(ins.index2)
            try pop(dst == .i64 && src == .i64 ? .i64 : .i32)
            try pop(src)
            try pop(dst)
        case .memoryFill:
            if !ctx.features.contains(.multiMemory) { try checkZeroBytes(1, decoder) }
            let a = try memory(ins.index)
            try pop(a)
            try pop(.i32)
            try pop(a)

        case .atomicFence:
            try requireThreads(Int(ins.opcode.rawValue))

        case .i64Add128, .i64Sub128:
            try requireWideArithmetic(ins)
            try pop(.i64)
            try pop(.i64)
            try pop(.i64)
            try pop(.i64)
            push(.i64)
            push(.i64)
        case .i64MulWideS, .i64MulWideU:
            try requireWideArithmetic(ins)
            try pop(.i64)
            try pop(.i64)
            push(.i64)
            push(.i64)

        case .refNull:
            guard let t = ctx.heapRef(ins.heapType, nullable: true) else {
                throw unknownType(.ref(RefType(nullable: true, heapType: ins.heapType)))
            }
            push(t)
        case .refFunc:
            _ = try function(ins.index)
            guard ctx.declaredFunctions[Int(ins.index)] else {
                throw error("undeclared function reference")
            }
            push(ctx.functionRef(Int(ins.index)))

        default:
            if ins.opcode.isGC {
                try validateGC(ins)
                return
            }
            // Every instruction without a simple signature is handled above; an opcode added to
            // the table without validation rules is rejected rather than accepted untyped.
            throw error("unsupported instruction \(ins.opcode.name)")
        }
    }

    /// `return_call*`: the callee's results must match the caller's.
    private mutating func checkTailResults(_ t: Int) throws {
        if !ctx.listMatches(ctx.typeResults[t], returnTypes) { throw mismatch() }
    }

    private mutating func brTable(_ targets: [UInt32]) throws {
        guard let last = targets.last else { throw mismatch() }
        let arity = ctrls[try label(last)].labelTypes.count
        stamp &+= 1
        if stamp == 0 {
            for i in stamps.indices { stamps[i] = 0 }
            stamp = 1
        }
        for target in targets {
            let types = ctrls[try label(target)].labelTypes
            guard types.count == arity else { throw mismatch() }
            if types.count == 0 || stamps[Int(types.base)] == stamp { continue }
            stamps[Int(types.base)] = stamp
            try checkTop(types)
        }
        markUnreachable()
    }

    /// Legacy `catch x` (`tag` the tag index) or `catch_all` (nil): ends the `try` body or the
    /// previous catch section as `else` ends a then branch (the stack must be the results),
    /// then opens the section with the tag's parameters (nothing for `catch_all`) on the stack.
    private mutating func legacyCatch(tag index: UInt32?) throws {
        guard let top = ctrls.last, top.kind == .legacyTry || top.kind == .legacyCatch else {
            let message = ctrls.last?.kind == .legacyCatchAll ? "catch after catch_all" : "catch without matching try"
            throw DecodeError(message, offset: offset)
        }
        var payload = TypeList.empty
        if let index { payload = ctx.typeParams[try tag(index)] }
        let frame = try popCtrl(keepResults: false)
        push(payload)
        pushCtrl(index == nil ? .legacyCatchAll : .legacyCatch, payload, frame.results)
    }

    /// Legacy `delegate l`: ends a `try` that has no catch section (its results stay on the
    /// stack); `l` names a frame outside the `try` (the function's own frame included).
    private mutating func legacyDelegate(_ depth: UInt32) throws {
        guard let top = ctrls.last, top.kind == .legacyTry else {
            throw DecodeError("delegate without matching try", offset: offset)
        }
        _ = try popCtrl(keepResults: true)
        _ = try label(depth)
    }

    /// A `try_table` clause: the label (outside the try_table) must accept the caught values.
    private mutating func checkCatch(_ clause: CatchClause) throws {
        let f = try label(clause.label)
        let types = ctrls[f].labelTypes
        var payload = TypeList.empty
        if clause.kind == .catch || clause.kind == .catchRef {
            payload = ctx.typeParams[try tag(clause.tag)]
        }
        let withRef = clause.kind == .catchRef || clause.kind == .catchAllRef
        guard types.count == payload.count + (withRef ? 1 : 0) else { throw mismatch() }
        for i in 0..<Int(payload.count) where !ctx.matches(ctx.type(payload, i), ctx.type(types, i)) {
            throw mismatch()
        }
        if withRef && !ctx.matches(.nonNullExnref, ctx.type(types, Int(types.count) - 1)) {
            throw mismatch()
        }
    }
}

