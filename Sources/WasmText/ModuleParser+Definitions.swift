import WasmBinary

// The second pass: the binary encoding of each field, in text order.

extension ModuleParser {
    /// Encodes one field into its section(s).
    mutating func encodeField(_ field: Field) throws(TextError) {
        pos = field.open + 2
        switch field.kind {
        case .type:
            return
        case .import:
            let module = try parseName()
            let name = try parseName()
            guard kind(pos) == .leftParen else { throw unexpected() }
            pos += 1  // the descriptor's `(`; its keyword was checked by the first pass
            let descriptorKeyword = pos
            pos += 1
            _ = optionalName()
            try encodeImport(module: module, name: name, keyword: descriptorKeyword)
            try expectRightParen()
        case .function, .table, .memory, .global, .tag:
            _ = optionalName()
            try encodeInlineExports(field)
            if field.isImport {
                try expectGroup("import")
                let module = try parseName()
                let name = try parseName()
                try expectRightParen()
                try encodeImport(module: module, name: name, keyword: field.open + 1)
            } else {
                switch field.kind {
                case .function: try encodeFunction(field)
                case .table: try encodeTable(field)
                case .memory: try encodeMemory(field)
                case .global: try encodeGlobal()
                default: try encodeTag()
                }
            }
        case .export:
            try encodeExport()
        case .start:
            startFunction = try parseIndex(.function)
        case .element:
            _ = optionalName()
            try encodeElementSegment()
        case .data:
            _ = optionalName()
            try encodeDataSegment()
        }
        guard pos == field.close else { throw unexpected() }
    }

    /// Writes the `(export "name")` abbreviations of a definition to the export section.
    mutating func encodeInlineExports(_ field: Field) throws(TextError) {
        let kind: ExternalKind
        switch field.kind {
        case .function: kind = .function
        case .table: kind = .table
        case .memory: kind = .memory
        case .global: kind = .global
        default: kind = .tag
        }
        while isGroup(pos, "export") {
            pos += 2
            let name = try parseName()
            try expectRightParen()
            exportSection.appendBytesWithLength(name)
            exportSection.append(kind.rawValue)
            exportSection.appendULEB(field.index)
            exportCount += 1
        }
    }

    /// Writes an import whose descriptor keyword is token `keyword`; `pos` is at the rest of the
    /// descriptor.
    mutating func encodeImport(module: [UInt8], name: [UInt8], keyword: Int) throws(TextError) {
        importSection.appendBytesWithLength(module)
        importSection.appendBytesWithLength(name)
        if isKeyword(keyword, "func") {
            // `(exact typeuse)`: an exact function import (custom-descriptors proposal).
            let exact = isGroup(pos, "exact")
            if exact { pos += 2 }
            let start = pos
            let use = try parseTypeUse(allowNames: true)
            if exact { try expectRightParen() }
            importSection.append(exact ? 0x20 : 0x00)
            importSection.appendULEB(try resolveTypeUse(use, at: start))
        } else if isKeyword(keyword, "table") {
            importSection.append(0x01)
            let type = try parseTableType()
            importSection.appendRefType(type.elementType)
            importSection.appendLimits(type.limits)
        } else if isKeyword(keyword, "memory") {
            importSection.append(0x02)
            let type = try parseMemoryType()
            memoryIs64.append(type.limits.is64)
            importSection.appendMemoryType(type)
        } else if isKeyword(keyword, "global") {
            importSection.append(0x03)
            let type = try parseGlobalType()
            importSection.appendValueType(type.valueType)
            importSection.append(type.mutability == .variable ? 1 : 0)
        } else {
            let start = pos
            let use = try parseTypeUse(allowNames: true)
            importSection.append(0x04)
            importSection.append(0x00)
            importSection.appendULEB(try resolveTypeUse(use, at: start))
        }
        importCount += 1
    }

    /// `(export "name" (kind index))`.
    mutating func encodeExport() throws(TextError) {
        let name = try parseName()
        guard kind(pos) == .leftParen else { throw unexpected() }
        let keyword = pos + 1
        pos += 2
        let kind: ExternalKind
        let index: UInt32
        if isKeyword(keyword, "func") {
            kind = .function
            index = try parseIndex(.function)
        } else if isKeyword(keyword, "table") {
            kind = .table
            index = try parseIndex(.table)
        } else if isKeyword(keyword, "memory") {
            kind = .memory
            index = try parseIndex(.memory)
        } else if isKeyword(keyword, "global") {
            kind = .global
            index = try parseIndex(.global)
        } else if isKeyword(keyword, "tag") {
            kind = .tag
            index = try parseIndex(.tag)
        } else {
            throw error("unexpected token", at: keyword)
        }
        try expectRightParen()
        exportSection.appendBytesWithLength(name)
        exportSection.append(kind.rawValue)
        exportSection.appendULEB(index)
        exportCount += 1
    }

    // MARK: - Functions

