import WasmBinary

// Instruction sequences: plain and folded instructions, blocks and labels.
//
// One loop reads the tokens with an explicit stack of folded instructions (`frames`) and of block
// labels (`labels`); nothing recurses, so deep nesting cannot overflow the native stack. A folded
// plain instruction `(op imm* operand*)` is encoded when its `)` is reached, after its operands:
// its immediates are read once to find where the operands start (without adding implicit types)
// and again, from the saved position, when it is written. The condition of a folded `if` is
// handled the same way. So implicit types are added in execution order, as `wasm-tools` does.

extension ModuleParser {
    /// Encodes instructions into `output` until the `)` that closes the enclosing construct
    /// (left unconsumed), or, with `stop`, until the token index `stop` (after one folded
    /// instruction).
    mutating func encodeInstructions(stop: Int = Int.max) throws(TextError) {
        let frameBase = frames.count
        let labelBase = labels.count
        while true {
            if pos == stop && frames.count == frameBase { return }
            switch kind(pos) {
            case .keyword:
                try plainInstruction(labelBase: labelBase, frameBase: frameBase)
            case .leftParen:
                try openFolded(frameBase: frameBase)
            case .rightParen:
                if frames.count == frameBase {
                    guard labels.count == labelBase else { throw error("unexpected token") }
                    return
                }
                try closeFolded()
            case .end:
                throw error("unexpected end")
            case .reserved:
                throw error("unknown operator")
            default:
                throw error("unexpected token")
            }
        }
    }

    /// The number of labels below which a plain `end` or `else` may not reach.
    private func innerLabelBase(_ labelBase: Int, _ frameBase: Int) -> Int {
        guard frames.count > frameBase, let top = frames.last else { return labelBase }
        switch top.kind {
        case .plain, .ifCondition, .ifAfterThen, .ifAfterElse, .tryDelegated: return Int(top.depth)
        case .block, .ifThen, .ifElse, .tryHead, .tryBody, .tryAfterBody, .tryAfterCatchAll:
            return Int(top.depth) + 1
        }
    }

    /// Writes the opcode of `instruction`.
    @inline(__always)
    mutating func emitOpcode(_ instruction: TextInstruction) {
        bodyMarks.append(SourceMark(binary: output.count, source: tokens[instructionToken].start))
        if instruction.prefix == 0 {
            output.append(UInt8(truncatingIfNeeded: instruction.code))
        } else {
            output.append(instruction.prefix)
            output.appendULEB(instruction.code)
        }
    }

    /// The instruction table index of the keyword at token `index`.
    @inline(__always)
    func instructionIndex(_ index: Int) -> Int? {
        let t = tokens[index]
        return lookup.find(p, Int(t.start), Int(t.end))
    }

    /// A plain (unfolded) instruction at the current keyword.
    private mutating func plainInstruction(labelBase: Int, frameBase: Int) throws(TextError) {
        guard let index = instructionIndex(pos) else { throw unexpected() }
        instructionToken = pos
        if frames.count > frameBase, let top = frames.last {
            switch top.kind {
            case .ifCondition, .ifAfterThen, .ifAfterElse, .tryHead, .tryAfterBody, .tryAfterCatchAll, .tryDelegated:
                throw error("unexpected token")
            default:
                break
            }
        }
        let instruction = lookup.instructions[index]
        let keyword = pos
        pos += 1
        switch instruction.opcode {
        case .block, .loop, .if:
            let name = optionalName()
            emitOpcode(instruction)
            try blockType()
            let kind: Label.Kind = instruction.opcode == .loop ? .loop : instruction.opcode == .if ? .ifThen : .block
            labels.append(Label(name: name, flat: true, kind: kind))
        case .tryTable:
            let name = optionalName()
            emitOpcode(instruction)
            try blockType()
            try catchClauses()
            labels.append(Label(name: name, flat: true, kind: .tryTable))
        case .else:
            guard labels.count > innerLabelBase(labelBase, frameBase), let top = labels.last,
                  top.flat, top.kind == .ifThen else { throw error("unexpected token", at: keyword) }
            try closingLabel(top)
            output.append(0x05)
            labels[labels.count - 1].kind = .ifElse
        case .end:
            guard labels.count > innerLabelBase(labelBase, frameBase), let top = labels.last, top.flat else {
                throw error("unexpected token", at: keyword)
            }
            try closingLabel(top)
            output.append(0x0B)
            labels.removeLast()
        case .try:
            let name = optionalName()
            emitOpcode(instruction)
            try blockType()
            labels.append(Label(name: name, flat: true, kind: .legacyTry))
        case .catch, .catchAll:
            guard labels.count > innerLabelBase(labelBase, frameBase), let top = labels.last, top.flat,
                  top.kind == .legacyTry || top.kind == .legacyCatch else {
                throw error("unexpected token", at: keyword)
            }
            emitOpcode(instruction)
            if instruction.opcode == .catch { output.appendULEB(try parseIndex(.tag)) }
            labels[labels.count - 1].kind = instruction.opcode == .catch ? .legacyCatch : .legacyCatchAll
        case .delegate:
            guard labels.count > innerLabelBase(labelBase, frameBase), let top = labels.last, top.flat,
                  top.kind == .legacyTry else { throw error("unexpected token", at: keyword) }
            labels.removeLast()
            emitOpcode(instruction)
            output.appendULEB(try parseLabelIndex())
        case .select:
            try selectInstruction()
        default:
            emitOpcode(instruction)
            try immediates(instruction)
        }
    }

