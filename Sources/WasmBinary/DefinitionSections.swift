// The table, memory, tag, global and export sections.

extension ModuleDecoder {
    /// Table section (id 4): a table type, or `0x40 0x00` followed by a table type and an
    /// initializer expression (function references proposal / Wasm 3.0).
    mutating func decodeTableSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 2)
        module.tables.reserveCapacity(count)
        for _ in 0..<count {
            if reader.offset < reader.end, reader.bytes[reader.offset] == 0x40 {
                reader.offset += 1
                let reservedOffset = reader.offset
                guard try reader.readByte() == 0x00 else {
                    throw DecodeError("malformed table", offset: reservedOffset)
                }
                let type = try reader.readTableType()
                let initializer = try reader.readConstExpression()
                module.tables.append(Table(type: type, initializer: initializer))
            } else {
                module.tables.append(Table(type: try reader.readTableType(), initializer: nil))
            }
        }
    }

    /// Memory section (id 5).
    mutating func decodeMemorySection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 2)
        module.memories.reserveCapacity(count)
        for _ in 0..<count { module.memories.append(try reader.readMemoryType()) }
    }

    /// Tag section (id 13, placed between the memory and global sections).
    mutating func decodeTagSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 2)
        module.tags.reserveCapacity(count)
        for _ in 0..<count { module.tags.append(try reader.readTagType()) }
    }

    /// Global section (id 6): a global type and an initializer expression.
    mutating func decodeGlobalSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 3)
        module.globals.reserveCapacity(count)
        for _ in 0..<count {
            let type = try reader.readGlobalType()
            let initializer = try reader.readConstExpression()
            module.globals.append(Global(type: type, initializer: initializer))
        }
    }

    /// Export section (id 7): a name, a kind byte (0–4) and an index.
    mutating func decodeExportSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 3)
        module.exports.reserveCapacity(count)
        for _ in 0..<count {
            let name = try reader.readName()
            let kindOffset = reader.offset
            guard let kind = ExternalKind(rawValue: try reader.readByte()) else {
                throw DecodeError("malformed export kind", offset: kindOffset)
            }
            module.exports.append(Export(name: name, kind: kind, index: try reader.readU32()))
        }
    }
}
