// The code section: body sizes and local declarations. Instructions are left to the validator.

extension ModuleDecoder {
    /// Code section (id 10): for each body, its size, its local declarations (expanded into
    /// ``FunctionBody/locals``) and the range of its instructions, final `end` included. With
    /// ``DecodeOptions/deferLocals`` only the size is read: the declarations are decoded later
    /// (``Module/decodedBody(_:)``).
    mutating func decodeCodeSection(_ reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(minimumItemSize: 2)
        module.bodies.reserveCapacity(count)
        let deferLocals = options.deferLocals
        for _ in 0..<count {
            let sizeOffset = reader.offset
            guard let size = Int(exactly: try reader.readU32()), size <= reader.remaining else {
                throw DecodeError(endOfSectionMessage, offset: sizeOffset)
            }
            let range = try reader.readRange(size)
            if deferLocals {
                module.bodies.append(FunctionBody(deferredLocals: range))
            } else {
                module.bodies.append(try LocalDeclarations.decode(bytes, body: range, budget: &localBudget))
            }
        }
    }
}

extension Module {
    /// Body `index` of the defined functions with its locals decoded: the stored body, or, when
    /// its declarations were deferred (``DecodeOptions/deferLocals``), the body with them
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

    /// Decodes the deferred local declarations of every body, in order and within the module's
    /// budget of locals: afterwards the module is what ``decodeModule(_:options:)`` without
    /// ``DecodeOptions/deferLocals`` returns, and the error thrown is the one it would have
    /// thrown (every other section decoded already).
    package mutating func decodeDeferredLocals() throws(DecodeError) {
        var budget = DecoderLimits.maxLocalsPerModule(binarySize: bytes.count)
        for i in bodies.indices {
            guard bodies[i].localsDeferred else {
                budget -= bodies[i].locals.count
                continue
            }
            do {
                bodies[i] = try LocalDeclarations.decode(bytes, body: bodies[i].code, budget: &budget)
            } catch {
                throw error.insideSection()
            }
        }
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
