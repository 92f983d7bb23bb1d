// The code section: body sizes and local declarations. Instructions are left to the validator.

extension ModuleDecoder {
    /// Code section (id 10): for each body, its size, its local declarations (expanded into
    /// ``FunctionBody/locals``) and the range of its instructions, final `end` included. With
    /// ``DecodeOptions/deferCode`` only the body count is read (``Module/codeSection``).
    mutating func decodeCodeSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 2)
        module.codeSection = CodeSectionExtent(bodies: reader.offset ..< reader.end, count: count)
        if options.deferCode {
            reader.offset = reader.end
            return
        }
        module.bodies.reserveCapacity(count)
        for _ in 0..<count {
            let sizeOffset = reader.offset
            guard let size = Int(exactly: try reader.readU32()), size <= reader.remaining else {
                throw DecodeError(endOfSectionMessage, offset: sizeOffset)
            }
            let range = try reader.readRange(size)
            module.bodies.append(try LocalDeclarations.decode(bytes, body: range, budget: &localBudget))
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
    /// The body at `range` of `bytes` with its declarations expanded; `budget` is how many
    /// locals it may declare, reduced by those it does.
    static func decode(_ bytes: [UInt8], body range: Range<Int>, budget: inout Int) throws(DecodeError) -> FunctionBody {
        var body = ByteReader(bytes: bytes, range: range)
        let locals = try read(&body, budget: &budget)
        return FunctionBody(locals: locals, code: body.offset..<range.upperBound)
    }

    /// Reads the local declarations of a body. Their total is checked against 2³²−1,
    /// ``DecoderLimits`` and `budget` before anything is expanded. Two passes over the
    /// declarations (check and count, then expand) instead of a list of groups: one allocation
    /// per body with locals and none without, which matters at 90,000 bodies.
    private static func read(_ reader: inout ByteReader, budget: inout Int) throws(DecodeError) -> [ValueType] {
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
              localCount <= budget
        else {
            throw DecodeError("too many locals", offset: start)
        }
        budget -= localCount
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
