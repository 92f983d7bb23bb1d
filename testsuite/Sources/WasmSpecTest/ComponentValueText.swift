import ComponentModel

/// Spells component values in the WAVE-like form used in failure messages: `42`, `"text"`,
/// `[1, 2]`, `{a: 1}`, `case(payload)`, `some(x)`, `ok(x)`, `{flag1, flag2}`.
enum ComponentValueText {
    /// The values of a call's result (`()` for none).
    static func describe(_ values: [ComponentValue]) -> String {
        values.isEmpty ? "()" : values.map(describe).joined(separator: ", ")
    }

    /// One value.
    static func describe(_ value: ComponentValue) -> String {
        switch value {
        case .bool(let b): return b ? "true" : "false"
        case .s8(let x): return String(x)
        case .u8(let x): return String(x)
        case .s16(let x): return String(x)
        case .u16(let x): return String(x)
        case .s32(let x): return String(x)
        case .u32(let x): return String(x)
        case .s64(let x): return String(x)
        case .u64(let x): return String(x)
        case .f32(let x): return "\(x) (0x\(String(x.bitPattern, radix: 16)))"
        case .f64(let x): return "\(x) (0x\(String(x.bitPattern, radix: 16)))"
        case .char(let c): return "'\(SpecCommand.printable(String(c)))'"
        case .string(let s): return "\"\(SpecCommand.printable(s))\""
        case .list(let items): return "[" + items.map(describe).joined(separator: ", ") + "]"
        case .bytes(let bytes): return "[" + bytes.map { "\($0)" }.joined(separator: ", ") + "]"
        case .record(let fields): return "{" + fields.map { "\($0.label): \(describe($0.value))" }.joined(separator: ", ") + "}"
        case .tuple(let items): return "(" + items.map(describe).joined(separator: ", ") + ")"
        case .variant(let name, let payload): return payload.map { "\(name)(\(describe($0)))" } ?? name
        case .enum(let name): return name
        case .option(let inner): return inner.map { "some(\(describe($0)))" } ?? "none"
        case .result(let isOK, let payload):
            let name = isOK ? "ok" : "err"
            return payload.map { "\(name)(\(describe($0)))" } ?? name
        case .flags(let names): return "{" + names.joined(separator: ", ") + "}"
        case .own(let handle): return "own \(handle)"
        case .borrow(let handle): return "borrow \(handle)"
        }
    }
}
