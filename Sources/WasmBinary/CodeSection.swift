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
        try decodeBodies(&reader, count: count)
    }

    /// The `count` bodies from `reader`'s offset (the first body's size) on, into
    /// ``Module/bodies``.
    mutating func decodeBodies(_ reader: inout ByteReader, count: Int) throws(DecodeError) {
        var groups: [LocalGroup] = []
        groups.reserveCapacity(count)
        var spans: [BodySpan] = []
        spans.reserveCapacity(count)
        try bytes.withUnsafeBufferPointer { buffer throws(DecodeError) in
            guard let p = buffer.baseAddress else { return }
            for _ in 0..<count {
                if let span = QuickBody.read(p, at: reader.offset, end: reader.end, into: &groups, budget: localBudget) {
                    localBudget -= span.locals
                    reader.offset = span.code.upperBound
                    spans.append(span)
                    continue
                }
                let sizeOffset = reader.offset
                guard let size = Int(exactly: try reader.readU32()), size <= reader.remaining else {
                    throw DecodeError(endOfSectionMessage, offset: sizeOffset)
                }
                let range = try reader.readRange(size)
                var body = ByteReader(bytes: bytes, range: range)
                let locals = try LocalDeclarations.read(&body, into: &groups, budget: &localBudget)
                spans.append(BodySpan(groupsEnd: groups.count, locals: locals, code: body.offset..<range.upperBound))
            }
        }
        // Filled in place (no append's uniqueness and capacity checks per body).
        let all = groups
        module.bodies = [FunctionBody](unsafeUninitializedCapacity: spans.count) { out, initialized in
            var first = 0
            for (i, span) in spans.enumerated() {
                out.initializeElement(at: i, to: FunctionBody(localGroups: all[first ..< span.groupsEnd],
                                                              localCount: span.locals, code: span.code))
                first = span.groupsEnd
                initialized = i + 1
            }
        }
        module.sharedLocalGroups = all  // after `bodies`, whose change clears it
    }
}

/// Where one decoded body's parts are: its runs of locals end at `groupsEnd` of the module's
/// array of runs (they start where the previous body's end), its instructions are at `code`.
struct BodySpan {
    let groupsEnd: Int
    let locals: Int
    let code: Range<Int>
}

/// The common form of a body's size and local declarations read straight from the bytes:
/// LEB128 numbers of at most four bytes (so any value fits and no encoding is malformed), and
/// one-byte types. Anything else (a longer number, a `(ref ...)` type, a size or count
/// past the end, too many locals) is left to `LocalDeclarations` and the `ByteReader`, which
/// read it again from the body's start and report any error exactly as always.
enum QuickBody {
    /// The body at `start` (its size first), with its runs of locals appended to `groups`; nil,
    /// with `groups` as it was, when it is not in the common form. `budget` is how many locals
    /// the module's bodies may still declare.
    @inline(__always)
    static func read(_ p: UnsafePointer<UInt8>, at start: Int, end: Int, into groups: inout [LocalGroup],
                     budget: Int) -> BodySpan? {
        guard let (size, afterSize) = leb(p, start, end), size <= end &- afterSize else { return nil }
        let bodyEnd = afterSize &+ size
        guard let (groupCount, afterCount) = leb(p, afterSize, bodyEnd), groupCount &* 2 <= bodyEnd &- afterCount
        else { return nil }
        let first = groups.count
        var q = afterCount
        var total = 0
        for _ in 0 ..< groupCount {
            guard let (n, typeAt) = leb(p, q, bodyEnd), typeAt < bodyEnd, let type = oneByteType(p[typeAt]) else {
                groups.removeSubrange(first...)
                return nil
            }
            total &+= n
            if n > 0 { groups.append(LocalGroup(count: UInt32(truncatingIfNeeded: n), type: type)) }
            q = typeAt &+ 1
        }
        guard total <= DecoderLimits.maxLocalsPerFunction, total <= budget else {
            groups.removeSubrange(first...)
            return nil
        }
        return BodySpan(groupsEnd: groups.count, locals: total, code: q ..< bodyEnd)
    }

