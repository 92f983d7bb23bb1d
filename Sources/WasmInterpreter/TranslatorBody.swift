import WasmBinary
import WasmValidation

extension Translator {
    /// Translates the whole body into `words`, `links` and `handlers`.
    mutating func translate(body: FunctionBody) throws {
        var decoder = InstructionDecoder(bytes: bytes, range: body.code)
        let resultSizes = sizes(of: type.results)
        controls.append(TranslationControl(
            kind: .function, startHeight: localSlots, stackCount: 0, params: .none, results: resultSizes))
        while !controls.isEmpty {
            guard !decoder.isAtEnd else { throw TranslationError(message: "function body ends inside a block") }
            if !controls[controls.count - 1].unreachable, try translateFrequent(&decoder) { continue }
            let ins = try decoder.next()
            if controls[controls.count - 1].unreachable {
                if try skipUnreachable(ins) { continue }
            }
            try translate(ins, decoder: &decoder)
            if !Self.keepsPendingLoad(ins.opcode) { lastLoad = nil }
        }
    }

    /// The most frequent instructions, read straight from the bytes and translated as
    /// `translate(_:decoder:)` would (`decoder.next()` would first build an `Instruction` and
    /// read its immediates through the general path): `local.get`, `local.set`, `local.tee`,
    /// `i32.const`, `i64.const`, `br_if` and `end`, in reachable code. Their immediates are read
    /// by the same `ByteReader` calls as there, so a malformed one fails with the same error.
    /// Returns false, having read nothing, for any other instruction.
    @inline(__always)
    mutating func translateFrequent(_ decoder: inout InstructionDecoder) throws -> Bool {
        let start = decoder.reader.offset
        let first = decoder.reader.bytes[start]
        switch first {
        case 0x20:  // local.get
            decoder.reader.offset = start + 1
            pushLocal(Int(try decoder.reader.readU32()))
            lastProducer = nil
        case 0x21, 0x22:  // local.set, local.tee
            decoder.reader.offset = start + 1
            try translateLocalSet(Int(try decoder.reader.readU32()), tee: first == 0x22)
        case 0x41:  // i32.const
            decoder.reader.offset = start + 1
            pushConst(UInt64(UInt32(bitPattern: try decoder.reader.readS32())))
            lastProducer = nil
        case 0x42:  // i64.const
            decoder.reader.offset = start + 1
            pushConst(UInt64(bitPattern: try decoder.reader.readS64()))
            lastProducer = nil
        case 0x0D:  // br_if
            decoder.reader.offset = start + 1
            let depth = try decoder.reader.readU32()
            let condition = try popCondition()
            try emitConditionalBranch(depth: depth, condition: condition)
            lastLoad = nil
        case 0x0B:  // end
            decoder.reader.offset = start + 1
            try endBlock()
            lastLoad = nil
        default:
            return false
        }
        return true
    }

    /// In unreachable code only structure matters. Returns true when `ins` was consumed.
    mutating func skipUnreachable(_ ins: Instruction) throws(TranslationError) -> Bool {
        switch ins.opcode {
        case .block, .loop, .if, .tryTable, .try:
            skipDepth += 1
            return true
        case .end, .delegate:
            if skipDepth > 0 {
                skipDepth -= 1
                return true
            }
            return false
        case .else, .catch, .catchAll:
            return skipDepth > 0
        default:
            return true
        }
    }

    /// Frame size needed by the translated function.
    var frameSlots: Int { max(maxHeight, resultSlots, localSlots) }

    mutating func beginBlock(_ kind: TranslationControl.Kind, _ bt: BlockType) throws(TranslationError) {
        // Values below and at a block's entry live in their canonical slots.
        try materializeAll()
        lastProducer = nil
        let (params, results) = try blockSizes(bt)
        var control = TranslationControl(
            kind: kind, startHeight: height - params.slots, stackCount: stack.count - params.count,
            params: params, results: results)
        control.loopTarget = words.count
        markLabel(words.count)
        control.tryStart = words.count
        controls.append(control)
    }

    /// Resets the operand stack to a control's base plus the given entries.
    mutating func resetStack(_ c: TranslationControl, to entries: ValueSizes) {
        stack.removeSubrange(min(c.stackCount, stack.count)...)
        for i in 0..<entries.count { stack.append(Operand(size: size(i, of: entries), source: .stack)) }
        height = c.startHeight + entries.slots
        if height > maxHeight { maxHeight = height }
        lastProducer = nil
    }

    mutating func endBlock() throws(TranslationError) {
        guard let last = controls.last else { throw TranslationError(message: "unbalanced end") }
        if last.kind == .function {
            if !last.unreachable {
                try emitBranch(depth: 0)
            }
            controls.removeLast()
            return
        }
        if !last.unreachable {
            if last.kind == .legacyCatch {
                // The section no longer needs the caught exception; then its results, which sit
                // above the exception's slot, move down to the frame's start.
                emitReleaseCaught(last.startHeight)
                try emitMoveTop(last.results.count, to: last.startHeight)
            } else {
                try materializeTop(last.results.count)
            }
        }
        if last.delegateFixups >= 0 { closeSection(controls.count - 1) }
        guard var c = controls.popLast() else { throw TranslationError(message: "unbalanced end") }
        let here = words.count
        if let f = c.elseFixup { patch(f, to: here) }
        var link = c.fixups
        while link >= 0 {
            patch(fixupLinks[link].value, to: here)
            link = fixupLinks[link].next
        }
        link = c.handlerFixups
        while link >= 0 {
            handlers[handlerLinks[link].value].target = here
            link = handlerLinks[link].next
        }
        markLabel(here)
        if c.kind == .tryTable {
            for k in c.catchStart..<(c.catchStart + c.catchCount) {
                let pc = pendingCatches[k]
                handlers.append(ExceptionHandler(
                    start: c.tryStart, end: here, kind: pc.kind, tag: pc.tag, target: -1, destination: pc.destination))
                let hIndex = handlers.count - 1
                if pc.targetControl == 0 {
                    handlers[hIndex].target = -1  // return from the function
                } else if controls[pc.targetControl].kind == .loop {
                    handlers[hIndex].target = controls[pc.targetControl].loopTarget
                } else {
                    handlerLinks.append(PoolLink(value: hIndex, next: controls[pc.targetControl].handlerFixups))
                    controls[pc.targetControl].handlerFixups = handlerLinks.count - 1
                }
            }
        }
        c.elseFixup = nil
        resetStack(c, to: c.results)
    }