    /// A defined function: its type use, locals and body.
    mutating func encodeFunction(_ field: Field) throws(TextError) {
        let useStart = pos
        let use = try parseTypeUse(allowNames: true)
        functionSection.appendULEB(try resolveTypeUse(use, at: useStart))
        functionCount += 1

        localNames.removeAll()
        var localCount: UInt32 = 0
        if use.inline != nil {
            for name in use.parameterNames {
                if name >= 0 { _ = localNames.insert(name, localCount) }
                localCount += 1
            }
        } else if let index = use.index, let type = signature(of: index) {
            localCount = UInt32(type.parameters.count)
        }

        // Local declarations, compressed into runs of equal types.
        var runs: [(count: UInt32, type: ValueType)] = []
        while isGroup(pos, "local") {
            pos += 2
            if kind(pos) == .identifier {
                let name = tokens[pos].link
                if !localNames.insert(name, localCount) {
                    throw error("duplicate local \(identifierText(pos))")
                }
                pos += 1
                let type = try parseValueType()
                appendLocal(type, to: &runs)
                localCount &+= 1
                try expectRightParen()
                continue
            }
            while kind(pos) != .rightParen {
                appendLocal(try parseValueType(), to: &runs)
                localCount &+= 1
            }
            pos += 1
        }

        output.removeAll(keepingCapacity: true)
        output.appendULEB(UInt64(runs.count))
        for run in runs {
            output.appendULEB(run.count)
            output.appendValueType(run.type)
        }
        labels.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
        bodyMarks.removeAll(keepingCapacity: true)
        try encodeInstructions()
        output.append(0x0B)
        if !branchHintAnnotations.isEmpty { try resolveBranchHints(field) }
        codeSection.appendULEB(UInt64(output.count))
        for mark in bodyMarks {
            codeMarks.append(SourceMark(binary: codeSection.count + mark.binary, source: mark.source))
        }
        codeSection.append(contentsOf: output)
        codeCount += 1
    }

    private func appendLocal(_ type: ValueType, to runs: inout [(count: UInt32, type: ValueType)]) {
        if let last = runs.last, last.type == type {
            runs[runs.count - 1].count &+= 1
        } else {
            runs.append((1, type))
        }
    }

    /// A constant expression up to the current `)` (or one folded instruction when `single`),
    /// with its final `end`.
    mutating func encodeConstantExpression(single: Bool = false) throws(TextError) -> [UInt8] {
        localNames.removeAll()
        labels.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
        output.removeAll(keepingCapacity: true)
        if single {
            guard kind(pos) == .leftParen else { throw unexpected() }
            try encodeInstructions(stop: Int(tokens[pos].link) + 1)
        } else {
            try encodeInstructions()
        }
        output.append(0x0B)
        return output
    }

    /// `(offset instr*)` or a single folded instruction.
    mutating func encodeOffsetExpression() throws(TextError) -> [UInt8] {
        if isGroup(pos, "offset") {
            pos += 2
            let expression = try encodeConstantExpression()
            try expectRightParen()
            return expression
        }
        return try encodeConstantExpression(single: true)
    }

    // MARK: - Tables, memories, globals, tags

    /// A defined table: `tabletype expr?` or `i32|i64? reftype (elem ...)`.
    mutating func encodeTable(_ field: Field) throws(TextError) {
        if field.hasInlineSegment {
            let is64 = parseAddressType()
            let elementType = try parseRefType()
            try expectGroup("elem")
            let payload: ElementPayload
            if kind(pos) == .leftParen {
                payload = try parseElementExpressions(type: elementType)
            } else {
                payload = try parseElementIndices(type: elementType)
            }
            try expectRightParen()
            let count = UInt64(payload.count)
            tableSection.appendRefType(elementType)
            tableSection.appendLimits(Limits(min: count, max: count, is64: is64))
            tableCount += 1
            let offset: [UInt8] = is64 ? [0x42, 0x00, 0x0B] : [0x41, 0x00, 0x0B]
            appendElementSegment(mode: .active(table: field.index, offset: offset), payload: payload)
            return
        }
        let type = try parseTableType()
        if kind(pos) != .rightParen {
            let initializer = try encodeConstantExpression()
            tableSection.append(contentsOf: [0x40, 0x00])
            tableSection.appendRefType(type.elementType)
            tableSection.appendLimits(type.limits)
            tableSection.append(contentsOf: initializer)
        } else {
            tableSection.appendRefType(type.elementType)
            tableSection.appendLimits(type.limits)
        }
        tableCount += 1
    }

    /// A defined memory: `memtype` or `i32|i64? (data "..."*)`.
    mutating func encodeMemory(_ field: Field) throws(TextError) {
        if field.hasInlineSegment {
            let is64 = parseAddressType()
            let pageSizeLog2 = try parsePageSize()
            try expectGroup("data")
            var bytes: [UInt8] = []
            while kind(pos) == .string { bytes.append(contentsOf: try parseString()) }
            try expectRightParen()
            let pageSize = UInt64(1) << UInt64(min(pageSizeLog2, 63))
            let pages = UInt64(bytes.count) / pageSize + (UInt64(bytes.count) % pageSize == 0 ? 0 : 1)
            memorySection.appendMemoryType(MemoryType(limits: Limits(min: pages, max: pages, is64: is64),
                                                      pageSizeLog2: pageSizeLog2))
            memoryCount += 1
            memoryIs64.append(is64)
            let offset: [UInt8] = is64 ? [0x42, 0x00, 0x0B] : [0x41, 0x00, 0x0B]
            appendDataSegment(memory: field.index, offset: offset, bytes: bytes)
            return
        }
        let type = try parseMemoryType()
        memoryIs64.append(type.limits.is64)
        memorySection.appendMemoryType(type)
        memoryCount += 1
    }

    /// A defined global: its type and initializer.
    mutating func encodeGlobal() throws(TextError) {
        let type = try parseGlobalType()
        let initializer = try encodeConstantExpression()
        globalSection.appendValueType(type.valueType)
        globalSection.append(type.mutability == .variable ? 1 : 0)
        globalSection.append(contentsOf: initializer)
        globalCount += 1
    }

    /// A defined tag: its type use.
    mutating func encodeTag() throws(TextError) {
        let start = pos
        let use = try parseTypeUse(allowNames: true)
        tagSection.append(0x00)
        tagSection.appendULEB(try resolveTypeUse(use, at: start))
        tagCount += 1
    }
}
