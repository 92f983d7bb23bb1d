import WasmBinary
import WasmValidation

/// Translates one validated function body into threaded code: a flat array of 64-bit words in
/// which every operand is a frame slot and every branch target is resolved.
///
/// Slots: the frame holds the parameters and locals first, then the operand stack. Each value
/// takes one slot, a v128 two. The translator tracks the operand stack's slot layout, so the
/// code needs no stack pointer at run time.
///
/// The translator sees the module, not an instance: a word naming something of the instance (a
/// function or tag address, a global's slots, a memory's state, a type ID) is emitted by
/// `emitLink`, which takes the value from `linkValues` (0 without) and records a ``CodeLink``.
/// So the code is made once per module and shared by all its instances (``CodeTemplate``):
/// `Store.link` writes another instance's values at the recorded words.
struct Translator {
    /// The module's bytes (its function bodies are read from them).
    let bytes: [UInt8]
    let facts: TranslationFacts
    /// The module's function types (`call_indirect`, block types).
    let types: [FunctionType]
    /// The module's types with their GC shapes (struct fields, array elements).
    let definedTypes: [SubType]
    let type: FunctionType
    var words: [UInt64] = []
    /// The linked words emitted so far, in position order.
    var links: [CodeLink] = []
    /// The values of the instance the code is made for; nil: 0 in every linked word (to check
    /// that linking alone makes an instance's code: `StoreConfiguration.checksSharedCode`).
    let linkValues: LinkValues?
    /// The operand stack model: each entry's size and where its value is now.
    var stack: [Operand] = []
    var height: Int
    var maxHeight: Int
    var controls: [TranslationControl] = []
    /// The pools behind the control frames' lists and sizes (see `TranslationControl`).
    var fixupLinks: [PoolLink<Fixup>] = []
    var handlerLinks: [PoolLink<Int>] = []
    var pendingCatches: [PendingCatch] = []
    var sizeArena: [UInt8] = []
    var handlers: [ExceptionHandler] = []
    var localSlot: [Int] = []
    var localSize: [UInt8] = []
    let localSlots: Int
    let resultSlots: Int
    /// Nesting depth of blocks inside unreachable code being skipped.
    var skipDepth = 0
    /// The last instruction that wrote the top entry's canonical slot through the destination
    /// field of its first word, while nothing has been emitted after it (for the
    /// `local.set` peephole and compare-and-branch fusion).
    var lastProducer: Producer?
    /// The last instruction emitted that wrote a value to its destination field. Unlike
    /// `lastProducer`, pushing a local or a constant (which emits nothing) keeps it, so the
    /// instruction reading the value can absorb it (`fuseResult`, `fuseAddress`); which
    /// instructions fuse is decided from its opcode.
    var lastFusable: Producer?
    /// The last `i32.add` (two-slot or immediate form) emitted, for a conditional branch testing
    /// its result to absorb (`emitBranchHead`); valid while it still ends the code.
    var lastAdd: Producer?
    /// The last plain `f64.load` of memory 0 emitted, while only instructions that neither write
    /// memory nor branch nor trap followed it (`keepsPendingLoad`), for a store of `*p ± a * b`
    /// to absorb (`fuseStoreBack`).
    var lastLoad: Producer?
    /// The last plain `i32.load` or `i32.load8_u` of memory 0 emitted, for an `i32.store` of its
    /// value plus a constant to the same address (`fuseComputedStore`) or a `br_if` on its value
    /// (`emitBranchHead`) to absorb; valid while it ends the code.
    var lastIntLoad: Producer?
    /// Where the last single-slot move (`copy1` or `const1`) starts and ends, and which it is
    /// (to merge it with a move right after it into one instruction).
    var lastMoveStart = -1
    var lastMoveEnd = -1
    var lastMoveIsConst = false
    /// The most recent code position something may jump to (no instruction may be merged across it).
    var lastLabel = -1
    /// Per local: still holding the zero every declared local starts with (no `local.set` or
    /// `local.tee` seen yet). Only used before the first label, while the code is straight-line.
    var untouchedLocals: [Bool] = []