    mutating func translate(_ ins: Instruction, decoder: inout InstructionDecoder) throws {
        if let direct = ThreadedOp.direct[Int(ins.opcode.rawValue)] {
            try translateDirect(ins, direct)
            return
        }
        if ins.opcode.isAtomic {
            try translateAtomic(ins)
            return
        }
        if ins.opcode.isGC || ins.opcode == .refEq {
            try translateGC(ins)
            return
        }
        switch ins.opcode {
        case .unreachable:
            emit(op(.trapUnreachable))
            markUnreachable()
        case .nop:
            break
        case .block:
            try beginBlock(.block, ins.blockType)
        case .loop:
            try beginBlock(.loop, ins.blockType)
        case .if:
            let condition = try popCondition()
            try beginBlock(.ifThen, ins.blockType)
            let base = words.count
            emitConditionHead(condition, negated: true)
            controls[controls.count - 1].elseFixup = Fixup(position: words.count, base: base)
            emit(0)
        case .else:
            if let last = controls.last, !last.unreachable {
                try materializeTop(last.results.count)
            }
            guard var c = controls.popLast() else { throw TranslationError(message: "else without if") }
            if !c.unreachable {
                let base = words.count
                emit(op(.jump))
                fixupLinks.append(PoolLink(value: Fixup(position: words.count, base: base), next: c.fixups))
                c.fixups = fixupLinks.count - 1
                emit(0)
            }
            if let f = c.elseFixup { patch(f, to: words.count) }
            c.elseFixup = nil
            c.kind = .elseBranch
            c.unreachable = false
            resetStack(c, to: c.params)
            controls.append(c)
        case .end:
            try endBlock()
        case .br:
            try emitBranch(depth: ins.index)
            markUnreachable()
        case .brIf:
            let condition = try popCondition()
            try emitConditionalBranch(depth: ins.index, condition: condition)
        case .brTable:
            try translateBrTable(decoder.brTableTargets)
        case .return:
            try emitBranch(depth: UInt32(controls.count - 1))
            markUnreachable()
        case .call, .returnCall:
            let callee = try functionType(ins.index)
            let count = callee.parameters.count
            let base = height - slotCount(callee.parameters)
            // A call's argument moves (locals and constants) run inside the call instruction.
            if ins.opcode == .call, let moves = try argumentMoveCounts(count) {
                emit(op(Self.directMovesForm(moves), base))
                try emitLink(.functionAddress, ins.index)
                emitArgumentMoves(count, moves)
            } else {
                try materializeTop(count)
                emit(op(ins.opcode == .call ? .call : .returnCall, base))
                try emitLink(.functionAddress, ins.index)
            }
            try popAll(count)
            if ins.opcode == .call { pushAll(callee.results) } else { markUnreachable() }
        case .callIndirect, .returnCallIndirect:
            let callee = types[Int(ins.index)]
            let indexSlot = try pop()
            let count = callee.parameters.count
            let base = height - slotCount(callee.parameters)
            let moves = ins.opcode == .callIndirect ? try argumentMoveCounts(count) : nil
            if moves == nil { try materializeTop(count) }
            let kind: ThreadedOp
            if let moves {
                kind = Self.movesForm(moves, general: .callIndirectMoves, one: .callIndirectMoves1,
                                      two: .callIndirectMoves2)
            } else {
                kind = ins.opcode == .callIndirect ? .callIndirect : .returnCallIndirect
            }
            emit(op(kind, base))
            emit(pair(indexSlot, Int(ins.index2)))
            // Clamped as the function records hold it (FunctionRecord.typeID).
            try emitLink(.typeID, ins.index)
            if let moves { emitArgumentMoves(count, moves) }
            try popAll(count)
            if ins.opcode == .callIndirect { pushAll(callee.results) } else { markUnreachable() }
        case .callRef, .returnCallRef:
            let callee = types[Int(ins.index)]
            let refSlot = try pop()
            try materializeTop(callee.parameters.count)
            let base = height - slotCount(callee.parameters)
            try popAll(callee.parameters.count)
            emit(op(ins.opcode == .callRef ? .callRef : .returnCallRef, base))
            emit(UInt64(refSlot))
            if ins.opcode == .callRef { pushAll(callee.results) } else { markUnreachable() }
        case .drop:
            guard let e = stack.popLast() else { throw TranslationError(message: "operand stack underflow") }
            height -= Int(e.size)
            lastProducer = nil
        case .select, .selectT:
            let cond = try pop()
            let width = Int(stack.last?.size ?? 1)
            let b = try pop()
            let a = try pop()
            let dst = push(width)
            emitProducer(op(width == 2 ? .select2 : .select1, dst))
            emit(pair(a, b))
            emit(UInt64(cond))
            finishProducer()
        case .localGet:
            pushLocal(Int(ins.index))
            lastProducer = nil
        case .localSet, .localTee:
            try translateLocalSet(Int(ins.index), tee: ins.opcode == .localTee)
        case .globalGet:
            let t = try globalType(ins.index)
            let dst = push(t)
            emitProducer(op(t == .v128 ? .globalGet2 : .globalGet1, dst))
            try emitLink(.globalSlots, ins.index)
            finishProducer()
        case .globalSet:
            let t = try globalType(ins.index)
            let src = try pop()
            emit(op(t == .v128 ? .globalSet2 : .globalSet1, src))
            try emitLink(.globalSlots, ins.index)
        case .i32Const, .i64Const, .f32Const, .f64Const:
            pushConst(ins.bits)
            lastProducer = nil
        case .v128Const:
            let dst = push(2)
            emitProducer(op(.const2, dst))
            emit(ins.v128.lo)
            emit(ins.v128.hi)
            finishProducer()
        case .refNull:
            pushConst(0)
            lastProducer = nil
        case .refFunc:
            // Not a constant operand: the value is the instance's, written by linking.
            let dst = push(1)
            emitProducer(op(.const1, dst))
            try emitLink(.functionReference, ins.index)
            finishProducer()
        case .i64Add128:
            try translateWide(.i64Add128, operands: 4)
        case .i64Sub128:
            try translateWide(.i64Sub128, operands: 4)
        case .i64MulWideS:
            try translateWide(.i64MulWideS, operands: 2)
        case .i64MulWideU:
            try translateWide(.i64MulWideU, operands: 2)
        case .refIsNull:
            let a = try pop()
            let dst = push(1)
            emitProducer(op(.refIsNull, dst))
            emit(UInt64(a))
            finishProducer()
        case .refAsNonNull:
            try materialize(stack.count - 1)
            emit(op(.refAsNonNull, height - 1))
            lastProducer = nil
        case .brOnNull:
            try materialize(stack.count - 1)
            let ref = try pop()
            try emitConditionalBranch(
                depth: ins.index, condition: BranchCondition(direct: .brOnNull, inverse: .brOnNonNull, a: ref, b: nil))
            _ = push(1)
        case .brOnNonNull:
            try materialize(stack.count - 1)
            let ref = height - 1
            if !branchNeedsMoves(depth: ins.index) {
                let base = words.count
                emit(op(.brOnNonNull, ref))
                emitTarget(controlIndex: controls.count - 1 - Int(ins.index), base: base)
            } else {
                let base = words.count
                emit(op(.brOnNull, ref))
                let skip = Fixup(position: words.count, base: base)
                emit(0)
                try emitBranch(depth: ins.index)
                patch(skip, to: words.count)
            }
            _ = try pop()
        case .memorySize:
            let dst = push(1)
            emitProducer(op(.memorySize, dst))
            try emitMemoryState(Int(ins.index))
            finishProducer()
        case .memoryGrow:
            let delta = try popCanonical()
            _ = push(1)
            emit(op(.memoryGrow, delta))
            emit(UInt64(ins.index))
        case .memoryFill:
            let n = try pop(), val = try pop(), d = try pop()
            emit(op(.memoryFill, Int(ins.index)))
            emit(pair(d, val))
            emit(UInt64(n))
        case .memoryCopy:
            let n = try pop(), s = try pop(), d = try pop()
            emit(op(.memoryCopy))
            emit(pair(d, s))
            emit(UInt64(n))
            emit(pair(Int(ins.index), Int(ins.index2)))
        case .memoryInit:
            let n = try pop(), s = try pop(), d = try pop()
            emit(op(.memoryInit, Int(ins.index)))
            emit(pair(d, s))
            emit(pair(n, Int(ins.index2)))
        case .dataDrop:
            emit(op(.dataDrop, Int(ins.index)))
        case .tableGet:
            let i = try popCanonical()
            _ = push(1)
            emit(op(.tableGet, i))
            emit(UInt64(ins.index))
        case .tableSet:
            let val = try pop(), i = try pop()
            emit(op(.tableSet, Int(ins.index)))
            emit(pair(i, val))
        case .tableSize:
            let dst = push(1)
            emit(op(.tableSize, dst))
            emit(UInt64(ins.index))
        case .tableGrow:
            let n = try pop(), initial = try popCanonical()
            _ = push(1)
            emit(op(.tableGrow, initial))
            emit(pair(initial, n))
            emit(UInt64(ins.index))
        case .tableFill:
            let n = try pop(), val = try pop(), i = try pop()
            emit(op(.tableFill, Int(ins.index)))
            emit(pair(i, val))
            emit(UInt64(n))
        case .tableCopy:
            let n = try pop(), s = try pop(), d = try pop()
            emit(op(.tableCopy))
            emit(pair(d, s))
            emit(UInt64(n))
            emit(pair(Int(ins.index), Int(ins.index2)))
        case .tableInit:
            let n = try pop(), s = try pop(), d = try pop()
            emit(op(.tableInit, Int(ins.index)))
            emit(pair(d, s))
            emit(pair(n, Int(ins.index2)))
        case .elemDrop:
            emit(op(.elemDrop, Int(ins.index)))
        case .throw:
            let tagType = try tagType(ins.index)
            try materializeTop(tagType.parameters.count)
            let base = height - slotCount(tagType.parameters)
            try popAll(tagType.parameters.count)
            emit(op(.throwTag, base))
            try emitLink(.tagAddress, ins.index)
            markUnreachable()
        case .throwRef:
            let ref = try pop()
            emit(op(.throwRef, ref))
            markUnreachable()
        case .tryTable:
            let catchStart = pendingCatches.count
            for clause in decoder.catchClauses {
                let targetIndex = controls.count - 1 - Int(clause.label)
                guard targetIndex >= 0 else { throw TranslationError(message: "unknown label") }
                let target = controls[targetIndex]
                let destination = target.kind == .function ? 0 : target.startHeight
                var tag = -1
                if clause.kind == .catch || clause.kind == .catchRef {
                    // The module's tag index; linking puts the instance's tag address.
                    tag = Int(clause.tag)
                }
                // The payload may land above the current operand stack: reserve room for it.
                let needed = destination + target.label.slots
                if needed > maxHeight { maxHeight = needed }
                pendingCatches.append(PendingCatch(kind: clause.kind.rawValue, tag: tag, targetControl: targetIndex, destination: destination))
            }
            try beginBlock(.tryTable, ins.blockType)
            controls[controls.count - 1].catchStart = catchStart
            controls[controls.count - 1].catchCount = pendingCatches.count - catchStart
        case .try:
            try beginBlock(.legacyTry, ins.blockType)
        case .catch:
            try legacyCatch(tag: ins.index)
        case .catchAll:
            try legacyCatch(tag: nil)
        case .delegate:
            try legacyDelegate(ins.index)
        case .rethrow:
            try legacyRethrow(ins.index)
        default:
            throw TranslationError(message: "instruction \(ins.opcode.name) is not supported by the interpreter")
        }
    }

