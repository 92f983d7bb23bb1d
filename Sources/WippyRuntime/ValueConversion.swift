import WasmBinary
import WasmInterpreter
import WippyJSON

/// JSON ⇄ core values for entry calls (DESIGN.md §6): integers are range-checked, never truncated.
public enum ValueConversion {
    /// Parses a command-line argument as JSON. Where the parameter takes a string
    /// (`takesString`), text that is not JSON stands for that string (`hello` for `"hello"`);
    /// elsewhere it is an error naming the JSON problem, so a typo such as `[1, 2` or `tru` is
    /// reported instead of becoming a string the parameter then refuses.
    public static func argument(_ text: String, takesString: Bool) -> Result<JSONValue, ConversionFailure> {
        do {
            return .success(try JSONValue.parse(text))
        } catch {
            if takesString { return .success(.string(text)) }
            return .failure(ConversionFailure(message: "not JSON (\(error)): \(MessageText.short(text))"))
        }
    }

    /// Converts a JSON value to a WIT-typed parameter's core value.
    public static func value(_ json: JSONValue, as type: WITType) -> Result<Value, ConversionFailure> {
        switch type {
        case .bool:
            guard let flag = json.boolValue else { return .failure(expected("a boolean", json)) }
            return .success(.i32(flag ? 1 : 0))
        case .s8: return signed(json, type, min: Int64(Int8.min), max: Int64(Int8.max)).map { .i32(UInt32(bitPattern: Int32($0))) }
        case .s16: return signed(json, type, min: Int64(Int16.min), max: Int64(Int16.max)).map { .i32(UInt32(bitPattern: Int32($0))) }
        case .s32: return signed(json, type, min: Int64(Int32.min), max: Int64(Int32.max)).map { .i32(UInt32(bitPattern: Int32($0))) }
        case .s64: return signed(json, type, min: Int64.min, max: Int64.max).map { .i64(UInt64(bitPattern: $0)) }
        case .u8: return unsigned(json, type, max: UInt64(UInt8.max)).map { .i32(UInt32($0)) }
        case .u16: return unsigned(json, type, max: UInt64(UInt16.max)).map { .i32(UInt32($0)) }
        case .u32: return unsigned(json, type, max: UInt64(UInt32.max)).map { .i32(UInt32($0)) }
        case .u64: return unsigned(json, type, max: UInt64.max).map { .i64($0) }
        case .f32:
            guard let number = json.numberValue else { return .failure(expected("a number", json)) }
            return .success(.f32(Float(number.double).bitPattern))
        case .f64:
            guard let number = json.numberValue else { return .failure(expected("a number", json)) }
            return .success(.f64(number.double.bitPattern))
        case .char:
            guard let text = json.stringValue, text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first else {
                return .failure(expected("a one-character string", json))
            }
            return .success(.i32(scalar.value))
        }
    }

    /// Converts a JSON value to a core parameter type (no WIT): i32 takes -2^31 ..< 2^32.
    public static func value(_ json: JSONValue, as type: ValueType) -> Result<Value, ConversionFailure> {
        switch type {
        case .i32:
            guard let number = json.numberValue, number.isInteger else { return .failure(expected("an integer", json)) }
            if let value = number.int64, value >= Int64(Int32.min), value <= Int64(UInt32.max) {
                return .success(.i32(UInt32(truncatingIfNeeded: value)))
            }
            return .failure(ConversionFailure(message: "\(json.serializedExcerpt()) is out of range for i32"))
        case .i64:
            guard let number = json.numberValue, number.isInteger else { return .failure(expected("an integer", json)) }
            if let value = number.int64 { return .success(.i64(UInt64(bitPattern: value))) }
            if let value = number.uint64 { return .success(.i64(value)) }
            return .failure(ConversionFailure(message: "\(json.serializedExcerpt()) is out of range for i64"))
        case .f32: return value(json, as: WITType.f32)
        case .f64: return value(json, as: WITType.f64)
        default:
            return .failure(ConversionFailure(message: "parameters of type \(type) cannot be given as JSON"))
        }
    }

    /// A WIT-typed result as JSON.
    public static func json(_ value: Value, as type: WITType) -> JSONValue {
        switch (type, value) {
        case (.bool, .i32(let bits)): return .bool(bits != 0)
        case (.s8, .i32(let bits)): return .number(JSONNumber(Int64(Int8(truncatingIfNeeded: bits))))
        case (.s16, .i32(let bits)): return .number(JSONNumber(Int64(Int16(truncatingIfNeeded: bits))))
        case (.s32, .i32(let bits)): return .number(JSONNumber(Int64(Int32(bitPattern: bits))))
        case (.u8, .i32(let bits)): return .number(JSONNumber(UInt64(UInt8(truncatingIfNeeded: bits))))
        case (.u16, .i32(let bits)): return .number(JSONNumber(UInt64(UInt16(truncatingIfNeeded: bits))))
        case (.u32, .i32(let bits)): return .number(JSONNumber(UInt64(bits)))
        case (.s64, .i64(let bits)): return .number(JSONNumber(Int64(bitPattern: bits)))
        case (.u64, .i64(let bits)): return .number(JSONNumber(bits))
        case (.char, .i32(let bits)):
            return .string(Unicode.Scalar(bits).map { String(Character($0)) } ?? "\u{FFFD}")
        default: return json(value)
        }
    }

    /// A core result as JSON: i32/i64 as signed integers, floats as numbers (NaN and infinities
    /// as the strings `"nan"`, `"inf"`, `"-inf"`).
    public static func json(_ value: Value) -> JSONValue {
        switch value {
        case .i32(let bits): return .number(JSONNumber(Int64(Int32(bitPattern: bits))))
        case .i64(let bits): return .number(JSONNumber(Int64(bitPattern: bits)))
        case .f32(let bits): return float(Double(Float(bitPattern: bits)))
        case .f64(let bits): return float(Double(bitPattern: bits))
        default: return .string("\(value)")
        }
    }

    private static func float(_ number: Double) -> JSONValue {
        if number.isNaN { return .string("nan") }
        if number.isInfinite { return .string(number < 0 ? "-inf" : "inf") }
        return .number(JSONNumber(number))
    }

    private static func signed(_ json: JSONValue, _ type: WITType, min: Int64, max: Int64) -> Result<Int64, ConversionFailure> {
        guard let number = json.numberValue, number.isInteger else { return .failure(expected("an integer", json)) }
        guard let value = number.int64, value >= min, value <= max else {
            return .failure(ConversionFailure(message: "\(json.serializedExcerpt()) is out of range for \(type.rawValue) (\(min)...\(max))"))
        }
        return .success(value)
    }

    private static func unsigned(_ json: JSONValue, _ type: WITType, max: UInt64) -> Result<UInt64, ConversionFailure> {
        guard let number = json.numberValue, number.isInteger else { return .failure(expected("an integer", json)) }
        guard let value = number.uint64, value <= max else {
            return .failure(ConversionFailure(message: "\(json.serializedExcerpt()) is out of range for \(type.rawValue) (0...\(max))"))
        }
        return .success(value)
    }

    private static func expected(_ what: String, _ json: JSONValue) -> ConversionFailure {
        ConversionFailure(message: "expected \(what), got \(json.serializedExcerpt())")
    }

    /// Why an argument could not be converted.
    public struct ConversionFailure: Error, Hashable, Sendable {
        /// What was wrong, e.g. `300 is out of range for u8 (0...255)`.
        public var message: String
    }
}