    /// An unsigned LEB128 of one to four bytes at `i`, before `end`, and the offset after it;
    /// nil when it is longer or runs to `end`. (Four bytes hold 28 bits: every such encoding
    /// is a well-formed `u32`, and counts below 2²⁸ cannot overflow the sums here.)
    @inline(__always)
    static func leb(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (Int, Int)? {
        guard end &- i >= 1 else { return nil }
        let b0 = p[i]
        if b0 < 0x80 { return (Int(b0), i &+ 1) }
        var result = Int(b0 & 0x7F)
        var shift = 7
        var q = i &+ 1
        while q < end && q &- i < 4 {
            let b = p[q]
            result |= Int(b & 0x7F) << shift
            q &+= 1
            if b < 0x80 { return (result, q) }
            shift &+= 7
        }
        return nil
    }

    /// The value type of a one-byte encoding (a number, a vector, or the shorthand of a
    /// nullable abstract reference type such as `exnref`, as `readValueType` reads it); nil for
    /// anything else.
    @inline(__always)
    static func oneByteType(_ b: UInt8) -> ValueType? {
        switch b {
        case 0x7F: return .i32
        case 0x7E: return .i64
        case 0x7D: return .f32
        case 0x7C: return .f64
        case 0x7B: return .v128
        default:
            guard let heap = ByteReader.abstractHeapType(b) else { return nil }
            return .ref(RefType(nullable: true, heapType: heap))
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
    /// Decodes the bodies of a module decoded with ``DecodeOptions/deferCode`` (nothing else is
    /// read again), exactly as `decodeModule` without that option would have: the same bodies,
    /// or the same error (the rest of the module decoded, only the code section's content can
    /// hold one). Does nothing when the bodies are already there.
    package mutating func decodeDeferredCode(options: DecodeOptions) throws(DecodeError) {
        guard let code = codeSection, bodies.isEmpty else { return }
        var decoder = ModuleDecoder(bytes: bytes, range: range)
        decoder.options = options
        decoder.options.deferCode = false
        decoder.module = self
        var reader = ByteReader(bytes: bytes, range: code.bodies)
        reader.limitsAsU32 = options.wasm2Limits
        do {
            try decoder.decodeBodies(&reader, count: code.count)
        } catch {
            throw error.insideSection()
        }
        guard reader.isAtEnd else { throw DecodeError("section size mismatch", offset: reader.offset) }
        self = decoder.module
    }

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

    /// Where each body of the code section is (empty when there is none or it does not parse),
    /// for a validation cache record.
    package func bodyExtents() -> [BodyExtent] {
        guard let code = codeSection else { return [] }
        if let extents = extentsOfBodies(code) { return extents }
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

    /// The extents of ``bodies`` when they are there (decoded or adopted): each body starts
    /// where the one before it ends, so every body's size is read at a position known in
    /// advance (a walk reads each position from the size before it: a cache miss after a cache
    /// miss). Nil unless they tile the section exactly, each size read as the walk reads it.
    private func extentsOfBodies(_ code: CodeSectionExtent) -> [BodyExtent]? {
        guard bodies.count == code.count, !bodies.isEmpty else { return nil }
        var extents: [BodyExtent] = []
        extents.reserveCapacity(bodies.count)
        var start = code.bodies.lowerBound
        for i in bodies.indices {
            let end = bodies[i].code.upperBound
            var reader = ByteReader(bytes: bytes, range: start ..< code.bodies.upperBound)
            guard let size = try? reader.readU32(), let length = Int(exactly: size),
                  reader.offset + length == end else { return nil }
            extents.append(BodyExtent(headerLength: reader.offset - start, size: length))
            start = end
        }
        return start == code.bodies.upperBound ? extents : nil
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
