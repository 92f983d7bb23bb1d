import WasmBinary

/// A type use: `(type x)?` followed by `(param ...)*` and `(result ...)*`.
struct TypeUse {
    /// The index of `(type x)`, if given.
    var index: UInt32?
    /// The inline signature, nil when no `param` or `result` was written.
    var inline: FunctionType?
    /// The interned name of each inline parameter (-1 when unnamed).
    var parameterNames: [Int32] = []
}

// Value types, type definitions, type uses and the types of tables, memories and globals.

extension ModuleParser {
    /// Parses the explicit `(type ...)` fields, also those inside `(rec ...)` (after the first
    /// pass, so that `(ref $t)` can name any type), and registers the signatures of function
    /// types outside `(rec ...)` for type uses. Like `wasm-tools`, a `sub` or non-final function
    /// type is found by a type use too; one inside a `(rec ...)`, even alone, is not.
    mutating func parseTypeDefinitions() throws(TextError) {
        var inRec: [Bool] = []
        for group in typeGroups {
            for _ in 0..<group.count { inRec.append(group.isRec) }
        }
        for field in fields where field.kind == .type {
            pos = field.open + 2
            _ = optionalName()
            let index = types.count
            let (encoding, function) = try parseSubType(typeIndex: UInt32(index))
            try expectRightParen()
            let type = function ?? FunctionType(parameters: [], results: [])
            let alone = index < inRec.count ? !inRec[index] : true
            if function != nil, alone, typeIndexBySignature[type] == nil {
                typeIndexBySignature[type] = UInt32(index)
            }
            types.append(type)
            typeEncodings.append(encoding)
        }
    }

    /// Parses `(param ...)*` then `(result ...)*`. The name of each parameter (-1 if unnamed)
    /// is appended to `names`; with `allowNames` false a named parameter is an error.
    mutating func parseSignature(
        parameters: inout [ValueType], results: inout [ValueType], names: inout [Int32], allowNames: Bool
    ) throws(TextError) {
        while isGroup(pos, "param") {
            pos += 2
            if kind(pos) == .identifier {
                guard allowNames else { throw unexpected() }
                let name = tokens[pos].link
                if names.contains(name) {
                    throw error("duplicate local \(identifierText(pos))")
                }
                pos += 1
                parameters.append(try parseValueType())
                names.append(name)
                try expectRightParen()
                continue
            }
            while kind(pos) != .rightParen {
                parameters.append(try parseValueType())
                names.append(-1)
            }
            pos += 1
        }
        while isGroup(pos, "result") {
            pos += 2
            while kind(pos) != .rightParen { results.append(try parseValueType()) }
            pos += 1
        }
    }

    /// Parses a type use. `allowNames`: parameters may be named (functions), else not (blocks,
    /// `call_indirect`).
    mutating func parseTypeUse(allowNames: Bool) throws(TextError) -> TypeUse {
        var use = TypeUse()
        if isGroup(pos, "type") {
            pos += 2
            use.index = try parseIndex(.type)
            try expectRightParen()
        }
        guard isGroup(pos, "param") || isGroup(pos, "result") else {
            if isGroup(pos, "type") { throw error("unexpected token") }
            return use
        }
        var parameters: [ValueType] = []
        var results: [ValueType] = []
        try parseSignature(parameters: &parameters, results: &results, names: &use.parameterNames, allowNames: allowNames)
        use.inline = FunctionType(parameters: parameters, results: results)
        // `(type x)`, then parameters, then results: nothing else in between or out of order.
        if isGroup(pos, "type") || isGroup(pos, "param") { throw error("unexpected token") }
        return use
    }

    /// The type index a type use stands for. With `(type x)` and an inline signature, the two must
    /// agree ("inline function type"). Without `(type x)`, the first type with the signature is
    /// used, or a new one is appended to the type section (only while `emitting`).
    mutating func resolveTypeUse(_ use: TypeUse, at token: Int) throws(TextError) -> UInt32 {
        if let index = use.index {
            if let inline = use.inline, Int(index) < types.count, types[Int(index)] != inline {
                throw error("inline function type", at: token)
            }
            return index
        }
        let signature = use.inline ?? FunctionType(parameters: [], results: [])
        if let index = typeIndexBySignature[signature] { return index }
        guard emitting else { return 0 }
        let index = UInt32(types.count)
        types.append(signature)
        typeIndexBySignature[signature] = index
        return index
    }

    /// The signature of type `index`, if it is defined (explicitly or implicitly) already.
    func signature(of index: UInt32) -> FunctionType? {
        Int(index) < types.count ? types[Int(index)] : nil
    }

    // MARK: - Value types

    /// Parses a value type: a keyword or `(ref null? heaptype)`.
    mutating func parseValueType() throws(TextError) -> ValueType {
        let t = tokens[pos]
        if t.kind == .keyword {
            let type: ValueType
            switch t.length {
            case 3:
                if isKeyword(pos, "i32") { type = .i32 }
                else if isKeyword(pos, "i64") { type = .i64 }
                else if isKeyword(pos, "f32") { type = .f32 }
                else if isKeyword(pos, "f64") { type = .f64 }
                else { throw unexpected() }
            case 4:
                guard isKeyword(pos, "v128") else { throw unexpected() }
                type = .v128
            default:
                guard let ref = abbreviatedRefType(pos) else { throw unexpected() }
                type = .ref(ref)
            }
            pos += 1
            return type
        }
        if t.kind == .leftParen && isKeyword(pos + 1, "ref") {
            return .ref(try parseRefType())
        }
        throw unexpected()
    }

