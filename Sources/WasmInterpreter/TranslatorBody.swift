import WasmBinary
import WasmValidation

extension Translator {
    /// Translates the whole body.
    mutating func translate(body: FunctionBody) throws -> CompiledCode {
        var decoder = InstructionDecoder(bytes: module.bytes, range: body.code)
        let resultSizes = type.results.map { UInt8(slotSize($0)) }
        controls.append(TranslationControl(
            kind: .function, startHeight: localSlots, stackCount: 0, paramSizes: [], resultSizes: resultSizes))
        while !controls.isEmpty {
            guard !decoder.isAtEnd else { throw TranslationError(message: "function body ends inside a block") }
            let ins = try decoder.next()
            if let last = controls.last, last.unreachable {
                if try skipUnreachable(ins) { continue }
            }
            try translate(ins, decoder: decoder)
        }
        return CompiledCode(words: words, handlers: handlers)
    }

    /// In unreachable code only structure matters. Returns true when `ins` was consumed.
    mutating func skipUnreachable(_ ins: Instruction) throws(TranslationError) -> Bool {
        switch ins.opcode {
        case .block, .loop, .if, .tryTable:
            skipDepth += 1
            return true
        case .end:
            if skipDepth > 0 {
                skipDepth -= 1
                return true
            }
            return false
        case .else:
            return skipDepth > 0
        default:
            return true
        }
    }

    /// Frame size needed by the translated function.
    var frameSlots: Int { max(maxHeight, resultSlots, localSlots) }

    mutating func beginBlock(_ kind: TranslationControl.Kind, _ bt: BlockType) throws(TranslationError) {
        let (params, results) = try blockSignature(bt)
        let paramSizes = params.map { UInt8(slotSize($0)) }
        let paramSlots = slotTotal(paramSizes)
        var control = TranslationControl(
            kind: kind, startHeight: height - paramSlots, stackCount: sizes.count - params.count,
            paramSizes: paramSizes, resultSizes: results.map { UInt8(slotSize($0)) })
        control.loopTarget = words.count
        control.tryStart = words.count
        controls.append(control)
    }

    /// Resets the operand stack to a control's base plus the given entries.
    mutating func resetStack(_ c: TranslationControl, to entries: [UInt8]) {
        sizes.removeSubrange(min(c.stackCount, sizes.count)...)
        sizes.append(contentsOf: entries)
        height = c.startHeight + slotTotal(entries)
        if height > maxHeight { maxHeight = height }
    }

    mutating func endBlock() throws(TranslationError) {
        guard var c = controls.popLast() else { throw TranslationError(message: "unbalanced end") }
        if c.kind == .function {
            if !c.unreachable {
                let n = resultSlots
                emitCopy(to: 0, from: height - n, slots: n)
                emit(op(.ret))
            }
            return
        }
        let here = words.count
        if let f = c.elseFixup { patch(f, to: here) }
        for f in c.fixups { patch(f, to: here) }
        for h in c.handlerFixups { handlers[h].target = here }
        if c.kind == .tryTable {
            for pc in c.catches {
                handlers.append(ExceptionHandler(
                    start: c.tryStart, end: here, kind: pc.kind, tag: pc.tag, target: -1, destination: pc.destination))
                let hIndex = handlers.count - 1
                if pc.targetControl == 0 {
                    handlers[hIndex].target = -1  // return from the function
                } else if controls[pc.targetControl].kind == .loop {
                    handlers[hIndex].target = controls[pc.targetControl].loopTarget
                } else {
                    controls[pc.targetControl].handlerFixups.append(hIndex)
                }
            }
        }
        c.elseFixup = nil
        resetStack(c, to: c.resultSizes)
    }

