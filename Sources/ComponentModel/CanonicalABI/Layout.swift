import ComponentBinary

/// Sizes and alignments of component values in linear memory (the canonical ABI's `alignment`
/// and `elem_size`).
enum Layout {
    /// The alignment of a value of `type` in linear memory.
    static func alignment(_ type: ResolvedValueType) -> Int { sizeAndAlignment(type).alignment }

    /// The size of a value of `type` in linear memory.
    static func size(_ type: ResolvedValueType) -> Int { sizeAndAlignment(type).size }

    /// Both at once, in one walk over the type and without temporary arrays (this runs for
    /// every value a host call lowers or lifts through memory).
    static func sizeAndAlignment(_ type: ResolvedValueType) -> (size: Int, alignment: Int) {
        switch type {
        case .primitive(let p):
            switch p {
            case .bool, .s8, .u8: return (1, 1)
            case .s16, .u16: return (2, 2)
            case .s32, .u32, .f32, .char, .errorContext: return (4, 4)
            case .string: return (8, 4)
            case .s64, .u64, .f64: return (8, 8)
            }
        case .list, .map: return (8, 4)
        case .own, .borrow, .stream, .future: return (4, 4)
        case .fixedList(let element, let length):
            let e = sizeAndAlignment(element)
            return (e.size &* Int(length), e.alignment)
        case .record(let fields): return recordLayout(fields.lazy.map(\.type))
        case .tuple(let items): return recordLayout(items)
        case .variant(let cases):
            var caseAlignment = 1, largest = 0
            for c in cases {
                guard let t = c.type else { continue }
                let l = sizeAndAlignment(t)
                caseAlignment = max(caseAlignment, l.alignment)
                largest = max(largest, l.size)
            }
            return variantLayout(cases: cases.count, caseAlignment: caseAlignment, largest: largest)
        case .option(let t):
            let l = sizeAndAlignment(t)
            return variantLayout(cases: 2, caseAlignment: l.alignment, largest: l.size)
        case .result(let ok, let error):
            let o = ok.map(sizeAndAlignment) ?? (size: 0, alignment: 1)
            let e = error.map(sizeAndAlignment) ?? (size: 0, alignment: 1)
            return variantLayout(cases: 2, caseAlignment: max(o.alignment, e.alignment), largest: max(o.size, e.size))
        case .enum(let labels):
            let d = discriminantSize(labels.count)
            return (d, d)
        case .flags(let labels):
            let size = flagsSize(labels.count)
            return (size, size >= 4 ? 4 : max(size, 1))
        }
    }

    /// A record's (or tuple's) size and alignment from its field types.
    private static func recordLayout<Fields: Sequence<ResolvedValueType>>(_ fields: Fields) -> (size: Int, alignment: Int) {
        var s = 0, a = 1
        for f in fields {
            let t = sizeAndAlignment(f)
            a = max(a, t.alignment)
            s = alignUp(s, t.alignment) &+ t.size
        }
        return (alignUp(s, a), a)
    }

    /// A variant's size and alignment from its case count and its payloads' largest alignment
    /// and size.
    private static func variantLayout(cases: Int, caseAlignment: Int, largest: Int) -> (size: Int, alignment: Int) {
        let d = discriminantSize(cases)
        let a = max(d, caseAlignment)
        return (alignUp(alignUp(d, caseAlignment) &+ largest, a), a)
    }

    /// Whether `types` flatten to at most `maxFlat` core values (else they pass through memory).
    /// Counts without building the flat types (this runs on every call).
    static func fitsFlat(_ types: [ResolvedValueType], maxFlat: Int) -> Bool {
        var count = 0
        for t in types {
            count &+= flatCount(t, limit: maxFlat &+ 1)
            if count > maxFlat { return false }
        }
        return true
    }

    /// How many core values `type` flattens to (`CanonicalFlattening.flatten(type).count`),
    /// or at least `limit` when that many or more.
    static func flatCount(_ type: ResolvedValueType, limit: Int) -> Int {
        switch type {
        case .primitive(.string), .list, .map: return 2
        case .primitive, .enum, .own, .borrow, .stream, .future: return 1
        case .fixedList(let element, let length):
            let each = flatCount(element, limit: limit)
            let (total, overflow) = each.multipliedReportingOverflow(by: Int(length))
            return overflow ? limit : min(total, limit)
        case .record(let fields):
            var n = 0
            for f in fields where n < limit { n &+= flatCount(f.type, limit: limit) }
            return min(n, limit)
        case .tuple(let items):
            var n = 0
            for t in items where n < limit { n &+= flatCount(t, limit: limit) }
            return min(n, limit)
        case .flags(let labels): return (labels.count + 31) / 32
        case .variant(let cases):
            var widest = 0
            for c in cases { if let t = c.type { widest = max(widest, flatCount(t, limit: limit)) } }
            return min(1 &+ widest, limit)
        case .option(let t): return min(1 &+ flatCount(t, limit: limit), limit)
        case .result(let ok, let error):
            let widest = max(ok.map { flatCount($0, limit: limit) } ?? 0, error.map { flatCount($0, limit: limit) } ?? 0)
            return min(1 &+ widest, limit)
        }
    }

    /// Rounds `n` up to a multiple of `alignment` (a power of two).
    static func alignUp(_ n: Int, _ alignment: Int) -> Int {
        (n &+ alignment &- 1) & ~(alignment &- 1)
    }

    /// The byte offsets of a record's (or tuple's) fields.
    static func fieldOffsets(_ types: [ResolvedValueType]) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(types.count)
        var s = 0
        for t in types {
            s = alignUp(s, alignment(t))
            offsets.append(s)
            s &+= size(t)
        }
        return offsets
    }

    static func recordSize(_ types: [ResolvedValueType]) -> Int {
        var s = 0
        var a = 1
        for t in types {
            let ta = alignment(t)
            a = max(a, ta)
            s = alignUp(s, ta) &+ size(t)
        }
        return alignUp(s, a)
    }

    /// The size of a variant's discriminant for `cases` cases.
    static func discriminantSize(_ cases: Int) -> Int {
        if cases <= 1 << 8 { return 1 }
        if cases <= 1 << 16 { return 2 }
        return 4
    }

    /// The number of cases of a variant-like type (variant, option, result, enum).
    static func caseCount(_ type: ResolvedValueType) -> Int {
        switch type {
        case .variant(let cases): return cases.count
        case .option, .result: return 2
        case .enum(let labels): return labels.count
        default: return 0
        }
    }

    /// The payload type of case `index` of a variant-like type (nil: the case has none).
    static func payload(_ type: ResolvedValueType, _ index: Int) -> ResolvedValueType? {
        switch type {
        case .variant(let cases): return index >= 0 && index < cases.count ? cases[index].type : nil
        case .option(let t): return index == 1 ? t : nil
        case .result(let ok, let error): return index == 0 ? ok : (index == 1 ? error : nil)
        default: return nil
        }
    }

    /// Where a variant-like value's payload starts (after the discriminant, aligned for the
    /// most aligned payload); no arrays are made (this runs for every such value in memory).
    static func payloadOffset(of type: ResolvedValueType) -> Int {
        let cases = caseCount(type)
        var a = 1
        for i in 0..<cases { if let t = payload(type, i) { a = max(a, alignment(t)) } }
        return alignUp(discriminantSize(cases), a)
    }

    /// The size of a flags value with `count` flags.
    static func flagsSize(_ count: Int) -> Int {
        if count == 0 { return 0 }
        if count <= 8 { return 1 }
        if count <= 16 { return 2 }
        return 4 &* ((count &+ 31) / 32)
    }
}
