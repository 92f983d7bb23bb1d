import WasmBinary

/// The contents of an element segment as written.
enum ElementPayload {
    /// Function indices (encoded with the `func` element kind; type `(ref func)`).
    case indices([UInt32])
    /// Constant expressions of a reference type, each with its `end`.
    case expressions(RefType, [[UInt8]])

    var count: Int {
        switch self {
        case .indices(let list): return list.count
        case .expressions(_, let list): return list.count
        }
    }
}

/// How an element segment is used.
enum SegmentMode {
    case passive
    case declarative
    /// Active in `table` at the constant expression `offset` (with its `end`).
    case active(table: UInt32, offset: [UInt8])
}

// Element and data segments.

extension ModuleParser {
    /// `(elem $id? declare? (table x)? (offset ...)? payload)`, the way `wasm-tools` reads it.
    mutating func encodeElementSegment() throws(TextError) {
        var mode = SegmentMode.passive
        var tableOmitted = false
        if isKeyword(pos, "declare") {
            pos += 1
            mode = .declarative
        } else if atIndex(pos) && kind(pos) == .number || (kind(pos) == .leftParen && !atRefType(pos)) {
            var table: UInt32 = 0
            if kind(pos) == .number {
                table = try parseU32()
                tableOmitted = true
            } else if isGroup(pos, "table") {
                pos += 2
                table = try parseIndex(.table)
                try expectRightParen()
            } else {
                tableOmitted = true
            }
            mode = .active(table: table, offset: try encodeOffsetExpression())
        }
        let payload: ElementPayload
        if isKeyword(pos, "func") {
            pos += 1
            payload = try parseElementIndices(type: nil)
        } else if atRefType(pos) {
            let type = try parseRefType()
            payload = try parseElementExpressions(type: type)
        } else if tableOmitted {
            payload = try parseElementIndices(type: nil)
        } else {
            throw unexpected()
        }
        appendElementSegment(mode: mode, payload: payload)
    }

    /// A list of function indices up to `)`. With a type other than `funcref` the indices become
    /// `ref.func` expressions.
    mutating func parseElementIndices(type: RefType?) throws(TextError) -> ElementPayload {
        var indices: [UInt32] = []
        while kind(pos) != .rightParen { indices.append(try parseIndex(.function)) }
        if let type, type != .funcref {
            let expressions = indices.map { index -> [UInt8] in
                var bytes: [UInt8] = [0xD2]
                bytes.appendULEB(index)
                bytes.append(0x0B)
                return bytes
            }
            return .expressions(type, expressions)
        }
        return .indices(indices)
    }

    /// A list of `(item instr*)` or single folded instructions up to `)`.
    mutating func parseElementExpressions(type: RefType) throws(TextError) -> ElementPayload {
        var expressions: [[UInt8]] = []
        while kind(pos) != .rightParen {
            if isGroup(pos, "item") {
                pos += 2
                expressions.append(try encodeConstantExpression())
                try expectRightParen()
            } else {
                expressions.append(try encodeConstantExpression(single: true))
            }
        }
        return .expressions(type, expressions)
    }

    /// Writes an element segment in the encoding `wasm-tools` picks for it.
    mutating func appendElementSegment(mode: SegmentMode, payload: ElementPayload) {
        var out: [UInt8] = []
        switch (mode, payload) {
        case (.active(let table, let offset), .indices):
            if table == 0 {
                out.append(0x00)
                out.append(contentsOf: offset)
            } else {
                out.append(0x02)
                out.appendULEB(table)
                out.append(contentsOf: offset)
                out.append(0x00)
            }
        case (.passive, .indices):
            out.append(contentsOf: [0x01, 0x00])
        case (.declarative, .indices):
            out.append(contentsOf: [0x03, 0x00])
        case (.active(let table, let offset), .expressions(let type, _)):
            if table == 0 && type == .funcref {
                out.append(0x04)
                out.append(contentsOf: offset)
            } else {
                out.append(0x06)
                out.appendULEB(table)
                out.append(contentsOf: offset)
                out.appendRefType(type)
            }
        case (.passive, .expressions(let type, _)):
            out.append(0x05)
            out.appendRefType(type)
        case (.declarative, .expressions(let type, _)):
            out.append(0x07)
            out.appendRefType(type)
        }
        switch payload {
        case .indices(let indices):
            out.appendULEB(UInt64(indices.count))
            for index in indices { out.appendULEB(index) }
        case .expressions(_, let expressions):
            out.appendULEB(UInt64(expressions.count))
            for expression in expressions { out.append(contentsOf: expression) }
        }
        elementSection.append(contentsOf: out)
        elementCount += 1
    }

    /// `(data $id? ((memory x)? (offset ...))? "..."*)`.
    mutating func encodeDataSegment() throws(TextError) {
        if kind(pos) == .string || kind(pos) == .rightParen {
            var bytes: [UInt8] = []
            while kind(pos) == .string { bytes.append(contentsOf: try parseString()) }
            dataSection.append(0x01)
            dataSection.appendBytesWithLength(bytes)
            dataCount += 1
            return
        }
        var memory: UInt32 = 0
        if kind(pos) == .number {
            memory = try parseU32()
        } else if isGroup(pos, "memory") {
            pos += 2
            memory = try parseIndex(.memory)
            try expectRightParen()
        }
        let offset = try encodeOffsetExpression()
        var bytes: [UInt8] = []
        while kind(pos) == .string { bytes.append(contentsOf: try parseString()) }
        appendDataSegment(memory: memory, offset: offset, bytes: bytes)
    }

    /// Writes an active data segment.
    mutating func appendDataSegment(memory: UInt32, offset: [UInt8], bytes: [UInt8]) {
        if memory == 0 {
            dataSection.append(0x00)
        } else {
            dataSection.append(0x02)
            dataSection.appendULEB(memory)
        }
        dataSection.append(contentsOf: offset)
        dataSection.appendBytesWithLength(bytes)
        dataCount += 1
    }
}