    mutating func translate(_ ins: Instruction, decoder: InstructionDecoder) throws {
        if let direct = ThreadedOp.direct[Int(ins.opcode.rawValue)] {
            try translateDirect(ins, direct)
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
            let cond = try pop()
            try beginBlock(.ifThen, ins.blockType)
            let base = words.count
            emit(op(.brIfZero, cond))
            controls[controls.count - 1].elseFixup = Fixup(position: words.count, base: base)
            emit(0)
        case .else:
            guard var c = controls.popLast() else { throw TranslationError(message: "else without if") }
            if !c.unreachable {
                let base = words.count
                emit(op(.jump))
                c.fixups.append(Fixup(position: words.count, base: base))
                emit(0)
            }
            if let f = c.elseFixup { patch(f, to: words.count) }
            c.elseFixup = nil
            c.kind = .elseBranch
            c.unreachable = false
            resetStack(c, to: c.paramSizes)
            controls.append(c)
        case .end:
            try endBlock()
        case .br:
            try emitBranch(depth: ins.index)
            markUnreachable()
        case .brIf:
            let cond = try pop()
            try emitConditionalBranch(depth: ins.index, slot: cond, direct: .brIfNonZero, inverse: .brIfZero)
        case .brTable:
            try translateBrTable(decoder.brTableTargets)
        case .return:
            try emitBranch(depth: UInt32(controls.count - 1))
            markUnreachable()
        case .call, .returnCall:
            let callee = try functionType(ins.index)
            let paramSlots = slotCount(callee.parameters)
            let base = height - paramSlots
            try popAll(callee.parameters.count)
            let address = instance.functionAddresses[Int(ins.index)]
            emit(op(ins.opcode == .call ? .call : .returnCall, base))
            emit(UInt64(address))
            if ins.opcode == .call { pushAll(callee.results) } else { markUnreachable() }
        case .callIndirect, .returnCallIndirect:
            let callee = module.types[Int(ins.index)]
            let indexSlot = try pop()
            let base = height - slotCount(callee.parameters)
            try popAll(callee.parameters.count)
            emit(op(ins.opcode == .callIndirect ? .callIndirect : .returnCallIndirect, base))
            emit(pair(indexSlot, Int(ins.index2)))
            emit(UInt64(store.typeID(callee)))
            if ins.opcode == .callIndirect { pushAll(callee.results) } else { markUnreachable() }
        case .callRef, .returnCallRef:
            let callee = module.types[Int(ins.index)]
            let refSlot = try pop()
            let base = height - slotCount(callee.parameters)
            try popAll(callee.parameters.count)
            emit(op(ins.opcode == .callRef ? .callRef : .returnCallRef, base))
            emit(UInt64(refSlot))
            if ins.opcode == .callRef { pushAll(callee.results) } else { markUnreachable() }
        case .drop:
            _ = try pop()
        case .select, .selectT:
            let cond = try pop()
            let b = try pop()
            let a = try pop()
            let width = b - a  // a's slots end where b begins
            let dst = push(width)
            emit(op(width == 2 ? .select2 : .select1, dst))
            emit(pair(a, b))
            emit(UInt64(cond))
        case .localGet:
            let i = Int(ins.index)
            let dst = push(Int(localSize[i]))
            emit(op(localSize[i] == 2 ? .copy2 : .copy1, dst))
            emit(UInt64(localSlot[i]))
        case .localSet:
            let i = Int(ins.index)
            let src = try pop()
            emit(op(localSize[i] == 2 ? .copy2 : .copy1, localSlot[i]))
            emit(UInt64(src))
        case .localTee:
            let i = Int(ins.index)
            let src = height - Int(localSize[i])
            emit(op(localSize[i] == 2 ? .copy2 : .copy1, localSlot[i]))
            emit(UInt64(src))
        case .globalGet:
            let t = globalType(ins.index)
            let dst = push(t)
            emit(op(t == .v128 ? .globalGet2 : .globalGet1, dst))
            emit(UInt64(UInt(bitPattern: store.globals[instance.globalAddresses[Int(ins.index)]].slots)))
        case .globalSet:
            let t = globalType(ins.index)
            let src = try pop()
            emit(op(t == .v128 ? .globalSet2 : .globalSet1, src))
            emit(UInt64(UInt(bitPattern: store.globals[instance.globalAddresses[Int(ins.index)]].slots)))
        case .i32Const, .i64Const, .f32Const, .f64Const:
            let dst = push(1)
            emit(op(.const1, dst))
            emit(ins.bits)
        case .v128Const:
            let dst = push(2)
            emit(op(.const2, dst))
            emit(ins.v128.lo)
            emit(ins.v128.hi)
        case .refNull:
            let dst = push(1)
            emit(op(.const1, dst))
            emit(0)
        case .refFunc:
            let dst = push(1)
            emit(op(.const1, dst))
            emit(UInt64(instance.functionAddresses[Int(ins.index)]) + 1)
        case .refIsNull:
            let a = try pop()
            let dst = push(1)
            emit(op(.refIsNull, dst))
            emit(UInt64(a))
        case .refAsNonNull:
            emit(op(.refAsNonNull, height - 1))
        case .brOnNull:
            let ref = try pop()
            try emitConditionalBranch(depth: ins.index, slot: ref, direct: .brOnNull, inverse: .brOnNonNull)
            _ = push(1)
        case .brOnNonNull:
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
            emit(op(.memorySize, dst))
            emit(UInt64(ins.index))
        case .memoryGrow:
            let delta = try pop()
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
            let i = try pop()
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
            let n = try pop(), initial = try pop()
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
            let tagType = module.types[Int(try tagTypeIndex(ins.index))]
            let base = height - slotCount(tagType.parameters)
            try popAll(tagType.parameters.count)
            emit(op(.throwTag, base))
            emit(UInt64(instance.tagAddresses[Int(ins.index)]))
            markUnreachable()
        case .throwRef:
            let ref = try pop()
            emit(op(.throwRef, ref))
            markUnreachable()
        case .tryTable:
            var pending: [PendingCatch] = []
            for clause in decoder.catchClauses {
                let targetIndex = controls.count - 1 - Int(clause.label)
                guard targetIndex >= 0 else { throw TranslationError(message: "unknown label") }
                let target = controls[targetIndex]
                let destination = target.kind == .function ? 0 : target.startHeight
                var tag = -1
                if clause.kind == .catch || clause.kind == .catchRef {
                    tag = instance.tagAddresses[Int(clause.tag)]
                }
                // The payload may land above the current operand stack: reserve room for it.
                let needed = destination + slotTotal(target.labelSizes)
                if needed > maxHeight { maxHeight = needed }
                pending.append(PendingCatch(kind: clause.kind.rawValue, tag: tag, targetControl: targetIndex, destination: destination))
            }
            try beginBlock(.tryTable, ins.blockType)
            controls[controls.count - 1].catches = pending
        default:
            throw TranslationError(message: "instruction \(ins.opcode.name) is not supported by the interpreter")
        }
    }

