// The element and data sections.

extension ModuleDecoder {
    /// Element section (id 9), all eight encodings. The flags are a bit field: bit 0 =
    /// passive or declarative, bit 1 = explicit table index (active) or declarative (otherwise),
    /// bit 2 = element expressions with a reference type instead of function indices with an
    /// element kind. Function indices become `ref.func` constant expressions, and those
    /// segments have type `(ref func)`; encoding 4 has type `funcref`.
    mutating func decodeElementSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 2)
        module.elements.reserveCapacity(count)
        for _ in 0..<count {
            let flagsOffset = reader.offset
            let flags = try reader.readU32()
            guard flags <= 7 else {
                throw DecodeError("malformed elements segment kind", offset: flagsOffset)
            }
            let mode: ElementMode
            if flags & 1 == 0 {
                let table = flags & 2 != 0 ? try reader.readU32() : 0
                mode = .active(table: table, offset: try reader.readConstExpression())
            } else {
                mode = flags & 2 != 0 ? .declarative : .passive
            }
            let hasTypeField = flags & 3 != 0
            if flags & 4 != 0 {
                let type = hasTypeField ? try reader.readRefType() : .funcref
                let itemCount = try reader.readCount()
                var items: [ConstExpression] = []
                items.reserveCapacity(itemCount)
                for _ in 0..<itemCount { items.append(try reader.readConstExpression()) }
                module.elements.append(ElementSegment(type: type, items: items, mode: mode))
            } else {
                if hasTypeField {
                    let kindOffset = reader.offset
                    guard try reader.readByte() == 0x00 else {
                        throw DecodeError("malformed element kind", offset: kindOffset)
                    }
                }
                // Function indices stay indices: no expression (an allocation) per item.
                let itemCount = try reader.readCount()
                var functions: [FunctionItem] = []
                functions.reserveCapacity(itemCount)
                for _ in 0..<itemCount {
                    let itemOffset = reader.offset
                    functions.append(FunctionItem(index: try reader.readU32(), offset: itemOffset))
                }
                module.elements.append(ElementSegment(type: RefType(nullable: false, heapType: .function),
                                                      functions: functions, mode: mode))
            }
        }
    }

    /// Data section (id 11), encodings 0 (active, memory 0), 1 (passive) and 2 (active with
    /// an explicit memory index).
    mutating func decodeDataSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 2)
        module.data.reserveCapacity(count)
        for _ in 0..<count {
            let flagsOffset = reader.offset
            let mode: DataMode
            switch try reader.readU32() {
            case 0: mode = .active(memory: 0, offset: try reader.readConstExpression())
            case 1: mode = .passive
            case 2:
                let memory = try reader.readU32()
                mode = .active(memory: memory, offset: try reader.readConstExpression())
            default:
                throw DecodeError("malformed data segment kind", offset: flagsOffset)
            }
            let lengthOffset = reader.offset
            guard let length = Int(exactly: try reader.readU32()) else {
                throw DecodeError(endOfSectionMessage, offset: lengthOffset)
            }
            module.data.append(DataSegment(bytes: try reader.readRange(length), mode: mode))
        }
    }
}