    /// The optional label after `else` or `end`, which must name the block it closes.
    private mutating func closingLabel(_ label: Label) throws(TextError) {
        guard kind(pos) == .identifier else { return }
        if tokens[pos].link != label.name { throw error("mismatching label") }
        pos += 1
    }

    /// A `(` in an instruction sequence: a folded instruction, or `(then`/`(else` of a folded if.
    private mutating func openFolded(frameBase: Int) throws(TextError) {
        let keyword = pos + 1
        guard kind(keyword) == .keyword else {
            throw error(kind(keyword) == .reserved ? "unknown operator" : "unexpected token", at: keyword)
        }
        if frames.count > frameBase, let top = frames.last {
            switch top.kind {
            case .ifCondition where isKeyword(keyword, "then"):
                // The condition is complete: write the `if` and its block type now.
                let resume = keyword + 1
                pos = Int(top.immediates)
                let name = optionalName()
                bodyMarks.append(SourceMark(binary: output.count, source: tokens[max(Int(top.immediates) - 1, 0)].start))
                output.append(0x04)
                try blockType()
                pos = resume
                labels.append(Label(name: name, flat: false, kind: .ifThen))
                frames[frames.count - 1].kind = .ifThen
                return
            case .ifAfterThen where isKeyword(keyword, "else"):
                output.append(0x05)
                labels[labels.count - 1].kind = .ifElse
                frames[frames.count - 1].kind = .ifElse
                pos = keyword + 1
                return
            case .ifAfterThen, .ifAfterElse:
                throw error("unexpected token", at: keyword)
            case .tryHead where isKeyword(keyword, "do"):
                frames[frames.count - 1].kind = .tryBody
                pos = keyword + 1
                return
            case .tryAfterBody where isKeyword(keyword, "catch") || isKeyword(keyword, "catch_all"):
                let all = isKeyword(keyword, "catch_all")
                pos = keyword + 1
                output.append(all ? 0x19 : 0x07)
                if !all { output.appendULEB(try parseIndex(.tag)) }
                labels[labels.count - 1].kind = all ? .legacyCatchAll : .legacyCatch
                frames[frames.count - 1].kind = .tryBody
                frames[frames.count - 1].immediates = all ? 1 : 0
                return
            case .tryAfterBody where isKeyword(keyword, "delegate") && labels.last?.kind == .legacyTry:
                pos = keyword + 1
                labels.removeLast()
                output.append(0x18)
                output.appendULEB(try parseLabelIndex())
                try expectRightParen()
                frames[frames.count - 1].kind = .tryDelegated
                return
            case .tryHead, .tryAfterBody, .tryAfterCatchAll, .tryDelegated:
                throw error("unexpected token", at: keyword)
            default:
                break
            }
        }
        guard let index = instructionIndex(keyword) else {
            throw error(isKnownKeyword(keyword) ? "unexpected token" : "unknown operator", at: keyword)
        }
        instructionToken = keyword
        let instruction = lookup.instructions[index]
        pos = keyword + 1
        switch instruction.opcode {
        case .block, .loop:
            let name = optionalName()
            emitOpcode(instruction)
            try blockType()
            frames.append(Frame(kind: .block, instruction: Int32(index), immediates: 0, depth: Int32(labels.count)))
            labels.append(Label(name: name, flat: false, kind: instruction.opcode == .loop ? .loop : .block))
        case .tryTable:
            let name = optionalName()
            emitOpcode(instruction)
            try blockType()
            try catchClauses()
            frames.append(Frame(kind: .block, instruction: Int32(index), immediates: 0, depth: Int32(labels.count)))
            labels.append(Label(name: name, flat: false, kind: .tryTable))
        case .if:
            let start = pos
            try skipping { (parser: inout ModuleParser) throws(TextError) in
                _ = parser.optionalName()
                try parser.blockType()
            }
            frames.append(Frame(kind: .ifCondition, instruction: Int32(index), immediates: Int32(start), depth: Int32(labels.count)))
        case .try:
            let name = optionalName()
            emitOpcode(instruction)
            try blockType()
            frames.append(Frame(kind: .tryHead, instruction: Int32(index), immediates: 0, depth: Int32(labels.count)))
            labels.append(Label(name: name, flat: false, kind: .legacyTry))
        case .else, .end, .catch, .catchAll, .delegate:
            throw error("unexpected token", at: keyword)
        default:
            let start = pos
            try skipping { (parser: inout ModuleParser) throws(TextError) in
                if instruction.opcode == .select {
                    try parser.selectInstruction()
                } else {
                    try parser.immediates(instruction)
                }
            }
            frames.append(Frame(kind: .plain, instruction: Int32(index), immediates: Int32(start), depth: Int32(labels.count)))
        }
    }

