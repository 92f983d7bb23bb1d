// The type, import and function sections.

extension ModuleDecoder {
    /// Type section (id 1): function types (`0x60`). The GC proposal's composite, `sub` and
    /// `rec` forms are refused.
    mutating func decodeTypeSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount()
        module.types.reserveCapacity(count)
        for _ in 0..<count {
            let start = reader.offset
            switch try reader.readByte() {
            case 0x60:
                let parameters = try readValueTypes(&reader)
                let results = try readValueTypes(&reader)
                module.types.append(FunctionType(parameters: parameters, results: results))
            case 0x4E, 0x4F, 0x50, 0x5E, 0x5F:  // rec, sub final, sub, array, struct
                throw DecodeError("GC types are not supported", offset: start)
            case 0x80...:  // the form is a one-byte s7: a continuation bit means it is too long
                throw DecodeError("integer representation too long", offset: start)
            default:
                throw DecodeError("malformed definition type", offset: start)
            }
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
            switch try reader.readByte() {
            case 0x00: descriptor = .function(typeIndex: try reader.readU32())
            case 0x01: descriptor = .table(try reader.readTableType())
            case 0x02: descriptor = .memory(try reader.readMemoryType())
            case 0x03: descriptor = .global(try reader.readGlobalType())
            case 0x04: descriptor = .tag(try reader.readTagType())
            default: throw DecodeError("malformed import kind", offset: kindOffset)
            }
            module.imports.append(Import(module: moduleName, name: name, descriptor: descriptor))
        }
    }

    /// Function section (id 3): the type index of each function the module defines.
    mutating func decodeFunctionSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount()
        module.functionTypeIndices.reserveCapacity(count)
        for _ in 0..<count { module.functionTypeIndices.append(try reader.readU32()) }
    }
}
