import WasmBinary

/// Limits enforced by ``decodeComponent(_:)``.
public enum ComponentDecoderLimits {
    /// The deepest nesting of components inside components, and of types inside types
    /// (component and instance types inside each other). The decoder recurses once per level, so
    /// the cap bounds its stack use.
    public static let maxNesting = 100
}

extension DecodeError {
    /// `invalid leading byte (0x…) for <what>`, as wasmparser words it.
    static func leadingByte(_ byte: UInt8, for what: String, at offset: Int) -> DecodeError {
        DecodeError("invalid leading byte (0x\(String(byte, radix: 16))) for \(what)", offset: offset)
    }
}

extension ByteReader {
    /// Reads a vector length and checks that at least `count * minimumItemSize` bytes remain.
    mutating func readComponentCount(minimumItemSize: Int = 1) throws(DecodeError) -> Int {
        let start = offset
        let count = UInt64(try readU32())
        let need = count.multipliedReportingOverflow(by: UInt64(max(minimumItemSize, 1)))
        guard !need.overflow, remaining >= 0, need.partialValue <= UInt64(remaining),
              let n = Int(exactly: count) else {
            throw DecodeError("unexpected end-of-file: a count of \(count) items does not fit in the section", offset: start)
        }
        return n
    }

    /// Reads a vector of items with `read`.
    mutating func readVector<T>(
        minimumItemSize: Int = 1,
        _ read: (inout ByteReader) throws(DecodeError) -> T
    ) throws(DecodeError) -> [T] {
        let count = try readComponentCount(minimumItemSize: minimumItemSize)
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try read(&self)) }
        return items
    }

    /// Reads a byte that must be `expected`.
    mutating func expectByte(_ expected: UInt8, for what: String) throws(DecodeError) {
        let start = offset
        let b = try readByte()
        guard b == expected else { throw .leadingByte(b, for: what, at: start) }
    }

    /// Reads an optional: `0x00` (absent) or `0x01` followed by the item.
    mutating func readOptional<T>(
        _ what: String,
        _ read: (inout ByteReader) throws(DecodeError) -> T
    ) throws(DecodeError) -> T? {
        let start = offset
        switch try readByte() {
        case 0x00: return nil
        case 0x01: return try read(&self)
        case let b: throw .leadingByte(b, for: what, at: start)
        }
    }

    /// Reads a `core:sort`.
    mutating func readCoreSort() throws(DecodeError) -> CoreSort {
        let start = offset
        let b = try readByte()
        guard let sort = CoreSort(rawValue: b) else { throw .leadingByte(b, for: "core sort", at: start) }
        return sort
    }

    /// Reads a `sort`.
    mutating func readSort() throws(DecodeError) -> ComponentSort {
        let start = offset
        switch try readByte() {
        case 0x00: return .core(try readCoreSort())
        case 0x01: return .function
        case 0x02: return .value
        case 0x03: return .type
        case 0x04: return .component
        case 0x05: return .instance
        case let b: throw .leadingByte(b, for: "component external kind", at: start)
        }
    }

    /// Reads a `sortidx`.
    mutating func readSortIndex() throws(DecodeError) -> SortIndex {
        let sort = try readSort()
        return SortIndex(sort: sort, index: try readU32())
    }

    /// Reads an `importname'` / `exportname'`.
    mutating func readExternName() throws(DecodeError) -> ExternName {
        let start = offset
        switch try readByte() {
        case 0x00, 0x01:
            return ExternName(try readName())
        case 0x02:
            var name = ExternName(try readName())
            let count = try readComponentCount(minimumItemSize: 2)
            for _ in 0..<count {
                let optionStart = offset
                let kind = try readByte()
                let value = try readName()
                switch kind {
                case 0x00:
                    guard name.implements == nil else {
                        throw DecodeError("duplicate 'implements' option in name", offset: optionStart)
                    }
                    name.implements = value
                case 0x01:
                    guard name.versionSuffix == nil else {
                        throw DecodeError("duplicate 'versionsuffix' option in name", offset: optionStart)
                    }
                    name.versionSuffix = value
                case 0x02:
                    guard name.externalID == nil else {
                        throw DecodeError("duplicate 'external-id' option in name", offset: optionStart)
                    }
                    name.externalID = value
                default:
                    throw .leadingByte(kind, for: "name option", at: optionStart)
                }
            }
            return name
        case let b:
            throw .leadingByte(b, for: "component name", at: start)
        }
    }

    /// Reads a `valtype`: a primitive type byte or a non-negative s33 type index.
    mutating func readComponentValueType() throws(DecodeError) -> ComponentValueType {
        let start = offset
        guard offset < end else { throw DecodeError("unexpected end", offset: offset) }
        if let p = PrimitiveValueType(rawValue: bytes[offset]) {
            offset += 1
            return .primitive(p)
        }
        let value = try readSigned(bits: 33)
        guard value >= 0, value <= Int64(UInt32.max) else {
            throw DecodeError("invalid value type: negative type index or unknown type byte", offset: start)
        }
        return .index(UInt32(value))
    }

    /// Reads an `externdesc`.
    mutating func readExternDescriptor() throws(DecodeError) -> ExternDescriptor {
        let start = offset
        switch try readByte() {
        case 0x00:
            try expectByte(0x11, for: "component external kind")
            return .coreModule(typeIndex: try readU32())
        case 0x01: return .function(typeIndex: try readU32())
        case 0x02:
            let boundStart = offset
            switch try readByte() {
            case 0x00: return .value(.equal(try readU32()))
            case 0x01: return .value(.type(try readComponentValueType()))
            case let b: throw .leadingByte(b, for: "value bound", at: boundStart)
            }
        case 0x03:
            let boundStart = offset
            switch try readByte() {
            case 0x00: return .type(.equal(try readU32()))
            case 0x01: return .type(.subResource)
            case let b: throw .leadingByte(b, for: "type bound", at: boundStart)
            }
        case 0x04: return .component(typeIndex: try readU32())
        case 0x05: return .instance(typeIndex: try readU32())
        case let b: throw .leadingByte(b, for: "component external kind", at: start)
        }
    }

    /// Reads an `alias`.
    mutating func readAlias() throws(DecodeError) -> Alias {
        let start = offset
        let sort = try readSort()
        let targetStart = offset
        switch try readByte() {
        case 0x00:
            let instance = try readU32()
            return Alias(sort: sort, target: .export(instance: instance, name: try readName()), offset: start)
        case 0x01:
            guard case .core = sort else {
                throw DecodeError("a core export alias must have a core sort, not \(sort.name)", offset: start)
            }
            let instance = try readU32()
            return Alias(sort: sort, target: .coreExport(instance: instance, name: try readName()), offset: start)
        case 0x02:
            switch sort {
            case .type, .component, .core(.type), .core(.module): break
            default:
                throw DecodeError("invalid outer alias kind \(sort.name): only types, modules and components can be aliased from an enclosing component", offset: start)
            }
            let count = try readU32()
            return Alias(sort: sort, target: .outer(count: count, index: try readU32()), offset: start)
        case let b:
            throw .leadingByte(b, for: "alias", at: targetStart)
        }
    }
}