    func tagTypeIndex(_ tag: UInt32) throws(TranslationError) -> UInt32 {
        var i = Int(tag)
        for imp in module.imports {
            if case .tag(let t) = imp.descriptor {
                if i == 0 { return t.typeIndex }
                i -= 1
            }
        }
        guard i < module.tags.count else { throw TranslationError(message: "unknown tag \(tag)") }
        return module.tags[i].typeIndex
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
        for (k, depth) in stubs {
            words[tableStart + k] = UInt64(bitPattern: Int64(words.count - base))
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
        var slots: [Int] = []
        for _ in 0..<sig.params { slots.insert(try pop(), at: 0) }
        let dst = push(sig.resultSize)
        switch kind {
        case .shuffle:
            emit(op(t, dst)); emit(pair(slots[0], slots[1])); emit(ins.v128.lo); emit(ins.v128.hi)
        case .lane where sig.params == 1:
            emit(op(t, dst)); emit(pair(slots[0], Int(ins.index)))
        case .lane:
            emit(op(t, dst)); emit(pair(slots[0], slots[1])); emit(UInt64(ins.index))
        default:
            switch sig.params {
            case 1: emit(op(t, dst)); emit(UInt64(slots[0]))
            case 2: emit(op(t, dst)); emit(pair(slots[0], slots[1]))
            default: emit(op(t, dst)); emit(pair(slots[0], slots[1])); emit(UInt64(slots[2]))
            }
        }
    }

    mutating func translateMemory(_ ins: Instruction, _ t: ThreadedOp) throws {
        guard let sig = ins.opcode.operandShape else {
            throw TranslationError(message: "no operand shape for \(ins.opcode.name)")
        }
        let mem = Int(ins.memarg.memory)
        if ins.opcode.immediateKind == .memargLane {
            let vec = try pop()
            let addr = try pop()
            if sig.resultSize > 0 {
                let dst = push(2)
                emit(op(t, dst)); emit(pair(addr, mem)); emit(ins.memarg.offset); emit(pair(vec, Int(ins.index)))
            } else {
                emit(op(t, vec)); emit(pair(addr, mem)); emit(ins.memarg.offset); emit(UInt64(ins.index))
            }
            return
        }
        if sig.resultSize > 0 {
            let addr = try pop()
            let dst = push(sig.resultSize)
            emit(op(t, dst)); emit(pair(addr, mem)); emit(ins.memarg.offset)
        } else {
            let value = try pop()
            let addr = try pop()
            emit(op(t, value)); emit(pair(addr, mem)); emit(ins.memarg.offset)
        }
    }
}
