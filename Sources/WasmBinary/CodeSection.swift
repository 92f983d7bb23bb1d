// The code section: body sizes and local declarations. Instructions are left to the validator.

extension ModuleDecoder {
    /// Code section (id 10): for each body, its size, its local declarations (as runs of one
    /// type, ``FunctionBody/localGroups``, all in one array) and the range of its instructions,
    /// final `end` included. With ``DecodeOptions/deferCode`` only the body count is read
    /// (``Module/codeSection``).
    mutating func decodeCodeSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 2)
        module.codeSection = CodeSectionExtent(bodies: reader.offset ..< reader.end, count: count)
        if options.deferCode {
            reader.offset = reader.end
            return
        }
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
            let locals = try LocalDeclarations.read(&body, into: &groups, budget: &localBudget)
            spans.append((first..<groups.count, locals, body.offset..<range.upperBound))
        }
        module.bodies.reserveCapacity(count)
        for span in spans {
            module.bodies.append(FunctionBody(localGroups: groups[span.groups], localCount: span.locals,
                                              code: span.code))
        }
    }
}

/// Where a module's code section keeps its bodies: the bytes after its body count, and the count.
package struct CodeSectionExtent: Sendable {
    /// From the first body's size to the end of the section.
    package let bodies: Range<Int>
    /// The number of bodies the section declares.
    package let count: Int
}

/// Where one body is in the code section: the length of its size's LEB128 encoding and its
/// size (local declarations and instructions), as a validation cache record keeps them.
package struct BodyExtent: Hashable, Sendable {
    package let headerLength: Int
    package let size: Int

    package init(headerLength: Int, size: Int) {
        self.headerLength = headerLength
        self.size = size
    }
}

extension Module {
    /// Body `index` of the defined functions with its locals decoded: the stored body, or, when
    /// its declarations were deferred (``FunctionBody/localsDeferred``), the body with them
    /// decoded now, under the per-function limit of ``DecoderLimits``.
    ///
    /// - Throws: `DecodeError` when `index` is out of range or the declarations are malformed.
    public func decodedBody(_ index: Int) throws(DecodeError) -> FunctionBody {
        guard bodies.indices.contains(index) else { throw DecodeError("unknown function body \(index)", offset: 0) }
        let body = bodies[index]
        guard body.localsDeferred else { return body }
        var budget = DecoderLimits.maxLocalsPerFunction
        do {
            return try LocalDeclarations.decode(bytes, body: body.code, budget: &budget)
        } catch {
            throw error.insideSection()
        }
    }

    /// Where each body of the code section is (one walk over the section; empty when there
    /// is none or it does not parse), for a validation cache record.
    package func bodyExtents() -> [BodyExtent] {
        guard let code = codeSection else { return [] }
        var reader = ByteReader(bytes: bytes, range: code.bodies)
        var extents: [BodyExtent] = []
        extents.reserveCapacity(code.count)
        for _ in 0 ..< code.count {
            let start = reader.offset
            guard let size = try? reader.readU32(), let length = Int(exactly: size),
                  (try? reader.readRange(length)) != nil else { return [] }
            extents.append(BodyExtent(headerLength: reader.offset - length - start, size: length))
        }
        return reader.isAtEnd ? extents : []
    }

    /// Fills ``bodies`` of a module decoded with ``DecodeOptions/deferCode`` from `extents`
    /// (one per body, in order, as ``bodyExtents()`` gave them for the same bytes), each body's
    /// local declarations left for ``decodedBody(_:)``. False, changing nothing, unless the
    /// extents tile the code section exactly.
    package mutating func adoptBodies(_ extents: [BodyExtent]) -> Bool {
        guard let code = codeSection else { return bodies.isEmpty && extents.isEmpty }
        guard bodies.isEmpty, extents.count == code.count else { return false }
        var adopted: [FunctionBody] = []
        adopted.reserveCapacity(extents.count)
        var position = code.bodies.lowerBound
        for extent in extents {
            guard extent.headerLength >= 1, extent.headerLength <= 5, extent.size >= 0,
                  extent.headerLength <= code.bodies.upperBound - position,
                  extent.size <= code.bodies.upperBound - position - extent.headerLength else { return false }
            let start = position + extent.headerLength
            adopted.append(FunctionBody(deferredLocals: start ..< start + extent.size))
            position = start + extent.size
        }
        guard position == code.bodies.upperBound else { return false }
        bodies = adopted
        return true
    }
}

/// The local declarations at the start of a function body.
enum LocalDeclarations {
    /// The body at `range` of `bytes` with its declarations read into runs of one type;
    /// `budget` is how many locals it may declare, reduced by those it does.
    static func decode(_ bytes: [UInt8], body range: Range<Int>, budget: inout Int) throws(DecodeError) -> FunctionBody {
        var body = ByteReader(bytes: bytes, range: range)
        var groups: [LocalGroup] = []
        let count = try read(&body, into: &groups, budget: &budget)
        return FunctionBody(localGroups: groups[...], localCount: count, code: body.offset..<range.upperBound)
    }

    /// Reads the local declarations of a body, appending its runs of locals to `groups`;
    /// returns the number of locals. Their total is checked against 2³²−1, ``DecoderLimits``
    /// and `budget`; nothing is expanded, so a body costs no allocation of its own.
    static func read(_ reader: inout ByteReader, into groups: inout [LocalGroup], budget: inout Int)
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
              localCount <= budget
        else {
            throw DecodeError("too many locals", offset: start)
        }
        budget -= localCount
        return localCount
    }
}