    /// A translator of `body` that works in `buffers` (emptied first; `takeBuffers` gives them
    /// back for the next body).
    init(module: Module, facts: TranslationFacts, type: FunctionType, body: FunctionBody,
         buffers: consuming TranslatorBuffers, linkValues: LinkValues?) {
        self.bytes = module.bytes
        self.facts = facts
        self.types = module.types
        self.definedTypes = module.definedTypes
        self.type = type
        self.linkValues = linkValues
        words = buffers.words
        links = buffers.links
        stack = buffers.stack
        controls = buffers.controls
        fixupLinks = buffers.fixupLinks
        handlerLinks = buffers.handlerLinks
        pendingCatches = buffers.pendingCatches
        sizeArena = buffers.sizeArena
        localSlot = buffers.localSlot
        localSize = buffers.localSize
        untouchedLocals = buffers.untouchedLocals
        words.removeAll(keepingCapacity: true)
        links.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        controls.removeAll(keepingCapacity: true)
        fixupLinks.removeAll(keepingCapacity: true)
        handlerLinks.removeAll(keepingCapacity: true)
        pendingCatches.removeAll(keepingCapacity: true)
        sizeArena.removeAll(keepingCapacity: true)
        localSlot.removeAll(keepingCapacity: true)
        localSize.removeAll(keepingCapacity: true)
        untouchedLocals.removeAll(keepingCapacity: true)
        var slot = 0
        for t in type.parameters {
            localSlot.append(slot)
            localSize.append(UInt8(slotSize(t)))
            slot += slotSize(t)
        }
        for group in body.localGroups {
            let size = slotSize(group.type)
            for _ in 0..<Int(group.count) {
                localSlot.append(slot)
                localSize.append(UInt8(size))
                slot += size
            }
        }
        localSlots = slot
        untouchedLocals.append(contentsOf: repeatElement(false, count: type.parameters.count))
        untouchedLocals.append(contentsOf: repeatElement(true, count: body.localCount))
        resultSlots = slotCount(type.results)
        height = slot
        maxHeight = slot
    }

    /// Gives the buffers back for the next body (the code words and links were copied into the
    /// `CodeTemplate`). Word buffers grown past `TranslatorBuffers.maxKeptWords` are dropped.
    mutating func takeBuffers() -> TranslatorBuffers {
        var buffers = TranslatorBuffers()
        swap(&buffers.words, &words)
        if buffers.words.capacity > TranslatorBuffers.maxKeptWords { buffers.words = [] }
        swap(&buffers.links, &links)
        swap(&buffers.stack, &stack)
        swap(&buffers.controls, &controls)
        swap(&buffers.fixupLinks, &fixupLinks)
        swap(&buffers.handlerLinks, &handlerLinks)
        swap(&buffers.pendingCatches, &pendingCatches)
        swap(&buffers.sizeArena, &sizeArena)
        swap(&buffers.localSlot, &localSlot)
        swap(&buffers.localSize, &localSize)
        swap(&buffers.untouchedLocals, &untouchedLocals)
        return buffers
    }

    // MARK: Emission helpers

    @inline(__always) mutating func emit(_ w: UInt64) { words.append(w) }

    /// Emits a word naming `kind` `index` of the instance (see ``CodeLinkKind``) and records it.
    @inline(__always)
    mutating func emitLink(_ kind: CodeLinkKind, _ index: UInt32) throws(TranslationError) {
        links.append(CodeLink(position: words.count, kind: kind, index: index))
        guard let linkValues else { return emit(0) }
        guard let value = linkValues.valueIfPresent(kind, Int(index)) else {
            throw TranslationError(message: LinkValues.missing(kind, Int(index)))
        }
        emit(value)
    }

    /// Removes the words from `start` on, with their links.
    mutating func removeWords(from start: Int) {
        words.removeLast(words.count - start)
        while let last = links.last, last.position >= start { links.removeLast() }
    }

    /// Removes `range` of the words (nothing after it may hold a code position); the links
    /// after it move with their words. Returns the removed links, positioned relative to
    /// `range.lowerBound`.
    mutating func removeWords(_ range: Range<Int>) -> [CodeLink] {
        words.removeSubrange(range)
        var removed: [CodeLink] = []
        var kept = 0
        for k in links.indices {
            var link = links[k]
            if range.contains(link.position) {
                link.position -= range.lowerBound
                removed.append(link)
                continue
            }
            if link.position >= range.upperBound { link.position -= range.count }
            links[kept] = link
            kept += 1
        }
        links.removeLast(links.count - kept)
        return removed
    }

    @inline(__always) func op(_ o: ThreadedOp, _ high: Int = 0) -> UInt64 {
        UInt64(o.rawValue) | (UInt64(truncatingIfNeeded: high) << 32)
    }

