import WasmBinary

/// Decodes a component binary into a ``Component``.
///
/// Every section is decoded into the model; nested components are decoded too (at most
/// ``ComponentDecoderLimits/maxNesting`` levels deep). Embedded core modules are only checked
/// for their preamble and kept as byte ranges (``EmbeddedModule/decode()`` decodes one).
/// Decoding checks the binary format only; ``validateComponent(_:)`` checks indices and types.
///
/// Every count read from the input is checked against the bytes that remain before anything is
/// reserved, so hostile input cannot make the decoder allocate much more than its own size.
///
/// - Parameter bytes: The component binary.
/// - Returns: The decoded component; its ``Component/bytes`` is `bytes`.
/// - Throws: A ``DecodeError`` naming the problem and its byte offset, such as
///   "unexpected end-of-file", "invalid leading byte (0x62) for component defined type" or
///   "async is not supported: canon option async".
public func decodeComponent(_ bytes: [UInt8]) throws(DecodeError) -> Component {
    do {
        return try decodeComponent(bytes, range: 0..<bytes.count, depth: 0)
    } catch {
        if error.message == "unexpected end" {
            throw DecodeError("unexpected end-of-file", offset: error.offset)
        }
        throw error
    }
}

/// The component section ids.
enum ComponentSectionID: UInt8 {
    case custom = 0, coreModule, coreInstance, coreType, component, instance, alias, type, canon,
         start, `import`, export, value
}

/// Decodes the component in `bytes[range]`; `depth` counts the enclosing components.
func decodeComponent(_ bytes: [UInt8], range: Range<Int>, depth: Int) throws(DecodeError) -> Component {
    guard depth <= ComponentDecoderLimits.maxNesting else {
        throw DecodeError("components nested too deeply (more than \(ComponentDecoderLimits.maxNesting) levels)", offset: range.lowerBound)
    }
    var reader = ByteReader(bytes: bytes, range: range)
    try readPreamble(&reader, component: true)
    var sections: [ComponentSection] = []
    var sawStart = false
    while !reader.isAtEnd {
        let idOffset = reader.offset
        let idByte = try reader.readByte()
        guard let id = ComponentSectionID(rawValue: idByte) else {
            throw DecodeError("malformed section id: 0x\(String(idByte, radix: 16)) is not a component section", offset: idOffset)
        }
        let sizeOffset = reader.offset
        let size = try reader.readU32()
        guard let length = Int(exactly: size), length <= reader.remaining else {
            throw DecodeError("unexpected end-of-file: section size \(size) is larger than the rest of the binary", offset: sizeOffset)
        }
        let content = try reader.readRange(length)
        var section = ByteReader(bytes: bytes, range: content)
        switch id {
        case .custom:
            let name = try section.readName()
            sections.append(.custom(ComponentCustomSection(name: name, contentRange: section.offset..<content.upperBound)))
            section.offset = content.upperBound
        case .coreModule:
            var preamble = section
            try readPreamble(&preamble, component: false)
            sections.append(.coreModule(EmbeddedModule(bytes: bytes, range: content)))
            section.offset = content.upperBound
        case .component:
            sections.append(.component(try decodeComponent(bytes, range: content, depth: depth + 1)))
            section.offset = content.upperBound
        case .coreInstance:
            sections.append(.coreInstances(try section.readVector(minimumItemSize: 2) { (r: inout ByteReader) throws(DecodeError) in try r.readCoreInstance() }))
        case .coreType:
            sections.append(.coreTypes(try section.readVector { (r: inout ByteReader) throws(DecodeError) in
                let start = r.offset
                return CoreTypeEntry(type: try r.readCoreType(), offset: start)
            }))
        case .instance:
            sections.append(.instances(try section.readVector(minimumItemSize: 2) { (r: inout ByteReader) throws(DecodeError) in try r.readComponentInstance() }))
        case .alias:
            sections.append(.aliases(try section.readVector(minimumItemSize: 3) { (r: inout ByteReader) throws(DecodeError) in try r.readAlias() }))
        case .type:
            sections.append(.types(try section.readVector { (r: inout ByteReader) throws(DecodeError) in try r.readComponentType(depth: 0) }))
        case .canon:
            sections.append(.canons(try section.readVector(minimumItemSize: 1) { (r: inout ByteReader) throws(DecodeError) in try r.readCanon() }))
        case .start:
            guard !sawStart else { throw DecodeError("multiple start sections", offset: idOffset) }
            sawStart = true
            sections.append(.start(try section.readComponentStart()))
        case .import:
            sections.append(.imports(try section.readVector(minimumItemSize: 3) { (r: inout ByteReader) throws(DecodeError) in try r.readComponentImport() }))
        case .export:
            sections.append(.exports(try section.readVector(minimumItemSize: 4) { (r: inout ByteReader) throws(DecodeError) in try r.readComponentExport() }))
        case .value:
            throw DecodeError("value sections are not supported (the component model's value sort is not implemented)", offset: idOffset)
        }
        guard section.isAtEnd else {
            throw DecodeError("section size mismatch: \(section.remaining) unread bytes at the end of the section", offset: section.offset)
        }
    }
    return Component(bytes: bytes, range: range, sections: sections)
}

/// Reads and checks the 8-byte preamble of a component (`component: true`) or a core module.
func readPreamble(_ reader: inout ByteReader, component: Bool) throws(DecodeError) {
    let start = reader.offset
    guard reader.remaining >= 4 else { throw DecodeError("unexpected end-of-file: no magic header", offset: start) }
    let magic = try reader.readFixed32()
    guard magic == 0x6D73_6100 else { throw DecodeError("magic header not detected", offset: start) }
    guard reader.remaining >= 4 else { throw DecodeError("unexpected end-of-file: no version header", offset: reader.offset) }
    let versionOffset = reader.offset
    let version = try reader.readFixed32()
    let isComponent = version == 0x0001_000D
    let isModule = version == 0x0000_0001
    if component && isModule {
        throw DecodeError("expected a version header for a component, found a core module's", offset: versionOffset)
    }
    if !component && isComponent {
        throw DecodeError("expected a version header for a module, found a component's", offset: versionOffset)
    }
    guard component ? isComponent : isModule else {
        throw DecodeError("unknown binary version 0x\(String(version, radix: 16))", offset: versionOffset)
    }
}
