// Custom sections and the function names of the `name` section.

extension ModuleDecoder {
    /// Custom section (id 0, any position): a name and opaque content. The first `name`
    /// section also gives ``Module/names`` (decoded when first read); a malformed name
    /// section is ignored.
    mutating func decodeCustomSection(_ reader: inout ByteReader) throws(DecodeError) {
        let name = try reader.readName()
        let content = reader.offset..<reader.end
        reader.offset = reader.end
        module.customSections.append(CustomSection(name: name, content: content))
        if name == "name" && !sawNameSection {
            sawNameSection = true
            module.names = FunctionNames(bytes: bytes, content: content)
        }
    }

    /// Reads the function-names subsection (id 1) of a `name` section's content. Subsections
    /// must appear in increasing id order and function indices in increasing order; others
    /// subsections are skipped.
    static func functionNames(in bytes: [UInt8], _ content: Range<Int>) throws(DecodeError)
        -> [UInt32: String]
    {
        var reader = ByteReader(bytes: bytes, range: content)
        var names: [UInt32: String] = [:]
        var lastID = -1
        while !reader.isAtEnd {
            let idOffset = reader.offset
            let id = Int(try reader.readByte())
            guard id > lastID else { throw DecodeError("malformed name section", offset: idOffset) }
            lastID = id
            let sizeOffset = reader.offset
            guard let size = Int(exactly: try reader.readU32()) else {
                throw DecodeError("malformed name section", offset: sizeOffset)
            }
            let subsection = try reader.readRange(size)
            guard id == 1 else { continue }
            var sub = ByteReader(bytes: bytes, range: subsection)
            let count = try sub.readCount(minimumItemSize: 2)
            names.reserveCapacity(count)
            var previous: UInt32?
            for _ in 0..<count {
                let indexOffset = sub.offset
                let index = try sub.readU32()
                if let previous, index <= previous {
                    throw DecodeError("malformed name section", offset: indexOffset)
                }
                previous = index
                names[index] = try sub.readName()
            }
            guard sub.isAtEnd else { throw DecodeError("section size mismatch", offset: sub.offset) }
        }
        return names
    }
}