    mutating func translateBrTable(_ targets: [UInt32]) throws(TranslationError) {
        let indexSlot = try pop()
        let base = words.count
        emit(op(.brTable, indexSlot))
        emit(UInt64(targets.count))
        let tableStart = words.count
        var stubs: [(Int, UInt32)] = []
        for (k, depth) in targets.enumerated() {
            if branchNeedsMoves(depth: depth) {
                emit(0)
                stubs.append((k, depth))
            } else {
                emitTarget(controlIndex: controls.count - 1 - Int(depth), base: base)
            }
        }
        // Each stub is entered straight from the table, so each starts from the operand stack as
        // it is here: what one stub materializes is not there for the next. Nor may a stub
        // redirect the instruction that produced the top value (the direct-to-result form of a
        // return), since the other targets read that value where it was produced.
        let entryStack = stack
        for (k, depth) in stubs {
            stack = entryStack
            lastProducer = nil
            words[tableStart + k] = UInt64(bitPattern: Int64(words.count - base))
            markLabel(words.count)
            try emitBranch(depth: depth)
        }
        markUnreachable()
    }

    /// Numeric, vector and memory instructions with a one-to-one threaded form.
    mutating func translateDirect(_ ins: Instruction, _ t: ThreadedOp) throws {
        let kind = ins.opcode.immediateKind
        if kind == .memarg || kind == .memargLane {
            try translateMemory(ins, t)
            return
        }
        guard let sig = ins.opcode.operandShape else {
            throw TranslationError(message: "no operand shape for \(ins.opcode.name)")
        }
        if sig.params == 2, kind == .none, var immOp = ThreadedOp.immediateForm[Int(ins.opcode.rawValue)],
           case .const(var bits)? = stack.last?.source {
            _ = stack.popLast()
            height -= 1
            if ins.opcode == .i32Sub {
                // x - k is x + (-k) (both wrap): one form for both, so a subtraction fuses as an
                // add does (into a load's address, a pair, the branch testing it).
                immOp = .i32AddImm
                bits = UInt64(0 &- UInt32(truncatingIfNeeded: bits))
            }
            if let (fused, absorbed) = fuseResult(at: stack.count - 1, into: immOp, resultOnRight: false) {
                _ = try pop()
                emitFused(fused, absorbed, c: bits)
                return
            }
            let a = try pop()
            let dst = push(1)
            lastProducer = Producer(start: words.count, end: 0, compare: nil, a: a, b: 0)
            emit(op(immOp, dst))
            emitImmediateOperands(a, bits, wide: ins.opcode.isI64Operation)
            lastProducer?.end = words.count
            lastFusable = lastProducer
            if immOp == .i32AddImm { lastAdd = lastProducer }
            if ins.opcode.isIntegerCompare {
                lastProducer?.compare = ins.opcode
                lastProducer?.immediate = bits
            }
            return
        }
        if sig.params == 2, kind == .none, let leftOp = ThreadedOp.immediateLeftForm[Int(ins.opcode.rawValue)],
           stack.count >= 2, case .const(let bits) = stack[stack.count - 2].source, !isConst(stack.count - 1) {
            // A constant left operand (`0 - x`, `1.0 / x`, `1 << n`): it travels in the instruction.
            let a = try pop()
            _ = stack.popLast()
            height -= 1
            let dst = push(1)
            emitProducer(op(leftOp, dst))
            emitImmediateOperands(a, bits, wide: ins.opcode.isI64Operation)
            finishProducer()
            return
        }
        if sig.params == 2, kind == .none, stack.count >= 2 {
            for side in 0..<2 {
                let resultOnRight = side == 1
                let result = stack.count - (resultOnRight ? 1 : 2)
                let other = stack.count - (resultOnRight ? 2 : 1)
                // The other operand must not be a constant: popping it would write it to a slot
                // the fused instruction may still read.
                if !isConst(other), let (fused, absorbed) = fuseResult(at: result, into: t, resultOnRight: resultOnRight) {
                    let right = try pop()
                    let left = try pop()
                    emitFused(fused, absorbed, c: UInt64(resultOnRight ? left : right))
                    return
                }
            }
        }
        // `i32.eqz` of bits a constant selects (`(x & c) == 0`): a branch on it can test them.
        var testedAnd: Int?
        if ins.opcode == .i32Eqz, let p = lastFusable, producedOnlyFor(stack.count - 1, by: p), p.end - p.start == 2,
           emittedOp(p) == .i32AndImm {
            testedAnd = p.start
        }
        // The operands' slots, first operand first (popped last).
        var s0 = 0, s1 = 0, s2 = 0
        switch sig.params {
        case 0: break
        case 1: s0 = try pop()
        case 2: s1 = try pop(); s0 = try pop()
        default: s2 = try pop(); s1 = try pop(); s0 = try pop()
        }
        let dst = push(sig.resultSize)
        lastProducer = Producer(start: words.count, end: 0, compare: nil, a: s0, b: s1)
        switch kind {
        case .shuffle:
            emit(op(t, dst)); emit(pair(s0, s1)); emit(ins.v128.lo); emit(ins.v128.hi)
        case .lane where sig.params == 1:
            emit(op(t, dst)); emit(pair(s0, Int(ins.index)))
        case .lane:
            emit(op(t, dst)); emit(pair(s0, s1)); emit(UInt64(ins.index))
        default:
            switch sig.params {
            case 1: emit(op(t, dst)); emit(UInt64(s0))
            case 2: emit(op(t, dst)); emit(pair(s0, s1))
            default: emit(op(t, dst)); emit(pair(s0, s1)); emit(UInt64(s2))
            }
        }
        lastProducer?.end = words.count
        lastFusable = lastProducer
        if t == .i32Add { lastAdd = lastProducer }
        if sig.params == 2 && kind == .none && ins.opcode.isIntegerCompare { lastProducer?.compare = ins.opcode }
        if ins.opcode == .i32Eqz {
            lastProducer?.compare = .i32Eqz
            lastProducer?.testedAnd = testedAnd
        }
    }

