// The type, import and function sections.

extension ModuleDecoder {
    /// Type section (id 1): recursion groups (`0x4E` and its types, or one type alone) of
    /// sub types (`0x50` with supertypes, `0x4F` final with supertypes, or a bare composite type,
    /// which is final) of composite types: function (`0x60`), struct (`0x5F`), array (`0x5E`).
    /// WebAssembly 2.0 decoding (`limitsAsU32`) takes function types only.
    mutating func decodeTypeSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount()
        module.types.reserveCapacity(count)
        module.definedTypes.reserveCapacity(count)
        for _ in 0..<count {
            let start = reader.offset
            guard !reader.isAtEnd else { throw DecodeError("unexpected end", offset: start) }
            if reader.bytes[start] == 0x4E && !reader.limitsAsU32 {
                reader.offset += 1
                let members = try reader.readCount()
                let first = UInt32(truncatingIfNeeded: module.definedTypes.count)
                for _ in 0..<members {
                    try readSubType(&reader, recGroupStart: first, recGroupCount: UInt32(truncatingIfNeeded: members))
                }
            } else {
                let first = UInt32(truncatingIfNeeded: module.definedTypes.count)
                try readSubType(&reader, recGroupStart: first, recGroupCount: 1)
            }
        }
    }

    /// One sub type: appends it to ``Module/definedTypes`` and its function type (empty for a
    /// struct or array) to ``Module/types``.
    private mutating func readSubType(_ reader: inout ByteReader, recGroupStart: UInt32,
                                      recGroupCount: UInt32) throws(DecodeError) {
        let start = reader.offset
        var isFinal = true
        var supertypes: [UInt32] = []
        let form = try reader.readByte()
        var compositeForm = form
        if (form == 0x50 || form == 0x4F) && !reader.limitsAsU32 {
            isFinal = form == 0x4F
            let n = try reader.readCount()
            supertypes.reserveCapacity(n)
            for _ in 0..<n { supertypes.append(try reader.readU32()) }
            compositeForm = try reader.readByte()
        }
        // Custom-descriptors proposal: `0x4C x` (describes x), then `0x4D y` (descriptor y),
        // each at most once and in this order, before the composite type.
        var describes: UInt32?
        var descriptor: UInt32?
        if compositeForm == 0x4C && !reader.limitsAsU32 {
            describes = try reader.readU32()
            compositeForm = try reader.readByte()
        }
        if compositeForm == 0x4D && !reader.limitsAsU32 {
            descriptor = try reader.readU32()
            compositeForm = try reader.readByte()
        }
        let composite: CompositeType
        switch compositeForm {
        case 0x60:
            let parameters = try readValueTypes(&reader)
            let results = try readValueTypes(&reader)
            composite = .function(FunctionType(parameters: parameters, results: results))
        case 0x5F where !reader.limitsAsU32:
            let n = try reader.readCount(minimumItemSize: 2)
            var fields: [FieldType] = []
            fields.reserveCapacity(n)
            for _ in 0..<n { fields.append(try readFieldType(&reader)) }
            composite = .struct(fields)
        case 0x5E where !reader.limitsAsU32:
            composite = .array(try readFieldType(&reader))
        case 0x4C, 0x4D, 0x4E, 0x4F, 0x50, 0x5E, 0x5F:  // GC forms in WebAssembly 2.0, `rec` nested, or clauses repeated
            throw DecodeError(reader.limitsAsU32 ? "GC types are not supported" : "malformed definition type",
                              offset: start)
        case 0x80...:  // the form is a one-byte s7: a continuation bit means it is too long
            throw DecodeError("integer representation too long", offset: start)
        default:
            throw DecodeError("malformed definition type", offset: start)
        }
        module.types.append(composite.functionTypeOrEmpty)
        module.definedTypes.append(SubType(isFinal: isFinal, supertypes: supertypes, composite: composite,
                                           recGroupStart: recGroupStart, recGroupCount: recGroupCount,
                                           describes: describes, descriptor: descriptor))
    }

    /// A field type: a storage type (`0x78` i8, `0x77` i16, or a value type) and a mutability
    /// byte.
    private func readFieldType(_ reader: inout ByteReader) throws(DecodeError) -> FieldType {
        guard !reader.isAtEnd else { throw DecodeError("unexpected end", offset: reader.offset) }
        let storage: StorageType
        switch reader.bytes[reader.offset] {
        case 0x78: reader.offset += 1; storage = .i8
        case 0x77: reader.offset += 1; storage = .i16
        default: storage = .value(try reader.readValueType())
        }
        let at = reader.offset
        switch try reader.readByte() {
        case 0: return FieldType(storage: storage, mutable: false)
        case 1: return FieldType(storage: storage, mutable: true)
        default: throw DecodeError("malformed mutability", offset: at)
        }
    }

    /// A vector of value types.
    private func readValueTypes(_ reader: inout ByteReader) throws(DecodeError) -> [ValueType] {
        let count = try reader.readCount()
        var types: [ValueType] = []
        types.reserveCapacity(count)
        for _ in 0..<count { types.append(try reader.readValueType()) }
        return types
    }

    /// Import section (id 2): module name, field name, then a function, table, memory, global
    /// or tag descriptor.
    mutating func decodeImportSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 4)
        module.imports.reserveCapacity(count)
        for _ in 0..<count {
            let moduleName = try reader.readName()
            let name = try reader.readName()
            let kindOffset = reader.offset
            let descriptor: ImportDescriptor
            var exact = false
            switch try reader.readByte() {
            case 0x00: descriptor = .function(typeIndex: try reader.readU32())
            case 0x20 where !reader.limitsAsU32:
                // An exact function import (custom-descriptors proposal).
                descriptor = .function(typeIndex: try reader.readU32())
                exact = true
            case 0x01: descriptor = .table(try reader.readTableType())
            case 0x02: descriptor = .memory(try reader.readMemoryType())
            case 0x03: descriptor = .global(try reader.readGlobalType())
            case 0x04: descriptor = .tag(try reader.readTagType())
            default: throw DecodeError("malformed import kind", offset: kindOffset)
            }
            module.imports.append(Import(module: moduleName, name: name, descriptor: descriptor, exact: exact))
        }
    }

    /// Function section (id 3): the type index of each function the module defines.
    mutating func decodeFunctionSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount()
        module.functionTypeIndices.reserveCapacity(count)
        for _ in 0..<count { module.functionTypeIndices.append(try reader.readU32()) }
    }
}
