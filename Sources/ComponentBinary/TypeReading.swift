import WasmBinary

extension ByteReader {
    /// Reads a `type` (`deftype`); `depth` counts the enclosing component and instance types.
    mutating func readComponentType(depth: Int) throws(DecodeError) -> ComponentType {
        let start = offset
        guard depth <= ComponentDecoderLimits.maxNesting else {
            throw DecodeError("types nested too deeply (more than \(ComponentDecoderLimits.maxNesting) levels)", offset: start)
        }
        guard offset < end else { throw DecodeError("unexpected end", offset: offset) }
        let b = bytes[offset]
        switch b {
        case 0x40, 0x43:
            offset += 1
            return ComponentType(definition: .function(try readFunctionType(isAsync: b == 0x43)), offset: start)
        case 0x41:
            offset += 1
            let decls = try readVector { (r: inout ByteReader) throws(DecodeError) in
                try r.readTypeDeclaration(inComponentType: true, depth: depth + 1)
            }
            return ComponentType(definition: .component(decls), offset: start)
        case 0x42:
            offset += 1
            let decls = try readVector { (r: inout ByteReader) throws(DecodeError) in
                try r.readTypeDeclaration(inComponentType: false, depth: depth + 1)
            }
            return ComponentType(definition: .instance(decls), offset: start)
        case 0x3F:
            offset += 1
            try expectByte(0x7F, for: "resource representation (only i32 is allowed)")
            let destructor = try readOptional("resource destructor") { (r: inout ByteReader) throws(DecodeError) in try r.readU32() }
            return ComponentType(definition: .resource(ResourceTypeDefinition(destructor: destructor)), offset: start)
        default:
            return ComponentType(definition: .value(try readDefinedValueType()), offset: start)
        }
    }

    /// Reads the parameters and results of a `functype` (after its leading byte).
    mutating func readFunctionType(isAsync: Bool) throws(DecodeError) -> ComponentFunctionType {
        let parameters = try readVector(minimumItemSize: 2) { (r: inout ByteReader) throws(DecodeError) in
            try r.readLabeledValueType()
        }
        let start = offset
        switch try readByte() {
        case 0x00:
            return ComponentFunctionType(parameters: parameters, result: try readComponentValueType(), isAsync: isAsync)
        case 0x01:
            try expectByte(0x00, for: "number of results")
            return ComponentFunctionType(parameters: parameters, result: nil, isAsync: isAsync)
        case let b:
            throw .leadingByte(b, for: "component function results", at: start)
        }
    }

    /// Reads a `labelvaltype`.
    mutating func readLabeledValueType() throws(DecodeError) -> LabeledValueType {
        let label = try readName()
        return LabeledValueType(label: label, type: try readComponentValueType())
    }

    /// Reads a `defvaltype`.
    mutating func readDefinedValueType() throws(DecodeError) -> DefinedValueType {
        let start = offset
        let b = try readByte()
        if let p = PrimitiveValueType(rawValue: b) { return .primitive(p) }
        switch b {
        case 0x72:
            return .record(try readVector(minimumItemSize: 2) { (r: inout ByteReader) throws(DecodeError) in
                try r.readLabeledValueType()
            })
        case 0x71:
            return .variant(try readVector(minimumItemSize: 3) { (r: inout ByteReader) throws(DecodeError) in
                let label = try r.readName()
                let type = try r.readOptional("variant case payload") { (r: inout ByteReader) throws(DecodeError) in
                    try r.readComponentValueType()
                }
                try r.expectByte(0x00, for: "zero byte required")
                return VariantCase(label: label, type: type)
            })
        case 0x70: return .list(try readComponentValueType())
        case 0x67:
            let element = try readComponentValueType()
            return .fixedList(element, length: try readU32())
        case 0x6F:
            return .tuple(try readVector { (r: inout ByteReader) throws(DecodeError) in try r.readComponentValueType() })
        case 0x6E:
            return .flags(try readVector { (r: inout ByteReader) throws(DecodeError) in try r.readName() })
        case 0x6D:
            return .enum(try readVector { (r: inout ByteReader) throws(DecodeError) in try r.readName() })
        case 0x6B: return .option(try readComponentValueType())
        case 0x6A:
            let ok = try readOptional("result ok type") { (r: inout ByteReader) throws(DecodeError) in try r.readComponentValueType() }
            let error = try readOptional("result error type") { (r: inout ByteReader) throws(DecodeError) in try r.readComponentValueType() }
            return .result(ok: ok, error: error)
        case 0x69: return .own(try readU32())
        case 0x68: return .borrow(try readU32())
        case 0x66:
            return .stream(try readOptional("stream element type") { (r: inout ByteReader) throws(DecodeError) in try r.readComponentValueType() })
        case 0x65:
            return .future(try readOptional("future element type") { (r: inout ByteReader) throws(DecodeError) in try r.readComponentValueType() })
        case 0x63:
            let key = try readComponentValueType()
            return .map(key: key, value: try readComponentValueType())
        default:
            throw .leadingByte(b, for: "component defined type", at: start)
        }
    }

    /// Reads a declaration of a component type (`componentdecl`) or an instance type (`instancedecl`).
    mutating func readTypeDeclaration(inComponentType: Bool, depth: Int) throws(DecodeError) -> TypeDeclaration {
        let start = offset
        switch try readByte() {
        case 0x00:
            return TypeDeclaration(kind: .coreType(try readCoreType()), offset: start)
        case 0x01:
            return TypeDeclaration(kind: .type(try readComponentType(depth: depth)), offset: start)
        case 0x02:
            return TypeDeclaration(kind: .alias(try readAlias()), offset: start)
        case 0x03 where inComponentType:
            let name = try readExternName()
            return TypeDeclaration(kind: .import(name, try readExternDescriptor()), offset: start)
        case 0x04:
            let name = try readExternName()
            return TypeDeclaration(kind: .export(name, try readExternDescriptor()), offset: start)
        case let b:
            throw .leadingByte(b, for: "component or instance type declaration", at: start)
        }
    }
}