    /// The operand words of an immediate form: `a | imm << 32` for 32-bit operations, `a` then
    /// the 64-bit immediate for i64 and f64 (`wide`).
    mutating func emitImmediateOperands(_ a: Int, _ bits: UInt64, wide: Bool) {
        if wide {
            emit(UInt64(a))
            emit(bits)
        } else {
            emit(pair(a, Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: bits))))
        }
    }

    /// Whether stack entry `index` is a constant not yet written to a slot.
    func isConst(_ index: Int) -> Bool {
        guard index >= 0, index < stack.count else { return false }
        if case .const = stack[index].source { return true }
        return false
    }

    /// When stack entry `index` is the result of the last instruction emitted (`lastFusable`;
    /// constants and locals pushed since emit nothing), an instruction `second` can absorb
    /// (`ThreadedOp.fusedForm`: an arithmetic instruction, or a load), and no branch target
    /// lies after its start: returns the fused form and that instruction (`emitFused` turns it
    /// into the fused one in place: its words after the first are the fused form's operands).
    /// The entry is the result's only reader, so the result need not be stored. The caller then
    /// pops the operands, which emits nothing (the other operand is not a constant).
    mutating func fuseResult(
        at index: Int, into second: ThreadedOp, resultOnRight: Bool
    ) -> (ThreadedOp, Producer)? {
        guard let p = lastFusable, producedOnlyFor(index, by: p), let first = emittedOp(p),
              let fused = ThreadedOp.fusedForm(first, second, resultOnRight: resultOnRight)
        else { return nil }
        return (fused, p)
    }

    /// The instruction `p` emitted.
    func emittedOp(_ p: Producer) -> ThreadedOp? {
        ThreadedOp(rawValue: UInt16(truncatingIfNeeded: words[p.start]))
    }

    /// Whether stack entry `index` holds the result of `p`, the last instruction emitted, with
    /// no branch target after p's start: then the entry is the result's only reader and p can
    /// be folded into the instruction reading it.
    func producedOnlyFor(_ index: Int, by p: Producer) -> Bool {
        index >= 0 && index < stack.count && stack[index].source == .stack
            && p.end == words.count && lastLabel <= p.start
            && Int(truncatingIfNeeded: words[p.start] >> 32) == canonicalSlot(index)
    }

    /// Removes `p`'s words (the last emitted) for a fused form; no earlier instruction can be
    /// fused any more.
    mutating func removeFused(_ p: Producer) {
        removeWords(from: p.start)
        lastFusable = nil
        lastProducer = nil
        lastAdd = nil
        if let load = lastLoad, load.end > p.start { lastLoad = nil }
        if let load = lastIntLoad, load.end > p.start { lastIntLoad = nil }
    }

    /// Emits a fused instruction (`fuseResult`) after its operands were popped: w0 = op | dst,
    /// the absorbed instruction's words, then c. The absorbed instruction `p` is still the last
    /// code: its first word becomes the fused one's and its other words stay, as if it had been
    /// removed and its words emitted again.
    mutating func emitFused(_ fused: ThreadedOp, _ p: Producer, c: UInt64) {
        lastFusable = nil
        lastAdd = nil
        if let load = lastLoad, load.end > p.start { lastLoad = nil }
        if let load = lastIntLoad, load.end > p.start { lastIntLoad = nil }
        let dst = push(1)
        lastProducer = Producer(start: p.start, end: 0, compare: nil, a: 0, b: 0)
        words[p.start] = op(fused, dst)
        emit(c)
        finishProducer()
    }

    mutating func translateMemory(_ ins: Instruction, _ t: ThreadedOp) throws {
        guard let sig = ins.opcode.operandShape else {
            throw TranslationError(message: "no operand shape for \(ins.opcode.name)")
        }
        let mem = Int(ins.memarg.memory)
        lastProducer = nil
        if ins.opcode.immediateKind == .memargLane {
            let vec = try pop()
            let addr = try pop()
            emitOtherMemoryPrefix(mem)
            if sig.resultSize > 0 {
                let dst = push(2)
                emit(op(t, dst)); emit(pair(addr, mem)); emit(accessEnd(ins, t)); try emitMemoryState(mem)
                emit(pair(vec, Int(ins.index)))
            } else {
                emit(op(t, vec)); emit(pair(addr, mem)); emit(accessEnd(ins, t)); try emitMemoryState(mem)
                emit(UInt64(ins.index))
            }
            return
        }
        if sig.resultSize > 0 {
            let source = stack.last?.source
            let addr = try pop()
            var (access, address) = fuseAddress(t, addr, fromStack: source == .stack, memory: mem)
            var writtenLocal: Int?
            if access == t, case .local(let slot)? = source, let (fused, operands) = fuseLocalStep(t, slot) {
                (access, address, writtenLocal) = (fused, operands, slot)
            }
            let dst = push(sig.resultSize)
            emitOtherMemoryPrefix(mem)
            emitProducer(op(access, dst)); emit(address); emit(accessEnd(ins, t)); try emitMemoryState(mem)
            if let slot = writtenLocal { emit(UInt64(slot)) }
            finishProducer()
            if access == .f64Load, mem == 0 { lastLoad = lastProducer }
            lastIntLoad = (access == .i32Load || access == .i32Load8U) && mem == 0 ? lastProducer : nil
        } else if let immOp = ThreadedOp.immediateForm[Int(ins.opcode.rawValue)],
                  case .const(let bits)? = stack.last?.source {
            // A store of a constant: the value travels in the instruction.
            _ = stack.popLast()
            height -= 1
            let fromStack = stack.last?.source == .stack
            let addr = try pop()
            let (access, address) = fuseAddress(immOp, addr, fromStack: fromStack, memory: mem)
            emitOtherMemoryPrefix(mem)
            emit(op(access)); emit(address); emit(accessEnd(ins, t)); try emitMemoryState(mem); emit(bits)
        } else if mem == 0, fuseStoreBack(ins, t) {
            return
        } else if mem == 0, try fuseComputedStore(ins, t) {
            return
        } else {
            let value = try pop()
            let fromStack = stack.last?.source == .stack
            let addr = try pop()
            let (access, address) = fuseAddress(t, addr, fromStack: fromStack, memory: mem)
            emitOtherMemoryPrefix(mem)
            emit(op(access, value)); emit(address); emit(accessEnd(ins, t)); try emitMemoryState(mem)
        }
    }

    /// A store whose value the last instruction emitted computed from a load of the same address
    /// (`*p += c`: an `f64.load` fused with its arithmetic, `ThreadedOp.storeBackForm`): that
    /// instruction becomes its store-back form and the store emits nothing. The address must
    /// be the same local read in place by both (nothing wrote it in between: a write would have
    /// materialized the store's address entry) with the same offset, in memory 0; the
    /// instruction's result has no other reader. Returns whether it fused.
    mutating func fuseStoreBack(_ ins: Instruction, _ store: ThreadedOp) -> Bool {
        let count = stack.count
        guard store == .f64Store, count >= 2, let p = lastFusable, producedOnlyFor(count - 1, by: p), let first = emittedOp(p),
              case .local(let address) = stack[count - 2].source
        else { return false }
        if let fused = ThreadedOp.storeBackForm(first) {
            guard words[p.start + 1] == pair(address, 0), words[p.start + 2] == accessEnd(ins, store) else { return false }
            words[p.start] = op(fused)
        } else if let fused = ThreadedOp.memoryProductForm(first), let load = lastLoad, lastLabel <= load.start,
                  load.end <= p.start, words[load.start + 1] == pair(address, 0),
                  words[load.start + 2] == accessEnd(ins, store) {
            // `*p ± a * b` with *p loaded first: the load's value (in its operand-stack slot,
            // read by nothing else) is the pair's c. Only instructions that neither write memory
            // nor trap nor branch ran since the load, so loading at the store reads the same
            // value; none of them holds a code position, so the load's words can go.
            let loaded = Int(truncatingIfNeeded: words[load.start] >> 32)
            guard loaded >= localSlots, Int(truncatingIfNeeded: words[p.start + 2]) == loaded else { return false }
            let access = Array(words[(load.start + 1)..<load.end])
            let product = words[p.start + 1]
            removeWords(from: p.start)
            // The load's memory-state word moves with its link.
            let accessLinks = removeWords(load.start..<load.end)
            emit(op(fused))
            let accessStart = words.count
            for w in access { emit(w) }
            for var link in accessLinks where link.position >= 1 {
                link.position += accessStart - 1
                links.append(link)
            }
            emit(product)
            lastMoveStart = -1
        } else {
            return false
        }
        // The address and the value (`count >= 2`, checked before anything was rewritten).
        height -= Int(stack[count - 1].size) + Int(stack[count - 2].size)
        stack.removeLast(2)
        lastFusable = nil
        lastProducer = nil
        lastAdd = nil
        lastLoad = nil
        lastIntLoad = nil
        return true
    }

    /// An `i32.store` (memory 0) of the value the last instruction emitted computed, an `i32.add`
    /// of a constant (`p->n = x + 1`; or `*p = --n`, the sum kept in a local by `local.tee`):
    /// the add becomes `i32AddImmThenStore`, which still writes the sum to the add's
    /// destination. The address must be a slot other than that destination (the store reads it
    /// after the add wrote it) and not a constant (popping one would emit its move after the
    /// add). When the add's operand is a plain `i32.load` of the same address and offset right
    /// before it, into an operand-stack slot (which only the add read), the load goes too:
    /// `i32AddImmInMemory` (`n = --p->refcount`; the access is checked once, as the load's
    /// would have been first). Returns whether it fused.
    mutating func fuseComputedStore(_ ins: Instruction, _ store: ThreadedOp) throws(TranslationError) -> Bool {
        let count = stack.count
        guard store == .i32Store, count >= 2, let p = lastFusable, p.end == words.count, p.end - p.start == 2,
              lastLabel <= p.start, emittedOp(p) == .i32AddImm
        else { return false }
        let sum = Int(truncatingIfNeeded: words[p.start] >> 32)
        guard let value = slotWithoutMove(count - 1), value == sum, let address = slotWithoutMove(count - 2), address != sum
        else { return false }
        let operands = words[p.start + 1]
        let end = accessEnd(ins, store)
        _ = try pop()
        _ = try pop()
        removeFused(p)
        // `*p += c`: the add's operand is a plain `i32.load` of this address right before it,
        // into an operand-stack slot only the add read.
        let loaded = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: operands))
        if let load = lastIntLoad, load.end == p.start, lastLabel <= load.start, emittedOp(load) == .i32Load,
           loaded >= localSlots, loaded != address, Int(truncatingIfNeeded: words[load.start] >> 32) == loaded,
           words[load.start + 1] == pair(address, 0), words[load.start + 2] == end {
            removeWords(from: load.start)
            emit(op(.i32AddImmInMemory, sum)); emit(pair(address, 0)); emit(end); try emitMemoryState(0)
            emit(operands >> 32)
        } else {
            emit(op(.i32AddImmThenStore, sum)); emit(pair(address, 0)); emit(end); try emitMemoryState(0)
            emit(operands)
        }
        lastLoad = nil
        lastIntLoad = nil
        return true
    }

    /// The slot stack entry `index` is read from when popping it emits nothing: a local's, or
    /// its own for a value on the operand stack; nil for a constant.
    func slotWithoutMove(_ index: Int) -> Int? {
        switch stack[index].source {
        case .local(let slot): return slot
        case .stack: return canonicalSlot(index)
        case .const: return nil
        }
    }

    /// Whether an instruction keeps a pending `f64.load` (`lastLoad`) fusable into a later store:
    /// moves and f64 arithmetic, which neither write memory nor trap nor branch.
    static func keepsPendingLoad(_ opcode: Opcode) -> Bool {
        switch opcode {
        case .localGet, .localSet, .localTee, .i32Const, .i64Const, .f32Const, .f64Const, .f64Load,
             .f64Add, .f64Sub, .f64Mul, .f64Div, .f64Min, .f64Max, .f64Sqrt, .f64Neg, .f64Abs, .f64Copysign,
             .f64Ceil, .f64Floor, .f64Trunc, .f64Nearest:
            return true
        default:
            return false
        }
    }

    /// Marks a load or store of a memory other than memory 0 (multiple memories): the threaded
    /// handlers reach only memory 0 (its base in a register), so the switch runs the access.
    /// Emitted right before the access, after its operands are in place.
    mutating func emitOtherMemoryPrefix(_ memory: Int) {
        if memory != 0 { emit(op(.otherMemory)) }
    }

    /// The word memory instructions carry instead of the static offset: offset + access size,
    /// so the run loop checks `address + word <= memory size` once. When that sum does not fit
    /// in 64 bits the access can never succeed; the saturated word makes it trap.
    func accessEnd(_ ins: Instruction, _ access: ThreadedOp) -> UInt64 {
        let (end, overflow) = ins.memarg.offset.addingReportingOverflow(ThreadedOp.accessSize(access))
        return overflow ? UInt64.max : end
    }

    /// A scalar load whose address is the local in `slot`, when the last instruction emitted is
    /// an `i32.add` of a constant whose result went to that local (`local.tee`, or `local.set`
    /// and `local.get`: `p += k; *p`) with no branch target in between: the add is removed and
    /// its words go to the load's form that computes the address, writes it to the local and
    /// loads (`ThreadedOp.teeAddressForm`). Returns that form and the add's operand word.
    mutating func fuseLocalStep(_ access: ThreadedOp, _ slot: Int) -> (ThreadedOp, UInt64)? {
        guard let p = lastFusable, p.end == words.count, p.end - p.start == 2, lastLabel <= p.start,
              Int(truncatingIfNeeded: words[p.start] >> 32) == slot, emittedOp(p) == .i32AddImm,
              let fused = ThreadedOp.teeAddressForm(access)
        else { return nil }
        let operands = words[p.start + 1]
        removeFused(p)
        return (fused, operands)
    }

    /// The access instruction and its address word. When the address was computed by an
    /// `i32.add` or a constant `i32.shl` that is the last instruction emitted (`lastFusable`;
    /// constants and locals pushed since emit nothing), into the slot the address is read from,
    /// with no branch target after its start, that instruction is removed and the access's fused
    /// form computes the address itself from the removed instruction's operand word (it is the
    /// only reader: the result was on the operand stack and is consumed here).
    mutating func fuseAddress(
        _ access: ThreadedOp, _ addr: Int, fromStack: Bool, memory: Int
    ) -> (ThreadedOp, UInt64) {
        guard fromStack, let p = lastFusable, p.end == words.count, lastLabel <= p.start,
              Int(truncatingIfNeeded: words[p.start] >> 32) == addr,
              let computing = emittedOp(p), let form = AddressForm(computedBy: computing),
              let fused = ThreadedOp.addressForm(access, form)
        else { return (access, pair(addr, memory)) }
        let operands = words[p.start + 1]
        removeFused(p)
        return (fused, operands)
    }
}