    @inline(__always) func pair(_ lo: Int, _ hi: Int) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: lo)) | (UInt64(truncatingIfNeeded: hi) << 32)
    }

    /// Emits one slot-to-slot copy (two for a v128).
    mutating func emitCopy(to dst: Int, from src: Int, size: Int) {
        if dst == src { return }
        if size == 2 {
            emit(op(.copy2, dst))
            emit(UInt64(src))
        } else {
            emitCopy1(to: dst, from: src)
        }
    }

    /// Whether the last instruction emitted is a single move (`copy1`, `const1`) that the next
    /// one may merge with: nothing after it, and no label between.
    var canMergeMove: Bool { lastMoveStart >= 0 && lastMoveEnd == words.count && lastLabel != words.count }

    /// One single-slot copy; merged with an immediately preceding copy into `copyPair`, or with a
    /// preceding constant into `constCopy` (the two run in order), when no label lies between.
    mutating func emitCopy1(to dst: Int, from src: Int) {
        if canMergeMove {
            let first = words[lastMoveStart]
            if lastMoveIsConst {
                words[lastMoveStart] = op(.constCopy, Int(truncatingIfNeeded: first >> 32))
                emit(pair(dst, src))
            } else {
                let firstSource = Int(truncatingIfNeeded: words[lastMoveStart + 1])
                words[lastMoveStart] = op(.copyPair, Int(truncatingIfNeeded: first >> 32))
                words[lastMoveStart + 1] = pair(firstSource, dst)
                emit(UInt64(src))
            }
            lastMoveStart = -1
            return
        }
        lastMoveStart = words.count
        emit(op(.copy1, dst))
        emit(UInt64(src))
        lastMoveEnd = words.count
        lastMoveIsConst = false
    }

    /// One single-slot constant; merged with an immediately preceding constant into `constPair`,
    /// or with a preceding copy into `copyConst` (the two run in order), when no label lies
    /// between.
    mutating func emitConst1(to dst: Int, bits: UInt64) {
        if canMergeMove {
            let first = words[lastMoveStart]
            words[lastMoveStart] = op(lastMoveIsConst ? .constPair : .copyConst, Int(truncatingIfNeeded: first >> 32))
            emit(UInt64(dst))
            emit(bits)
            lastMoveStart = -1
            return
        }
        lastMoveStart = words.count
        emit(op(.const1, dst))
        emit(bits)
        lastMoveEnd = words.count
        lastMoveIsConst = true
    }

    /// Records that code at `position` can be jumped to.
    mutating func markLabel(_ position: Int) {
        if position > lastLabel { lastLabel = position }
    }

    /// Patches a fixup to jump to `target`.
    mutating func patch(_ f: Fixup, to target: Int) {
        words[f.position] = UInt64(bitPattern: Int64(target - f.base))
        markLabel(target)
    }

    // MARK: The operand stack model

    /// Pushes an entry whose value will be written to its canonical slot; returns that slot.
    @inline(__always) mutating func push(_ size: Int) -> Int {
        let slot = height
        stack.append(Operand(size: UInt8(size), source: .stack))
        height += size
        if height > maxHeight { maxHeight = height }
        return slot
    }

    @inline(__always) mutating func push(_ type: ValueType) -> Int { push(slotSize(type)) }

    /// Pushes an entry whose value is still in a local (nothing emitted).
    mutating func pushLocal(_ index: Int) {
        let size = Int(localSize[index])
        stack.append(Operand(size: UInt8(size), source: .local(localSlot[index])))
        height += size
        if height > maxHeight { maxHeight = height }
    }

    /// Pushes a one-slot constant (nothing emitted).
    mutating func pushConst(_ bits: UInt64) {
        stack.append(Operand(size: 1, source: .const(bits)))
        height += 1
        if height > maxHeight { maxHeight = height }
    }

    /// Pops the top entry and returns the slot its value can be read from (a constant is
    /// written to the entry's canonical slot first).
    mutating func pop() throws(TranslationError) -> Int {
        guard let e = stack.popLast() else { throw TranslationError(message: "operand stack underflow") }
        height -= Int(e.size)
        switch e.source {
        case .stack: return height
        case .local(let slot): return slot
        case .const(let bits):
            emitConst1(to: height, bits: bits)
            lastProducer = nil
            return height
        }
    }

    /// Pops the top entry after making sure its value is in its canonical slot (for
    /// instructions that write their result over their operand).
    mutating func popCanonical() throws(TranslationError) -> Int {
        try materialize(stack.count - 1)
        return try pop()
    }

    mutating func pushAll(_ types: [ValueType]) {
        for t in types { _ = push(t) }
    }

    mutating func popAll(_ count: Int) throws(TranslationError) {
        for _ in 0..<count { _ = try pop() }
    }

    /// Canonical slot of stack entry `index`.
    func canonicalSlot(_ index: Int) -> Int {
        var slot = height
        var i = stack.count - 1
        while i >= index {
            slot -= Int(stack[i].size)
            i -= 1
        }
        return slot
    }

    /// Writes entry `index`'s value to its canonical slot.
    mutating func materialize(_ index: Int) throws(TranslationError) {
        guard index >= 0, index < stack.count else { throw TranslationError(message: "operand stack underflow") }
        let e = stack[index]
        let slot = canonicalSlot(index)
        switch e.source {
        case .stack: return
        case .local(let src): emitCopy(to: slot, from: src, size: Int(e.size))
        case .const(let bits):
            emitConst1(to: slot, bits: bits)
        }
        stack[index].source = .stack
        lastProducer = nil
    }

    /// Materializes the top `count` entries.
    mutating func materializeTop(_ count: Int) throws(TranslationError) {
        guard count <= stack.count else { throw TranslationError(message: "operand stack underflow") }
        for i in (stack.count - count)..<stack.count { try materialize(i) }
    }

    /// Materializes every pending entry (before block boundaries).
    mutating func materializeAll() throws(TranslationError) {
        for i in 0..<stack.count where stack[i].source != .stack { try materialize(i) }
    }

    /// Materializes entries that still read local slot `slot` (before that local is written).
    mutating func materializeReferences(toLocalSlot slot: Int) throws(TranslationError) {
        for i in 0..<stack.count where stack[i].source == .local(slot) { try materialize(i) }
    }

    /// For a call whose top `count` entries are its arguments: how many of them are locals
    /// (copies) and constants that a `callMoves` or `callIndirectMoves` would move into their
    /// slots; nil when there are none or one is a two-slot local (those calls materialize their
    /// arguments as before).
    func argumentMoveCounts(_ count: Int) throws(TranslationError) -> (copies: Int, constants: Int)? {
        guard count <= stack.count else { throw TranslationError(message: "operand stack underflow") }
        var copies = 0
        var constants = 0
        for i in (stack.count - count)..<stack.count {
            let e = stack[i]
            switch e.source {
            case .stack: continue
            case .local:
                guard e.size == 1 else { return nil }
                copies += 1
            case .const: constants += 1
            }
        }
        return copies + constants == 0 ? nil : (copies, constants)
    }

    /// The form of a call with argument moves: a short one, whose handler reads its moves at
    /// fixed places (no count word, no loops), for one or two copies and no constant, else the
    /// general one.
    static func movesForm(_ moves: (copies: Int, constants: Int), general: ThreadedOp, one: ThreadedOp,
                          two: ThreadedOp) -> ThreadedOp {
        guard moves.constants == 0 else { return general }
        switch moves.copies {
        case 1: return one
        case 2: return two
        default: return general
        }
    }

    /// The form of a direct call with argument moves: `movesForm`'s, and short forms for three
    /// copies and for one or two copies with one constant (`f(x, 0)`, `f(p, n, 1)`), the
    /// common shapes C compilers give calls that the general form's loops ran.
    static func directMovesForm(_ moves: (copies: Int, constants: Int)) -> ThreadedOp {
        switch (moves.copies, moves.constants) {
        case (3, 0): return .callMoves3
        case (1, 1): return .callMoves1Const
        case (2, 1): return .callMoves2Const
        default: return movesForm(moves, general: .callMoves, one: .callMoves1, two: .callMoves2)
        }
    }

    /// Emits the argument moves of a call (see `argumentMoveCounts`): the count word, then
    /// dst | src per copy, then dst and bits per constant; the entries are then in place.
    mutating func emitArgumentMoves(_ count: Int, _ counts: (copies: Int, constants: Int)) {
        emit(pair(counts.copies, counts.constants))
        let first = stack.count - count
        var start = height
        for i in first..<stack.count { start -= Int(stack[i].size) }
        var slot = start
        for i in first..<stack.count {
            if case .local(let src) = stack[i].source { emit(pair(slot, src)) }
            slot += Int(stack[i].size)
        }
        slot = start
        for i in first..<stack.count {
            if case .const(let bits) = stack[i].source {
                emit(UInt64(slot))
                emit(bits)
            }
            slot += Int(stack[i].size)
            stack[i].source = .stack
        }
        lastProducer = nil
    }

    /// Moves the top `count` entries' values to consecutive slots from `dst` (for branches).
    mutating func emitMoveTop(_ count: Int, to dst: Int) throws(TranslationError) {
        guard count <= stack.count else { throw TranslationError(message: "operand stack underflow") }
        var target = dst
        var slot = height
        for i in (stack.count - count)..<stack.count { slot -= Int(stack[i].size) }
        for i in (stack.count - count)..<stack.count {
            let e = stack[i]
            switch e.source {
            case .stack: emitCopy(to: target, from: slot, size: Int(e.size))
            case .local(let src): emitCopy(to: target, from: src, size: Int(e.size))
            case .const(let bits):
                emitConst1(to: target, bits: bits)
            }
            slot += Int(e.size)
            target += Int(e.size)
        }
        lastProducer = nil
    }

    // MARK: Types

    /// The type of function `index` of the module, as declared (linking checks that an
    /// import's type equals the declared one).
    func functionType(_ index: UInt32) throws(TranslationError) -> FunctionType {
        let functions = facts.functionTypeIndices
        guard Int(index) < functions.count, Int(functions[Int(index)]) < types.count else {
            throw TranslationError(message: "unknown function \(index)")
        }
        return types[Int(functions[Int(index)])]
    }

    /// The parameter types of tag `index` of the module, as declared.
    func tagType(_ index: UInt32) throws(TranslationError) -> FunctionType {
        let tags = facts.tagTypeIndices
        guard Int(index) < tags.count, Int(tags[Int(index)]) < types.count else {
            throw TranslationError(message: "unknown tag \(index)")
        }
        return types[Int(tags[Int(index)])]
    }

    /// The slot sizes of a block type's parameters and results.
    mutating func blockSizes(_ bt: BlockType) throws(TranslationError) -> (params: ValueSizes, results: ValueSizes) {
        switch bt {
        case .empty: return (.none, .none)
        case .value(let t):
            let size = slotSize(t)
            if size == 1 { return (.none, ValueSizes(count: 1, slots: 1, arenaStart: -1)) }
            sizeArena.append(UInt8(size))
            return (.none, ValueSizes(count: 1, slots: size, arenaStart: sizeArena.count - 1))
        case .typeIndex(let i):
            guard Int(i) < types.count else { throw TranslationError(message: "unknown type \(i)") }
            return (sizes(of: types[Int(i)].parameters), sizes(of: types[Int(i)].results))
        }
    }

    /// The slot sizes of values of these types; each size goes to `sizeArena` only when one of
    /// them takes two slots.
    mutating func sizes(of types: [ValueType]) -> ValueSizes {
        var slots = 0
        for t in types { slots += slotSize(t) }
        guard slots != types.count else { return ValueSizes(count: types.count, slots: slots, arenaStart: -1) }
        let start = sizeArena.count
        for t in types { sizeArena.append(UInt8(slotSize(t))) }
        return ValueSizes(count: types.count, slots: slots, arenaStart: start)
    }

    /// The slot size of value `i` of `sizes`.
    func size(_ i: Int, of sizes: ValueSizes) -> UInt8 {
        sizes.arenaStart < 0 ? 1 : sizeArena[sizes.arenaStart + i]
    }

    func globalType(_ index: UInt32) throws(TranslationError) -> ValueType {
        guard Int(index) < facts.globalTypes.count else { throw TranslationError(message: "unknown global \(index)") }
        return facts.globalTypes[Int(index)]
    }

    // MARK: Branches

    /// Emits the moves that put a branch's values where label `depth` expects them, then the jump.
    mutating func emitBranch(depth: UInt32) throws(TranslationError) {
        let index = controls.count - 1 - Int(depth)
        guard index >= 0 else { throw TranslationError(message: "unknown label") }
        let target = controls[index]
        let count = target.label.count
        if target.kind == .function {
            // A single result just computed by the last instruction: that instruction writes it
            // straight into slot 0 (it reads its operands first), no copy.
            if count == 1, let last = stack.last, last.size == 1, let p = lastProducer,
               producedOnlyFor(stack.count - 1, by: p) {
                words[p.start] &= 0xFFFF_FFFF
                emit(op(.ret))
                lastProducer = nil
                return
            }
            // Results go to slots 0..., which may be locals that other results still read.
            guard count <= stack.count else { throw TranslationError(message: "operand stack underflow") }
            var readsLowLocal = false
            for i in (stack.count - count)..<stack.count {
                if case .local(let s) = stack[i].source, s < resultSlots { readsLowLocal = true }
            }
            if readsLowLocal { try materializeTop(count) }
            try emitMoveTop(count, to: 0)
            emit(op(.ret))
            lastProducer = nil
            return
        }
        try emitMoveTop(count, to: target.startHeight)
        let base = words.count
        emit(op(.jump))
        emitTarget(controlIndex: index, base: base)
        lastProducer = nil
    }

    /// Emits one target word for a jump starting at `base` to the label of `controls[index]`.
    mutating func emitTarget(controlIndex index: Int, base: Int) {
        if controls[index].kind == .loop {
            emit(UInt64(bitPattern: Int64(controls[index].loopTarget - base)))
        } else {
            fixupLinks.append(PoolLink(value: Fixup(position: words.count, base: base), next: controls[index].fixups))
            controls[index].fixups = fixupLinks.count - 1
            emit(0)
        }
        lastProducer = nil
    }

    /// Whether a branch to `depth` needs value moves or is a return.
    func branchNeedsMoves(depth: UInt32) -> Bool {
        let index = controls.count - 1 - Int(depth)
        guard index >= 0 else { return true }
        let target = controls[index]
        if target.kind == .function { return true }
        let label = target.label
        guard label.count <= stack.count else { return true }
        for i in (stack.count - label.count)..<stack.count where stack[i].source != .stack { return true }
        return target.startHeight != height - label.slots
    }

    mutating func markUnreachable() {
        if !controls.isEmpty { controls[controls.count - 1].unreachable = true }
        lastProducer = nil
    }
}

