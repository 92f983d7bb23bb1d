/// The limit on the size of a value type: the canonical ABI's `elem_size(t)` with 64-bit
/// pointers must stay below 2^28 bytes for every defined value type (CanonicalABI.md, element
/// size). Only fixed-length lists can grow that large.
enum ValueSizeLimit {
    /// The exclusive maximum of `elem_size(t, i64)`.
    static let maximum: UInt64 = 1 << 28

    /// Whether a value type is too large.
    static func exceeds(_ t: ResolvedValueType) -> Bool { layout(t).size >= maximum }

    /// Size and alignment with 64-bit pointers; sizes saturate instead of overflowing.
    static func layout(_ t: ResolvedValueType) -> (size: UInt64, alignment: UInt64) {
        switch t {
        case .primitive(let p):
            switch p {
            case .bool, .s8, .u8: return (1, 1)
            case .s16, .u16: return (2, 2)
            case .s32, .u32, .f32, .char, .errorContext: return (4, 4)
            case .s64, .u64, .f64: return (8, 8)
            case .string: return (16, 8)
            }
        case .list, .map: return (16, 8)
        case .own, .borrow, .stream, .future: return (4, 4)
        case .fixedList(let element, let length):
            let e = layout(element)
            return (multiply(e.size, UInt64(length)), e.alignment)
        case .record(let fields): return aggregate(fields.map { layout($0.type) })
        case .tuple(let items): return aggregate(items.map(layout))
        case .flags(let names):
            switch names.count {
            case 0: return (0, 1)
            case 1...8: return (1, 1)
            case 9...16: return (2, 2)
            default: return (4 * UInt64((names.count + 31) / 32), 4)
            }
        case .enum(let names): return discriminant(names.count)
        case .variant(let cases): return variant(cases.map { $0.type.map(layout) })
        case .option(let inner): return variant([nil, layout(inner)])
        case .result(let ok, let error): return variant([ok.map(layout), error.map(layout)])
        }
    }

    private static func discriminant(_ cases: Int) -> (size: UInt64, alignment: UInt64) {
        cases <= 1 << 8 ? (1, 1) : cases <= 1 << 16 ? (2, 2) : (4, 4)
    }

    private static func variant(_ payloads: [(size: UInt64, alignment: UInt64)?]) -> (size: UInt64, alignment: UInt64) {
        let tag = discriminant(payloads.count)
        var alignment = tag.alignment
        var largest: UInt64 = 0
        for p in payloads.compactMap({ $0 }) {
            alignment = max(alignment, p.alignment)
            largest = max(largest, p.size)
        }
        let size = add(alignUp(tag.size, alignment), largest)
        return (alignUp(size, alignment), alignment)
    }

    private static func aggregate(_ parts: [(size: UInt64, alignment: UInt64)]) -> (size: UInt64, alignment: UInt64) {
        var size: UInt64 = 0
        var alignment: UInt64 = 1
        for p in parts {
            size = add(alignUp(size, p.alignment), p.size)
            alignment = max(alignment, p.alignment)
        }
        return (alignUp(size, alignment), alignment)
    }

    private static func alignUp(_ n: UInt64, _ alignment: UInt64) -> UInt64 {
        let r = n % alignment
        return r == 0 ? n : add(n, alignment - r)
    }

    private static func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    private static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : product
    }
}
