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
    /// ``DecoderLimits`` before anything is expanded. Two passes over the declarations (check
    /// and count, then expand) instead of a list of groups: one allocation per body with locals
    /// and none without, which matters at 90,000 bodies.
    private mutating func readLocals(_ reader: inout ByteReader) throws(DecodeError)
        -> [ValueType]
    {
        let start = reader.offset
        let groupCount = try reader.readCount(minimumItemSize: 2)
        let groupsStart = reader.offset
        var total: UInt64 = 0
        for _ in 0..<groupCount {
            let count = try reader.readU32()
            _ = try reader.readValueType()
            let sum = total.addingReportingOverflow(UInt64(count))
            total = sum.overflow ? .max : sum.partialValue
        }
        guard total <= UInt64(DecoderLimits.maxLocalsPerFunction),
              let localCount = Int(exactly: total),
              localCount <= localBudget
        else {
            throw DecodeError("too many locals", offset: start)
        }
        localBudget -= localCount
        guard localCount > 0 else { return [] }
        let end = reader.offset
        reader.offset = groupsStart
        var locals: [ValueType] = []
        locals.reserveCapacity(localCount)
        for _ in 0..<groupCount {
            let count = try reader.readU32()
            let type = try reader.readValueType()
            locals.append(contentsOf: repeatElement(type, count: Int(count)))
        }
        reader.offset = end
        return locals
    }
}
