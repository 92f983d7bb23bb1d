import ComponentBinary

/// Sizes and alignments of component values in linear memory (the canonical ABI's `alignment`
/// and `elem_size`).
enum Layout {
    /// The alignment of a value of `type` in linear memory.
    static func alignment(_ type: ResolvedValueType) -> Int {
        switch type {
        case .primitive(let p):
            switch p {
            case .bool, .s8, .u8: return 1
            case .s16, .u16: return 2
            case .s32, .u32, .f32, .char, .string, .errorContext: return 4
            case .s64, .u64, .f64: return 8
            }
        case .list, .map, .own, .borrow, .stream, .future: return 4
        case .fixedList(let element, _): return alignment(element)
        case .record(let fields):
            var a = 1
            for f in fields { a = max(a, alignment(f.type)) }
            return a
        case .tuple(let items):
            var a = 1
            for t in items { a = max(a, alignment(t)) }
            return a
        case .variant(let cases): return variantAlignment(cases.map(\.type))
        case .enum(let labels): return discriminantSize(labels.count)
        case .option(let t): return variantAlignment([nil, t])
        case .result(let ok, let error): return variantAlignment([ok, error])
        case .flags(let labels): return flagsSize(labels.count) >= 4 ? 4 : max(flagsSize(labels.count), 1)
        }
    }

    /// The size of a value of `type` in linear memory.
    static func size(_ type: ResolvedValueType) -> Int {
        switch type {
        case .primitive(let p):
            switch p {
            case .bool, .s8, .u8: return 1
            case .s16, .u16: return 2
            case .s32, .u32, .f32, .char, .errorContext: return 4
            case .s64, .u64, .f64, .string: return 8
            }
        case .list, .map: return 8
        case .own, .borrow, .stream, .future: return 4
        case .fixedList(let element, let length): return size(element) &* Int(length)
        case .record(let fields): return recordSize(fields.map(\.type))
        case .tuple(let items): return recordSize(items)
        case .variant(let cases): return variantSize(cases.map(\.type))
        case .enum(let labels): return discriminantSize(labels.count)
        case .option(let t): return variantSize([nil, t])
        case .result(let ok, let error): return variantSize([ok, error])
        case .flags(let labels): return flagsSize(labels.count)
        }
    }

    /// Whether `types` flatten to at most `maxFlat` core values (else they pass through memory).
    static func fitsFlat(_ types: [ResolvedValueType], maxFlat: Int) -> Bool {
        var count = 0
        for t in types {
            guard let flat = CanonicalFlattening.flatten(t, limit: maxFlat + 1) else { return false }
            count += flat.count
            if count > maxFlat { return false }
        }
        return true
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

    static func maxCaseAlignment(_ payloads: [ResolvedValueType?]) -> Int {
        var a = 1
        for case let t? in payloads { a = max(a, alignment(t)) }
        return a
    }

    static func variantAlignment(_ payloads: [ResolvedValueType?]) -> Int {
        max(discriminantSize(payloads.count), maxCaseAlignment(payloads))
    }

    /// Where a variant's payload starts.
    static func payloadOffset(_ payloads: [ResolvedValueType?]) -> Int {
        alignUp(discriminantSize(payloads.count), maxCaseAlignment(payloads))
    }

    static func variantSize(_ payloads: [ResolvedValueType?]) -> Int {
        var s = payloadOffset(payloads)
        var largest = 0
        for case let t? in payloads { largest = max(largest, size(t)) }
        s &+= largest
        return alignUp(s, variantAlignment(payloads))
    }

    /// The size of a flags value with `count` flags.
    static func flagsSize(_ count: Int) -> Int {
        if count == 0 { return 0 }
        if count <= 8 { return 1 }
        if count <= 16 { return 2 }
        return 4 &* ((count &+ 31) / 32)
    }
}
