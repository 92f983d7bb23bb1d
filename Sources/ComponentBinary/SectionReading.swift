import WasmBinary

extension ByteReader {
    /// Reads a `core:instance`.
    mutating func readCoreInstance() throws(DecodeError) -> CoreInstance {
        let start = offset
        switch try readByte() {
        case 0x00:
            let module = try readU32()
            let args = try readVector(minimumItemSize: 3) { (r: inout ByteReader) throws(DecodeError) in
                let name = try r.readName()
                try r.expectByte(0x12, for: "core instantiation argument kind (must be instance)")
                return CoreInstantiateArgument(name: name, instance: try r.readU32())
            }
            return CoreInstance(expression: .instantiate(module: module, arguments: args), offset: start)
        case 0x01:
            let exports = try readVector(minimumItemSize: 3) { (r: inout ByteReader) throws(DecodeError) in
                let name = try r.readName()
                let sort = try r.readCoreSort()
                return CoreInlineExport(name: name, sort: sort, index: try r.readU32())
            }
            return CoreInstance(expression: .exports(exports), offset: start)
        case let b:
            throw .leadingByte(b, for: "core instance", at: start)
        }
    }

    /// Reads an `instance`.
    mutating func readComponentInstance() throws(DecodeError) -> ComponentInstance {
        let start = offset
        switch try readByte() {
        case 0x00:
            let component = try readU32()
            let args = try readVector(minimumItemSize: 3) { (r: inout ByteReader) throws(DecodeError) in
                let name = try r.readName()
                return InstantiateArgument(name: name, item: try r.readSortIndex())
            }
            return ComponentInstance(expression: .instantiate(component: component, arguments: args), offset: start)
        case 0x01:
            let exports = try readVector(minimumItemSize: 4) { (r: inout ByteReader) throws(DecodeError) in
                let name = try r.readExternName()
                return InlineExport(name: name, item: try r.readSortIndex())
            }
            return ComponentInstance(expression: .exports(exports), offset: start)
        case let b:
            throw .leadingByte(b, for: "instance", at: start)
        }
    }

    /// Reads a `canon`.
    mutating func readCanon() throws(DecodeError) -> Canon {
        let start = offset
        switch try readByte() {
        case 0x00:
            try expectByte(0x00, for: "canonical function lift")
            let core = try readU32()
            let options = try readCanonOptions()
            return Canon(kind: .lift(coreFunction: core, options: options, typeIndex: try readU32()), offset: start)
        case 0x01:
            try expectByte(0x00, for: "canonical function lower")
            let function = try readU32()
            return Canon(kind: .lower(function: function, options: try readCanonOptions()), offset: start)
        case 0x02: return Canon(kind: .resourceNew(typeIndex: try readU32()), offset: start)
        case 0x03: return Canon(kind: .resourceDrop(typeIndex: try readU32()), offset: start)
        case 0x04: return Canon(kind: .resourceRep(typeIndex: try readU32()), offset: start)
        case let b where b >= 0x05 && b <= 0x2D && b != 0x07:
            throw DecodeError("async is not supported: canonical built-in 0x\(String(b, radix: 16)) belongs to the async or threads extensions of the component model", offset: start)
        case let b:
            throw .leadingByte(b, for: "canonical function", at: start)
        }
    }

    /// Reads the options of `canon lift` / `canon lower`.
    mutating func readCanonOptions() throws(DecodeError) -> CanonOptions {
        var options = CanonOptions()
        let count = try readComponentCount()
        for _ in 0..<count {
            let start = offset
            let b = try readByte()
            switch b {
            case 0x00, 0x01, 0x02:
                guard !options.stringEncodingGiven else {
                    throw DecodeError("canon option string-encoding given more than once", offset: start)
                }
                options.stringEncodingGiven = true
                options.stringEncoding = b == 0x00 ? .utf8 : b == 0x01 ? .utf16 : .latin1UTF16
            case 0x03:
                guard options.memory == nil else { throw DecodeError("canon option memory given more than once", offset: start) }
                options.memory = try readU32()
            case 0x04:
                guard options.realloc == nil else { throw DecodeError("canon option realloc given more than once", offset: start) }
                options.realloc = try readU32()
            case 0x05:
                guard options.postReturn == nil else { throw DecodeError("canon option post-return given more than once", offset: start) }
                options.postReturn = try readU32()
            case 0x06:
                throw DecodeError("async is not supported: canon option async", offset: start)
            case 0x07:
                throw DecodeError("async is not supported: canon option callback", offset: start)
            default:
                throw .leadingByte(b, for: "canonical option", at: start)
            }
        }
        return options
    }

    /// Reads an `import`.
    mutating func readComponentImport() throws(DecodeError) -> ComponentImport {
        let start = offset
        let name = try readExternName()
        return ComponentImport(name: name, descriptor: try readExternDescriptor(), offset: start)
    }

    /// Reads an `export`.
    mutating func readComponentExport() throws(DecodeError) -> ComponentExport {
        let start = offset
        let name = try readExternName()
        let item = try readSortIndex()
        let ascribed = try readOptional("export type ascription") { (r: inout ByteReader) throws(DecodeError) in
            try r.readExternDescriptor()
        }
        return ComponentExport(name: name, item: item, ascribedType: ascribed, offset: start)
    }

    /// Reads a `start`.
    mutating func readComponentStart() throws(DecodeError) -> ComponentStart {
        let start = offset
        let function = try readU32()
        let args = try readVector { (r: inout ByteReader) throws(DecodeError) in try r.readU32() }
        return ComponentStart(function: function, arguments: args, resultCount: try readU32(), offset: start)
    }
}
