// The code section: body sizes and local declarations. Instructions are left to the validator.

extension ModuleDecoder {
    /// Code section (id 10): for each body, its size, its local declarations (expanded into
    /// ``FunctionBody/locals``) and the range of its instructions, final `end` included.
    mutating func decodeCodeSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 2)
        module.bodies.reserveCapacity(count)
        for _ in 0..<count {
            let sizeOffset = reader.offset
            guard let size = Int(exactly: try reader.readU32()), size <= reader.remaining else {
                throw DecodeError(endOfSectionMessage, offset: sizeOffset)
            }
            let range = try reader.readRange(size)
            var body = ByteReader(bytes: bytes, range: range)
            let locals = try readLocals(&body)
            module.bodies.append(FunctionBody(locals: locals, code: body.offset..<range.upperBound))
        }
    }

    /// Reads the local declarations of a body. Their total is checked against 2³²−1 and
    /// ``DecoderLimits`` before anything is expanded.
    private mutating func readLocals(_ reader: inout ByteReader) throws(DecodeError)
        -> [ValueType]
    {
        let start = reader.offset
        let groupCount = try reader.readCount(minimumItemSize: 2)
        var groups: [(count: UInt32, type: ValueType)] = []
        groups.reserveCapacity(groupCount)
        var total: UInt64 = 0
        for _ in 0..<groupCount {
            let count = try reader.readU32()
            let type = try reader.readValueType()
            let sum = total.addingReportingOverflow(UInt64(count))
            total = sum.overflow ? .max : sum.partialValue
            groups.append((count, type))
        }
        guard total <= UInt64(DecoderLimits.maxLocalsPerFunction),
              let localCount = Int(exactly: total),
              localCount <= localBudget
        else {
            throw DecodeError("too many locals", offset: start)
        }
        localBudget -= localCount
        var locals: [ValueType] = []
        locals.reserveCapacity(localCount)
        for group in groups {
            locals.append(contentsOf: repeatElement(group.type, count: Int(group.count)))
        }
        return locals
    }
}
