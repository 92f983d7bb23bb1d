import ComponentBinary

/// Range-checked integer reading for WAVE.
enum WAVENumbers {
    /// The integer `text` as a value of `type`, or nil when it is not an integer literal in range.
    static func integer(_ text: String, _ type: PrimitiveValueType) -> ComponentValue? {
        switch type {
        case .u8, .u16, .u32, .u64:
            guard !text.hasPrefix("-"), let v = UInt64(text) else { return nil }
            switch type {
            case .u8: return UInt8(exactly: v).map { .u8($0) }
            case .u16: return UInt16(exactly: v).map { .u16($0) }
            case .u32: return UInt32(exactly: v).map { .u32($0) }
            default: return .u64(v)
            }
        case .s8, .s16, .s32, .s64:
            guard let v = Int64(text) else { return nil }
            switch type {
            case .s8: return Int8(exactly: v).map { .s8($0) }
            case .s16: return Int16(exactly: v).map { .s16($0) }
            case .s32: return Int32(exactly: v).map { .s32($0) }
            default: return .s64(v)
            }
        default:
            return nil
        }
    }

    /// Why `text` is not a valid integer of `type`.
    static func integerProblem(_ text: String, _ type: PrimitiveValueType) -> String {
        let name = type.witName
        let isIntegerLiteral = !text.contains(".") && !text.contains("e") && !text.contains("E") && text != "-inf"
        guard isIntegerLiteral else {
            return "expected \(name) (an integer), found number `\(text)`"
        }
        return "number `\(text)` is out of range for \(name) (\(range(type)))"
    }

    /// `MIN...MAX` of an integer type.
    static func range(_ type: PrimitiveValueType) -> String {
        switch type {
        case .u8: return "0...\(UInt8.max)"
        case .u16: return "0...\(UInt16.max)"
        case .u32: return "0...\(UInt32.max)"
        case .u64: return "0...\(UInt64.max)"
        case .s8: return "\(Int8.min)...\(Int8.max)"
        case .s16: return "\(Int16.min)...\(Int16.max)"
        case .s32: return "\(Int32.min)...\(Int32.max)"
        case .s64: return "\(Int64.min)...\(Int64.max)"
        default: return ""
        }
    }
}
