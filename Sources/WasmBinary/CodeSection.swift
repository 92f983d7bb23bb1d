// The code section: body sizes and local declarations. Instructions are left to the validator.

extension ModuleDecoder {
    /// Code section (id 10): for each body, its size, its local declarations (as runs of one
    /// type, ``FunctionBody/localGroups``, all in one array) and the range of its instructions,
    /// final `end` included.
    mutating func decodeCodeSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 2)
        var groups: [LocalGroup] = []
        var spans: [(groups: Range<Int>, locals: Int, code: Range<Int>)] = []
        spans.reserveCapacity(count)
        for _ in 0..<count {
            let sizeOffset = reader.offset
            guard let size = Int(exactly: try reader.readU32()), size <= reader.remaining else {
                throw DecodeError(endOfSectionMessage, offset: sizeOffset)
            }
            let range = try reader.readRange(size)
            var body = ByteReader(bytes: bytes, range: range)
            let first = groups.count
            let locals = try readLocals(&body, into: &groups)
            spans.append((first..<groups.count, locals, body.offset..<range.upperBound))
        }
        module.bodies.reserveCapacity(count)
        for span in spans {
            module.bodies.append(FunctionBody(localGroups: groups[span.groups], localCount: span.locals,
                                              code: span.code))
        }
    }

    /// Reads the local declarations of a body, appending its runs of locals to `groups`;
    /// returns the number of locals. Their total is checked against 2³²−1 and
    /// ``DecoderLimits``; nothing is expanded, so a body costs no allocation of its own.
    private mutating func readLocals(_ reader: inout ByteReader, into groups: inout [LocalGroup])
        throws(DecodeError) -> Int
    {
        let start = reader.offset
        let groupCount = try reader.readCount(minimumItemSize: 2)
        var total: UInt64 = 0
        for _ in 0..<groupCount {
            let count = try reader.readU32()
            let type = try reader.readValueType()
            let sum = total.addingReportingOverflow(UInt64(count))
            total = sum.overflow ? .max : sum.partialValue
            if count > 0 { groups.append(LocalGroup(count: count, type: type)) }
        }
        guard total <= UInt64(DecoderLimits.maxLocalsPerFunction),
              let localCount = Int(exactly: total),
              localCount <= localBudget
        else {
            throw DecodeError("too many locals", offset: start)
        }
        localBudget -= localCount
        return localCount
    }
}
