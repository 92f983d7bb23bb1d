import WasmBinary
import WasmValidation

/// Translates one validated function body into threaded code: a flat array of 64-bit words in
/// which every operand is a frame slot and every branch target is resolved.
///
/// Slots: the frame holds the parameters and locals first, then the operand stack. Each value
/// takes one slot, a v128 two. The translator tracks the operand stack's slot layout, so the
/// code needs no stack pointer at run time.
struct Translator {
    let store: Store
    let instance: Instance
    let module: Module
    let type: FunctionType
    var words: [UInt64] = []
    var sizes: [UInt8] = []
    var height: Int
    var maxHeight: Int
    var controls: [TranslationControl] = []
    var handlers: [ExceptionHandler] = []
    var localSlot: [Int] = []
    var localSize: [UInt8] = []
    let localSlots: Int
    let resultSlots: Int
    /// Nesting depth of blocks inside unreachable code being skipped.
    var skipDepth = 0

    init(store: Store, instance: Instance, type: FunctionType, body: FunctionBody) {
        self.store = store
        self.instance = instance
        self.module = instance.module.module
        self.type = type
        var slot = 0
        for t in type.parameters + body.locals {
            localSlot.append(slot)
            localSize.append(UInt8(slotSize(t)))
            slot += slotSize(t)
        }
        localSlots = slot
        resultSlots = slotCount(type.results)
        height = slot
        maxHeight = slot
    }

    // MARK: Emission helpers

    @inline(__always) mutating func emit(_ w: UInt64) { words.append(w) }

    @inline(__always) func op(_ o: ThreadedOp, _ high: Int = 0) -> UInt64 {
        UInt64(o.rawValue) | (UInt64(truncatingIfNeeded: high) << 32)
    }

    @inline(__always) func pair(_ lo: Int, _ hi: Int) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: lo)) | (UInt64(truncatingIfNeeded: hi) << 32)
    }

    @inline(__always) mutating func push(_ size: Int) -> Int {
        let slot = height
        sizes.append(UInt8(size))
        height += size
        if height > maxHeight { maxHeight = height }
        return slot
    }

    @inline(__always) mutating func push(_ type: ValueType) -> Int { push(slotSize(type)) }

    mutating func pop() throws(TranslationError) -> Int {
        guard let s = sizes.popLast() else { throw TranslationError(message: "operand stack underflow") }
        height -= Int(s)
        return height
    }

    mutating func pushAll(_ types: [ValueType]) {
        for t in types { _ = push(t) }
    }

    mutating func popAll(_ count: Int) throws(TranslationError) {
        for _ in 0..<count { _ = try pop() }
    }

    mutating func emitCopy(to dst: Int, from src: Int, slots: Int) {
        if dst == src { return }
        for i in 0..<slots {
            emit(op(.copy1, dst + i))
            emit(UInt64(src + i))
        }
    }

    /// Patches a fixup to jump to `target`.
    mutating func patch(_ f: Fixup, to target: Int) {
        words[f.position] = UInt64(bitPattern: Int64(target - f.base))
    }

    // MARK: Types

    func functionType(_ index: UInt32) throws(TranslationError) -> FunctionType {
        var i = Int(index)
        for imp in module.imports {
            if case .function(let t) = imp.descriptor {
                if i == 0 { return module.types[Int(t)] }
                i -= 1
            }
        }
        guard i < module.functionTypeIndices.count else { throw TranslationError(message: "unknown function \(index)") }
        return module.types[Int(module.functionTypeIndices[i])]
    }

    func blockSignature(_ bt: BlockType) throws(TranslationError) -> ([ValueType], [ValueType]) {
        switch bt {
        case .empty: return ([], [])
        case .value(let t): return ([], [t])
        case .typeIndex(let i):
            guard Int(i) < module.types.count else { throw TranslationError(message: "unknown type \(i)") }
            return (module.types[Int(i)].parameters, module.types[Int(i)].results)
        }
    }

    func globalType(_ index: UInt32) -> ValueType {
        store.globals[instance.globalAddresses[Int(index)]].type.valueType
    }

    // MARK: Branches

    /// Emits the moves that put a branch's values where label `depth` expects them, then the jump.
    mutating func emitBranch(depth: UInt32) throws(TranslationError) {
        let index = controls.count - 1 - Int(depth)
        guard index >= 0 else { throw TranslationError(message: "unknown label") }
        let target = controls[index]
        let n = slotTotal(target.labelSizes)
        if target.kind == .function {
            emitCopy(to: 0, from: height - n, slots: n)
            emit(op(.ret))
            return
        }
        emitCopy(to: target.startHeight, from: height - n, slots: n)
        let base = words.count
        emit(op(.jump))
        emitTarget(controlIndex: index, base: base)
    }

    /// Emits one target word for a jump starting at `base` to the label of `controls[index]`.
    mutating func emitTarget(controlIndex index: Int, base: Int) {
        if controls[index].kind == .loop {
            emit(UInt64(bitPattern: Int64(controls[index].loopTarget - base)))
        } else {
            controls[index].fixups.append(Fixup(position: words.count, base: base))
            emit(0)
        }
    }

    /// Whether a branch to `depth` needs value moves or is a return.
    func branchNeedsMoves(depth: UInt32, extraTop: Int = 0) -> Bool {
        let index = controls.count - 1 - Int(depth)
        guard index >= 0 else { return true }
        let target = controls[index]
        if target.kind == .function { return true }
        let n = slotTotal(target.labelSizes)
        return target.startHeight != height - extraTop - n
    }

    /// A conditional branch: `direct` jumps to the label when the condition holds (no moves
    /// needed); otherwise `inverse` skips a move-and-jump sequence.
    mutating func emitConditionalBranch(depth: UInt32, slot: Int, direct: ThreadedOp, inverse: ThreadedOp) throws(TranslationError) {
        if !branchNeedsMoves(depth: depth) {
            let base = words.count
            emit(op(direct, slot))
            emitTarget(controlIndex: controls.count - 1 - Int(depth), base: base)
            return
        }
        let base = words.count
        emit(op(inverse, slot))
        let skip = Fixup(position: words.count, base: base)
        emit(0)
        try emitBranch(depth: depth)
        patch(skip, to: words.count)
    }

    mutating func markUnreachable() {
        if !controls.isEmpty { controls[controls.count - 1].unreachable = true }
    }
}