extension Translator {
    /// Emits the first word of an instruction that writes the new top entry's canonical slot
    /// through its destination field; `finishProducer` records where it ends.
    mutating func emitProducer(_ w0: UInt64) {
        lastProducer = Producer(start: words.count, end: 0, compare: nil, a: 0, b: 0)
        emit(w0)
    }

    mutating func finishProducer() {
        lastProducer?.end = words.count
        lastFusable = lastProducer
    }

    /// `local.set` / `local.tee`: folds into the producer of the value when it can.
    mutating func translateLocalSet(_ index: Int, tee: Bool) throws(TranslationError) {
        guard let top = stack.last else { throw TranslationError(message: "operand stack underflow") }
        let slot = localSlot[index]
        let size = Int(localSize[index])
        if index < untouchedLocals.count, untouchedLocals[index] {
            // `local.set` of zero to a declared local nothing wrote yet, in the straight-line
            // code before the first label (compilers zero-initialise locals this way): the
            // local already holds zero.
            if !tee, lastLabel < 0, top.source == .const(0) {
                _ = stack.popLast()
                height -= size
                lastProducer = nil
                return
            }
            untouchedLocals[index] = false
        }
        if top.source == .local(slot) {
            if !tee { _ = try pop() }
            lastProducer = nil
            return
        }
        // Entries below that still read this local must get its old value first.
        let producer = lastProducer
        var below = false
        for i in 0..<(stack.count - 1) where stack[i].source == .local(slot) { below = true }
        if below {
            for i in 0..<(stack.count - 1) where stack[i].source == .local(slot) { try materialize(i) }
        }
        if !below, top.source == .stack, let p = producer, p.end == words.count, p.end > p.start {
            // Retarget the producer's destination to the local: no copy.
            words[p.start] = (words[p.start] & 0xFFFF_FFFF) | (UInt64(truncatingIfNeeded: slot) << 32)
        } else {
            switch top.source {
            case .stack: emitCopy(to: slot, from: height - size, size: size)
            case .local(let src): emitCopy(to: slot, from: src, size: size)
            case .const(let bits):
                emitConst1(to: slot, bits: bits)
            }
        }
        lastProducer = nil
        if tee {
            stack[stack.count - 1].source = .local(slot)
        } else {
            _ = stack.popLast()
            height -= size
        }
    }
}

