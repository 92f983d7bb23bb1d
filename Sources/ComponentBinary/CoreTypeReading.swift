import WasmBinary

extension ByteReader {
    /// Reads a `core:type`: a function type (`0x60`) or a module type (`0x50`).
    mutating func readCoreType(inModuleType: Bool = false) throws(DecodeError) -> CoreType {
        let start = offset
        switch try readByte() {
        case 0x60:
            let parameters = try readVector { (r: inout ByteReader) throws(DecodeError) in try r.readValueType() }
            let results = try readVector { (r: inout ByteReader) throws(DecodeError) in try r.readValueType() }
            return .function(FunctionType(parameters: parameters, results: results))
        case 0x50:
            guard !inModuleType else {
                throw DecodeError("module types cannot be nested in module types", offset: start)
            }
            return .module(try readVector { (r: inout ByteReader) throws(DecodeError) in try r.readModuleDeclaration() })
        case 0x00, 0x4F:
            // `0x00 0x50` is a GC `sub` type (0x50 alone is a module type); `0x4F` is `sub final`.
            // Only subtypes of function types are supported; the supertypes are not kept.
            if bytes[start] == 0x00 { try expectByte(0x50, for: "core subtype") }
            _ = try readVector { (r: inout ByteReader) throws(DecodeError) in try r.readU32() }
            let compositeStart = offset
            guard try readByte() == 0x60 else {
                throw DecodeError("only function types are supported as core subtypes", offset: compositeStart)
            }
            let parameters = try readVector { (r: inout ByteReader) throws(DecodeError) in try r.readValueType() }
            let results = try readVector { (r: inout ByteReader) throws(DecodeError) in try r.readValueType() }
            return .function(FunctionType(parameters: parameters, results: results))
        case let b:
            throw .leadingByte(b, for: "core type (only function and module types are supported)", at: start)
        }
    }

    /// Reads a `core:moduledecl`.
    mutating func readModuleDeclaration() throws(DecodeError) -> CoreModuleDeclaration {
        let start = offset
        switch try readByte() {
        case 0x00:
            let module = try readName()
            let name = try readName()
            return .import(Import(module: module, name: name, descriptor: try readCoreImportDescriptor()))
        case 0x01:
            return .type(try readCoreType(inModuleType: true))
        case 0x02:
            let sortStart = offset
            let sort = try readCoreSort()
            guard sort == .type else { throw .leadingByte(sort.rawValue, for: "outer alias kind", at: sortStart) }
            try expectByte(0x01, for: "outer alias target")
            let count = try readU32()
            return .outerAlias(sort: sort, count: count, index: try readU32())
        case 0x03:
            let name = try readName()
            return .export(name: name, descriptor: try readCoreImportDescriptor())
        case let b:
            throw .leadingByte(b, for: "type definition", at: start)
        }
    }

    /// Reads a core `importdesc`.
    mutating func readCoreImportDescriptor() throws(DecodeError) -> ImportDescriptor {
        let start = offset
        switch try readByte() {
        case 0x00: return .function(typeIndex: try readU32())
        case 0x01:
            let element = try readRefType()
            return .table(TableType(elementType: element, limits: try readCoreLimits(allowedBits: 0x05)))
        case 0x02: return .memory(MemoryType(limits: try readCoreLimits(allowedBits: 0x07)))
        case 0x03:
            let valueType = try readValueType()
            let mutStart = offset
            switch try readByte() {
            case 0: return .global(GlobalType(valueType: valueType, mutability: .constant))
            case 1: return .global(GlobalType(valueType: valueType, mutability: .variable))
            case let b: throw .leadingByte(b, for: "global mutability", at: mutStart)
            }
        case 0x04:
            try expectByte(0x00, for: "tag attribute")
            return .tag(TagType(typeIndex: try readU32()))
        case let b:
            throw .leadingByte(b, for: "core import kind", at: start)
        }
    }

    /// Reads core limits (flags: bit 0 maximum, bit 1 shared, bit 2 64-bit).
    mutating func readCoreLimits(allowedBits: UInt8) throws(DecodeError) -> Limits {
        let start = offset
        let flags = try readByte()
        guard flags & ~allowedBits == 0 else { throw .leadingByte(flags, for: "limits flags", at: start) }
        let is64 = flags & 0x04 != 0
        let minimum = is64 ? try readU64() : UInt64(try readU32())
        var maximum: UInt64?
        if flags & 0x01 != 0 { maximum = is64 ? try readU64() : UInt64(try readU32()) }
        return Limits(min: minimum, max: maximum, is64: is64, shared: flags & 0x02 != 0)
    }
}