    /// A `)` that closes the innermost folded instruction (or a `then`/`else` part).
    private mutating func closeFolded() throws(TextError) {
        let top = frames[frames.count - 1]
        let depth = Int(top.depth)
        switch top.kind {
        case .plain:
            guard labels.count == depth else { throw error("unexpected token") }
            let resume = pos + 1
            pos = Int(top.immediates)
            let instruction = lookup.instructions[Int(top.instruction)]
            instructionToken = max(Int(top.immediates) - 1, 0)
            if instruction.opcode == .select {
                try selectInstruction()
            } else {
                emitOpcode(instruction)
                try immediates(instruction)
            }
            pos = resume
            frames.removeLast()
        case .block:
            guard labels.count == depth + 1 else { throw error("unexpected token") }
            output.append(0x0B)
            labels.removeLast()
            frames.removeLast()
            pos += 1
        case .ifCondition:
            throw error("unexpected token")
        case .ifThen, .ifElse:
            guard labels.count == depth + 1 else { throw error("unexpected token") }
            frames[frames.count - 1].kind = top.kind == .ifThen ? .ifAfterThen : .ifAfterElse
            pos += 1
        case .ifAfterThen, .ifAfterElse, .tryAfterBody, .tryAfterCatchAll:
            output.append(0x0B)
            labels.removeLast()
            frames.removeLast()
            pos += 1
        case .tryHead:
            throw error("unexpected token")
        case .tryBody:
            guard labels.count == depth + 1 else { throw error("unexpected token") }
            frames[frames.count - 1].kind = top.immediates == 1 ? .tryAfterCatchAll : .tryAfterBody
            pos += 1
        case .tryDelegated:
            frames.removeLast()
            pos += 1
        }
    }

    /// Runs `body` without writing anything or adding implicit types: used to find where the
    /// immediates of a folded instruction end.
    private mutating func skipping(_ body: (inout ModuleParser) throws(TextError) -> Void) throws(TextError) {
        let mark = output.count
        let wasEmitting = emitting
        emitting = false
        try body(&self)
        emitting = wasEmitting
        if output.count > mark { output.removeSubrange(mark...) }
    }

    /// A block type: `(type x)? (param ...)* (result ...)*`, written as `0x40`, one value type
    /// or a type index.
    mutating func blockType() throws(TextError) {
        let start = pos
        let use = try parseTypeUse(allowNames: false)
        if let index = use.index {
            _ = try resolveTypeUse(use, at: start)
            output.appendSLEB(Int64(index))
            return
        }
        guard let inline = use.inline, !(inline.parameters.isEmpty && inline.results.isEmpty) else {
            output.append(0x40)
            return
        }
        if inline.parameters.isEmpty && inline.results.count == 1 {
            output.appendValueType(inline.results[0])
            return
        }
        output.appendSLEB(Int64(try resolveTypeUse(use, at: start)))
    }

    /// The catch clauses of a `try_table`.
    private mutating func catchClauses() throws(TextError) {
        var clauses: [UInt8] = []
        var count = 0
        while kind(pos) == .leftParen {
            let keyword = pos + 1
            let tagged: Bool
            if isKeyword(keyword, "catch") {
                clauses.append(0x00)
                tagged = true
            } else if isKeyword(keyword, "catch_ref") {
                clauses.append(0x01)
                tagged = true
            } else if isKeyword(keyword, "catch_all") {
                clauses.append(0x02)
                tagged = false
            } else if isKeyword(keyword, "catch_all_ref") {
                clauses.append(0x03)
                tagged = false
            } else {
                break
            }
            pos += 2
            if tagged { clauses.appendULEB(try parseIndex(.tag)) }
            clauses.appendULEB(try parseLabelIndex())
            try expectRightParen()
            count += 1
        }
        output.appendULEB(UInt64(count))
        output.append(contentsOf: clauses)
    }

    /// `select` with optional `(result t*)*`: `0x1B`, or `0x1C` with the types.
    mutating func selectInstruction() throws(TextError) {
        guard isGroup(pos, "result") else {
            output.append(0x1B)
            return
        }
        var types: [ValueType] = []
        while isGroup(pos, "result") {
            pos += 2
            while kind(pos) != .rightParen { types.append(try parseValueType()) }
            pos += 1
        }
        output.append(0x1C)
        output.appendULEB(UInt64(types.count))
        for type in types { output.appendValueType(type) }
    }

    /// A label reference: a name of an enclosing block or a relative depth.
    mutating func parseLabelIndex() throws(TextError) -> UInt32 {
        if kind(pos) == .identifier {
            let name = tokens[pos].link
            var i = labels.count - 1
            while i >= 0 {
                if labels[i].name == name {
                    pos += 1
                    return UInt32(labels.count - 1 - i)
                }
                i -= 1
            }
            throw error("unknown label \(identifierText(pos))")
        }
        return try parseU32()
    }
}