extension Opcode {
    /// Integer comparisons that fuse with a following `br_if` or `if`.
    var isIntegerCompare: Bool {
        switch self {
        case .i32Eq, .i32Ne, .i32LtS, .i32LtU, .i32GtS, .i32GtU, .i32LeS, .i32LeU, .i32GeS, .i32GeU,
             .i64Eq, .i64Ne, .i64LtS, .i64LtU, .i64GtS, .i64GtU, .i64LeS, .i64LeU, .i64GeS, .i64GeU:
            return true
        default:
            return false
        }
    }
}

/// How a conditional branch tests: `direct` jumps when the condition holds, `inverse` when it
/// does not. `a` goes in the first word; `b` (a slot or an immediate) in the second, if any.
struct BranchCondition {
    var direct: ThreadedOp
    var inverse: ThreadedOp
    var a: Int
    var b: UInt64?
    /// Whether `b` is a slot (else an immediate).
    var bIsSlot = false
}

extension Translator {
    /// Pops a branch condition, fusing it with the compare that produced it when possible.
    mutating func popCondition() throws(TranslationError) -> BranchCondition {
        if let test = popBitTest() { return test }
        if let p = lastProducer, p.end == words.count, let compare = p.compare, stack.last?.source == .stack {
            let fused: (ThreadedOp, ThreadedOp)?
            if compare == .i32Eqz {
                fused = (.brIfZero, .brIfNonZero)
            } else if p.immediate != nil {
                fused = ThreadedOp.fusedImmediateBranch(compare)
            } else {
                fused = ThreadedOp.fusedBranch(compare)
            }
            if let (direct, inverse) = fused {
                removeWords(from: p.start)
                _ = stack.popLast()
                height -= 1
                lastProducer = nil
                if compare == .i32Eqz {
                    return BranchCondition(direct: direct, inverse: inverse, a: p.a, b: nil)
                }
                if let imm = p.immediate {
                    return BranchCondition(direct: direct, inverse: inverse, a: p.a, b: imm)
                }
                return BranchCondition(direct: direct, inverse: inverse, a: p.a, b: UInt64(p.b), bIsSlot: true)
            }
        }
        let slot = try pop()
        return BranchCondition(direct: .brIfNonZero, inverse: .brIfZero, a: slot, b: nil)
    }