    /// The reference type a keyword abbreviates (`funcref`, `externref`, …), if any.
    func abbreviatedRefType(_ index: Int) -> RefType? {
        let heap: HeapType
        var nullable = true
        if isKeyword(index, "funcref") { heap = .function }
        else if isKeyword(index, "externref") { heap = .extern }
        else if isKeyword(index, "exnref") { heap = .exception }
        else if isKeyword(index, "anyref") { heap = .any }
        else if isKeyword(index, "eqref") { heap = .eq }
        else if isKeyword(index, "i31ref") { heap = .i31 }
        else if isKeyword(index, "structref") { heap = .struct }
        else if isKeyword(index, "arrayref") { heap = .array }
        else if isKeyword(index, "nullref") { heap = .none }
        else if isKeyword(index, "nullfuncref") { heap = .noFunction }
        else if isKeyword(index, "nullexternref") { heap = .noExtern }
        else if isKeyword(index, "nullexnref") { heap = .noException }
        else { return nil }
        nullable = true
        return RefType(nullable: nullable, heapType: heap)
    }

    /// Whether the tokens at `index` start a reference type.
    func atRefType(_ index: Int) -> Bool {
        (kind(index) == .keyword && abbreviatedRefType(index) != nil) || isGroup(index, "ref")
    }

    /// Parses a reference type: an abbreviation or `(ref null? heaptype)`.
    mutating func parseRefType() throws(TextError) -> RefType {
        if kind(pos) == .keyword, let ref = abbreviatedRefType(pos) {
            pos += 1
            return ref
        }
        try expectGroup("ref")
        var nullable = false
        if isKeyword(pos, "null") {
            nullable = true
            pos += 1
        }
        let heap = try parseHeapType()
        try expectRightParen()
        return RefType(nullable: nullable, heapType: heap)
    }

    /// Parses a heap type: an abstract type keyword or a type index.
    mutating func parseHeapType() throws(TextError) -> HeapType {
        if kind(pos) == .keyword {
            let heap: HeapType
            if isKeyword(pos, "func") { heap = .function }
            else if isKeyword(pos, "extern") { heap = .extern }
            else if isKeyword(pos, "exn") { heap = .exception }
            else if isKeyword(pos, "any") { heap = .any }
            else if isKeyword(pos, "eq") { heap = .eq }
            else if isKeyword(pos, "i31") { heap = .i31 }
            else if isKeyword(pos, "struct") { heap = .struct }
            else if isKeyword(pos, "array") { heap = .array }
            else if isKeyword(pos, "none") { heap = .none }
            else if isKeyword(pos, "nofunc") { heap = .noFunction }
            else if isKeyword(pos, "noextern") { heap = .noExtern }
            else if isKeyword(pos, "noexn") { heap = .noException }
            else { throw unexpected() }
            pos += 1
            return heap
        }
        if isGroup(pos, "exact") {
            // `(exact x)` (custom-descriptors proposal).
            pos += 2
            guard atIndex(pos) else { throw unexpected() }
            let index = try parseIndex(.type)
            try expectRightParen()
            return .exact(index)
        }
        guard atIndex(pos) else { throw unexpected() }
        return .concrete(try parseIndex(.type))
    }

    // MARK: - Tables, memories, globals

    /// Parses an optional address type keyword (`i32` or `i64`); true for `i64`.
    mutating func parseAddressType() -> Bool {
        if isKeyword(pos, "i64") {
            pos += 1
            return true
        }
        if isKeyword(pos, "i32") { pos += 1 }
        return false
    }

    /// Parses limits: a minimum and an optional maximum.
    mutating func parseLimits(is64: Bool) throws(TextError) -> Limits {
        let min = try parseU64()
        var max: UInt64?
        if kind(pos) == .number { max = try parseU64() }
        return Limits(min: min, max: max, is64: is64)
    }

    /// Parses a table type: `i32|i64? limits reftype`.
    mutating func parseTableType() throws(TextError) -> TableType {
        let is64 = parseAddressType()
        let limits = try parseLimits(is64: is64)
        return TableType(elementType: try parseRefType(), limits: limits)
    }

    /// Parses a memory type: `i32|i64? limits shared? (pagesize N)?`.
    mutating func parseMemoryType() throws(TextError) -> MemoryType {
        let is64 = parseAddressType()
        var limits = try parseLimits(is64: is64)
        if isKeyword(pos, "shared") {
            limits.shared = true
            pos += 1
        } else if isKeyword(pos, "unshared") {
            pos += 1
        }
        return MemoryType(limits: limits, pageSizeLog2: try parsePageSize())
    }

    /// Parses an optional `(pagesize N)` (custom-page-sizes proposal): the log2 of N, which
    /// must be a power of two ("invalid custom page size"); 16 (64 KiB) when absent. Whether
    /// the size is one the validator accepts (1 or 65536) is left to it.
    mutating func parsePageSize() throws(TextError) -> UInt8 {
        guard isGroup(pos, "pagesize") else { return 16 }
        pos += 2
        let at = pos
        let size = try parseU64()
        guard size != 0, size & (size - 1) == 0 else { throw error("invalid custom page size", at: at) }
        try expectRightParen()
        return UInt8(size.trailingZeroBitCount)
    }

    /// Parses a global type: `valtype` or `(mut valtype)`.
    mutating func parseGlobalType() throws(TextError) -> GlobalType {
        if isGroup(pos, "mut") {
            pos += 2
            let type = try parseValueType()
            try expectRightParen()
            return GlobalType(valueType: type, mutability: .variable)
        }
        return GlobalType(valueType: try parseValueType(), mutability: .constant)
    }
}
