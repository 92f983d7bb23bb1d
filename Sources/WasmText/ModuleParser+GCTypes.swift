import WasmBinary

/// A group of the type section in text order: one type definition, or the members of a
/// `(rec ...)` (possibly none).
struct TypeGroup {
    /// The type index of its first member.
    var first: Int
    /// How many types it defines.
    var count: Int
    /// Whether it was written as `(rec ...)`, so it is encoded as a recursion group (`0x4E`).
    var isRec: Bool
}

// GC type definitions: `(sub final? x* comptype)`, `(struct (field ...)*)`, `(array fieldtype)`,
// field types and their names.

extension ModuleParser {
    /// Parses the definition after `(type $id?`: a sub type or a bare composite type. Returns
    /// its binary encoding and its signature when it is a function type. A final type without
    /// supertypes is written as the bare composite type, as `wasm-tools` does.
    mutating func parseSubType(typeIndex: UInt32) throws(TextError) -> (encoding: [UInt8], function: FunctionType?) {
        guard kind(pos) == .leftParen else { throw unexpected() }
        guard isGroup(pos, "sub") else {
            let clauses = try parseDescriptorClauses()
            let (composite, function) = try parseCompositeType(typeIndex: typeIndex)
            return (clauses + composite, function)
        }
        pos += 2
        var isFinal = false
        if isKeyword(pos, "final") {
            isFinal = true
            pos += 1
        }
        var supertypes: [UInt32] = []
        while atIndex(pos) { supertypes.append(try parseIndex(.type)) }
        let clauses = try parseDescriptorClauses()
        var (composite, function) = try parseCompositeType(typeIndex: typeIndex)
        composite = clauses + composite
        try expectRightParen()
        if isFinal && supertypes.isEmpty { return (composite, function) }
        var encoding: [UInt8] = [isFinal ? 0x4F : 0x50]
        encoding.appendULEB(UInt64(supertypes.count))
        for s in supertypes { encoding.appendULEB(s) }
        encoding.append(contentsOf: composite)
        return (encoding, function)
    }

    /// Parses the optional `(describes x)` and then `(descriptor y)` clauses of a type
    /// definition (custom-descriptors proposal) and encodes them (`0x4C x`, `0x4D y`).
    private mutating func parseDescriptorClauses() throws(TextError) -> [UInt8] {
        var out: [UInt8] = []
        let clauses: [(StaticString, UInt8)] = [("describes", 0x4C), ("descriptor", 0x4D)]
        for (keyword, byte) in clauses where isGroup(pos, keyword) {
            pos += 2
            guard atIndex(pos) else { throw unexpected() }
            out.append(byte)
            out.appendULEB(try parseIndex(.type))
            try expectRightParen()
        }
        return out
    }

    /// Parses `(func ...)`, `(struct ...)` or `(array ...)` and encodes it; struct field names
    /// are recorded for `struct.get` and `struct.set`.
    private mutating func parseCompositeType(typeIndex: UInt32) throws(TextError) -> ([UInt8], FunctionType?) {
        var out: [UInt8] = []
        if isGroup(pos, "func") {
            pos += 2
            var parameters: [ValueType] = []
            var results: [ValueType] = []
            var names: [Int32] = []
            try parseSignature(parameters: &parameters, results: &results, names: &names, allowNames: true)
            try expectRightParen()
            let type = FunctionType(parameters: parameters, results: results)
            out.appendFunctionType(type)
            return (out, type)
        }
        if isGroup(pos, "struct") {
            pos += 2
            var body: [UInt8] = []
            var count: UInt32 = 0
            var names: [Int32: UInt32] = [:]
            while isGroup(pos, "field") {
                pos += 2
                if kind(pos) == .identifier {
                    let name = tokens[pos].link
                    guard names[name] == nil else { throw error("duplicate field \(identifierText(pos))") }
                    names[name] = count
                    pos += 1
                    try appendFieldType(&body)
                    count += 1
                    try expectRightParen()
                    continue
                }
                while kind(pos) != .rightParen {
                    try appendFieldType(&body)
                    count += 1
                }
                pos += 1
            }
            try expectRightParen()
            if !names.isEmpty { fieldNames[typeIndex] = names }
            out.append(0x5F)
            out.appendULEB(count)
            out.append(contentsOf: body)
            return (out, nil)
        }
        if isGroup(pos, "array") {
            pos += 2
            out.append(0x5E)
            if isGroup(pos, "field") {
                pos += 2
                try appendFieldType(&out)
                try expectRightParen()
            } else {
                try appendFieldType(&out)
            }
            try expectRightParen()
            return (out, nil)
        }
        throw error("unexpected token", at: pos + 1)
    }

    /// Parses a field type, `storagetype` or `(mut storagetype)`, and encodes it.
    private mutating func appendFieldType(_ out: inout [UInt8]) throws(TextError) {
        var mutable = false
        if isGroup(pos, "mut") {
            pos += 2
            mutable = true
        }
        if isKeyword(pos, "i8") {
            out.append(0x78)
            pos += 1
        } else if isKeyword(pos, "i16") {
            out.append(0x77)
            pos += 1
        } else {
            out.appendValueType(try parseValueType())
        }
        if mutable { try expectRightParen() }
        out.append(mutable ? 1 : 0)
    }

    /// Consumes a field index of struct type `typeIndex`: a number or a field name.
    mutating func parseFieldIndex(of typeIndex: UInt32) throws(TextError) -> UInt32 {
        guard kind(pos) == .identifier else { return try parseU32() }
        guard let index = fieldNames[typeIndex]?[tokens[pos].link] else {
            throw error("unknown field \(identifierText(pos))")
        }
        pos += 1
        return index
    }

    /// The type section's content: the explicit groups in text order (a `(rec ...)` as `0x4E`
    /// and its members), then the implicit function types of type uses.
    func typeSectionContent() -> (content: [UInt8], count: Int) {
        var content: [UInt8] = []
        var count = 0
        for group in typeGroups {
            if group.isRec {
                content.append(0x4E)
                content.appendULEB(UInt64(group.count))
            }
            for index in group.first..<(group.first + group.count) where index < typeEncodings.count {
                content.append(contentsOf: typeEncodings[index])
            }
            count += group.isRec ? 1 : group.count
        }
        for type in types.dropFirst(typeEncodings.count) {
            content.appendFunctionType(type)
            count += 1
        }
        return (content, count)
    }
}