    /// A branch condition that tests bits a constant selects: the top entry is the result of
    /// the last instruction emitted, an `i32.and` of a constant (`x & c`), or an `i32.eqz` of
    /// one emitted right before it (`(x & c) == 0`), read by nothing else. The instructions are
    /// removed and the branch tests the bits itself (`brIfI32AndImm`, `brIfNotI32AndImm`).
    mutating func popBitTest() -> BranchCondition? {
        guard let p = lastProducer, producedOnlyFor(stack.count - 1, by: p) else { return nil }
        let andStart: Int
        let direct: ThreadedOp, inverse: ThreadedOp
        if p.end - p.start == 2, emittedOp(p) == .i32AndImm {
            (andStart, direct, inverse) = (p.start, .brIfI32AndImm, .brIfNotI32AndImm)
        } else if p.compare == .i32Eqz, let start = p.testedAnd, start + 2 == p.start, lastLabel <= start {
            (andStart, direct, inverse) = (start, .brIfNotI32AndImm, .brIfI32AndImm)
        } else {
            return nil
        }
        let operands = words[andStart + 1]
        removeWords(from: andStart)
        _ = stack.popLast()
        height -= 1
        lastProducer = nil
        lastFusable = nil
        lastAdd = nil
        return BranchCondition(direct: direct, inverse: inverse, a: Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: operands)),
                               b: operands >> 32)
    }

    /// Emits the words of a conditional branch before its target word.
    mutating func emitConditionHead(_ c: BranchCondition, negated: Bool) {
        emit(op(negated ? c.inverse : c.direct, c.a))
        if let b = c.b { emit(b) }
    }

    /// Emits the words of a conditional branch before its target word and returns where the
    /// branch starts (its target is relative to that). When the last instruction emitted is an
    /// `i32.add` whose result the branch tests (written to the slot the branch reads, no branch
    /// target between), the add is removed and the branch's fused form computes it
    /// (`ThreadedOp.addBranchForm`): w0 = op | the add's destination, the add's operand word,
    /// then the branch's other words. A compare whose other operand is the add's destination
    /// itself (which it would read before the add wrote it) keeps the two apart. A branch on
    /// zero or not of the value a plain load just loaded turns the load into the branch
    /// (`ThreadedOp.loadBranchForm`), which returns the load's start.
    mutating func emitBranchHead(_ c: BranchCondition, negated: Bool) -> Int {
        let branch = negated ? c.inverse : c.direct
        if let p = lastAdd, p.end == words.count, p.end == p.start + 2, lastLabel <= p.start,
           Int(truncatingIfNeeded: words[p.start] >> 32) == c.a, !(c.bIsSlot && c.b == UInt64(c.a)),
           let add = emittedOp(p), let fused = ThreadedOp.addBranchForm(add, branch) {
            let operands = words[p.start + 1]
            removeWords(from: words.count - 2)
            lastAdd = nil
            lastFusable = nil
            lastProducer = nil
            let base = words.count
            emit(op(fused, c.a))
            emit(operands)
            if let b = c.b { emit(b) }
            return base
        }
        if c.b == nil, let load = lastIntLoad, load.end == words.count, load.end - load.start == 4, lastLabel <= load.start,
           Int(truncatingIfNeeded: words[load.start] >> 32) == c.a, let access = emittedOp(load),
           let fused = ThreadedOp.loadBranchForm(access, branch) {
            // A branch on the value the last instruction, a plain load, loaded (into a slot or,
            // through `local.tee`, a local): the load becomes the branch, which still writes it.
            words[load.start] = op(fused, c.a)
            lastIntLoad = nil
            lastFusable = nil
            lastProducer = nil
            lastAdd = nil
            return load.start
        }
        let base = words.count
        emitConditionHead(c, negated: negated)
        return base
    }

    /// A conditional branch to label `depth`.
    mutating func emitConditionalBranch(depth: UInt32, condition c: BranchCondition) throws(TranslationError) {
        if !branchNeedsMoves(depth: depth) {
            let base = emitBranchHead(c, negated: false)
            emitTarget(controlIndex: controls.count - 1 - Int(depth), base: base)
            return
        }
        let base = emitBranchHead(c, negated: true)
        let skip = Fixup(position: words.count, base: base)
        emit(0)
        try emitBranch(depth: depth)
        patch(skip, to: words.count)
    }
}

extension Opcode {
    /// Whether the instruction works on i64 operands (for immediate layouts): its name starts
    /// with `i64.` or `f64.` (read from a table made once from the names).
    var isI64Operation: Bool { Opcode.i64Operations[Int(rawValue)] }

    /// `isI64Operation` by raw value.
    static let i64Operations: [Bool] = {
        var table = [Bool](repeating: false, count: Int(UInt16.max) + 1)
        for op in allCases { table[Int(op.rawValue)] = op.name.hasPrefix("i64.") || op.name.hasPrefix("f64.") }
        return table
    }()
}

extension Translator {
    /// Emits the word naming memory `index`'s state (linking writes its address: the state
    /// lives as long as the store, so code can name it directly).
    mutating func emitMemoryState(_ index: Int) throws(TranslationError) {
        try emitLink(.memoryState, UInt32(truncatingIfNeeded: index))
    }
}
