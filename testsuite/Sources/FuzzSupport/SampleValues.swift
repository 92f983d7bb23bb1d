import ComponentBinary
import ComponentModel

/// Plain values of each component type, to call exports with and to seed WAVE inputs (the
/// fuzzer and the fuzz tests share them).
public enum SampleValues {
    /// A plain value of `type`.
    public static func value(_ type: ResolvedValueType) -> ComponentValue {
        switch type {
        case .primitive(let p): return primitive(p)
        case .record(let fields): return .record(fields.map { ($0.label, value($0.type)) })
        case .variant(let cases):
            guard let last = cases.last else { return .tuple([]) }
            return .variant(case: last.label, payload: last.type.map(value))
        case .list(let t), .fixedList(let t, _): return .list([value(t), value(t)])
        case .tuple(let items): return .tuple(items.map(value))
        case .flags(let labels): return .flags(Array(labels.prefix(1)))
        case .enum(let labels): return .enum(labels.last ?? "")
        case .option(let t): return .option(value(t))
        case .result(let ok, _): return .result(isOK: true, payload: ok.map(value))
        case .own(let r): return .own(ResourceHandle(type: r, rep: 1))
        case .borrow(let r): return .borrow(ResourceHandle(type: r, rep: 1))
        case .stream, .future, .map: return .list([])
        }
    }

    /// A plain value of a primitive type.
    public static func primitive(_ p: PrimitiveValueType) -> ComponentValue {
        switch p {
        case .bool: return .bool(true)
        case .s8: return .s8(-1)
        case .u8: return .u8(1)
        case .s16: return .s16(-1)
        case .u16: return .u16(1)
        case .s32: return .s32(-1)
        case .u32: return .u32(1)
        case .s64: return .s64(-1)
        case .u64: return .u64(1)
        case .f32: return .f32(1.5)
        case .f64: return .f64(-2.5)
        case .char: return .char("é")
        case .string, .errorContext: return .string("héllo")
        }
    }
}