/// Where a stack entry's value is during translation.
enum OperandSource: Equatable {
    /// In the entry's canonical slot.
    case stack
    /// Still in this local slot (a folded `local.get`).
    case local(Int)
    /// A constant not yet written anywhere (one slot).
    case const(UInt64)
}

/// One entry of the translator's operand stack model.
struct Operand {
    var size: UInt8
    var source: OperandSource
}

/// The last emitted instruction that wrote the top entry through its first word's destination.
struct Producer {
    /// Word index of its first word.
    var start: Int
    /// `words.count` right after it.
    var end: Int
    /// For compares: the instruction and its operand slots (for compare-and-branch fusion).
    var compare: Opcode?
    var a: Int
    var b: Int
    /// The compare's second operand when it was an immediate.
    var immediate: UInt64?
    /// For an `i32.eqz` of the `i32.and` of a constant emitted right before it, whose result only
    /// the `i32.eqz` read: where the `i32.and` starts (a branch on the `i32.eqz` tests its bits).
    var testedAnd: Int?
}

/// The address computations a memory instruction can absorb. The fused access keeps the
/// computing instruction's second word (a | b).
enum AddressForm {
    /// `a + b`, both slots.
    case plus
    /// `a + b`, b an immediate.
    case plusImm
    /// `a << b`, b an immediate.
    case shlImm

    /// The form of the instruction that computed an address, if an access can absorb it.
    init?(computedBy op: ThreadedOp) {
        switch op {
        case .i32Add: self = .plus
        case .i32AddImm: self = .plusImm
        case .i32ShlImm: self = .shlImm
        default: return nil
        }
    }
}

/// The arrays a translation works in, kept by the store (`Store.translatorBuffers`) and reused
/// from body to body, so that a translation does not allocate and grow them afresh.
struct TranslatorBuffers {
    var words: [UInt64] = []
    var links: [CodeLink] = []
    var stack: [Operand] = []
    var controls: [TranslationControl] = []
    var fixupLinks: [PoolLink<Fixup>] = []
    var handlerLinks: [PoolLink<Int>] = []
    var pendingCatches: [PendingCatch] = []
    var sizeArena: [UInt8] = []
    var localSlot: [Int] = []
    var localSize: [UInt8] = []
    var untouchedLocals: [Bool] = []

    /// The largest word buffer kept for the next body (2 MiB); a larger one is freed.
    static let maxKeptWords = 1 << 18
}
