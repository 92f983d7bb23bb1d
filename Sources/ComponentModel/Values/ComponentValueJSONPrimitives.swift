import ComponentBinary
import WippyJSON

extension JSONDecoding {
    static func decodePrimitive(_ json: JSONValue, _ type: PrimitiveValueType, path: String) throws(ComponentValueError) -> ComponentValue {
        let name = type.witName
        switch type {
        case .bool:
            guard case .bool(let b) = json else { throw expected("bool", json, path) }
            return .bool(b)
        case .s8, .u8, .s16, .u16, .s32, .u32, .s64, .u64:
            guard case .number(let number) = json else { throw expected("\(name) (an integer)", json, path) }
            let text = try integerText(number, type, path: path)
            if let value = WAVENumbers.integer(text, type) { return value }
            throw ComponentValueError(
                message: "\(JSONDecoding.number(number)) is out of range for \(name) (\(WAVENumbers.range(type)))", path: path)
        case .f32, .f64:
            let text: String
            switch json {
            case .number(let number): text = number.text
            case .string(let s) where s == "nan" || s == "inf" || s == "-inf": text = s
            default: throw expected("\(name) (a number, \"nan\", \"inf\" or \"-inf\")", json, path)
            }
            if type == .f32, let value = Float(text) { return .f32(value) }
            if type == .f64, let value = Double(text) { return .f64(value) }
            throw expected(name, json, path)
        case .char:
            guard case .string(let s) = json, s.unicodeScalars.count == 1, let scalar = s.unicodeScalars.first else {
                throw expected("char (a string of one character)", json, path)
            }
            return .char(scalar)
        case .string:
            guard case .string(let s) = json else { throw expected("string", json, path) }
            return .string(s)
        case .errorContext:
            throw ComponentValueError(message: "error-context values have no JSON form", path: path)
        }
    }

    /// The plain integer text of `number`: its own text when it is an integer literal, else its
    /// value when that is integral (`1.0`, `1e2`); fractional values are an error.
    static func integerText(_ number: JSONNumber, _ type: PrimitiveValueType, path: String) throws(ComponentValueError) -> String {
        if number.isInteger { return number.text }
        let value = number.double
        guard value.isFinite, value.rounded(.towardZero) == value else {
            throw ComponentValueError(message: "expected \(type.witName) (an integer), found \(JSONDecoding.number(number))", path: path)
        }
        guard abs(value) < 18446744073709551616.0 else {
            throw ComponentValueError(
                message: "\(JSONDecoding.number(number)) is out of range for \(type.witName) (\(WAVENumbers.range(type)))", path: path)
        }
        if value < 0, let exact = Int64(exactly: value) { return String(exact) }
        if let exact = UInt64(exactly: value) { return String(exact) }
        throw ComponentValueError(
            message: "\(JSONDecoding.number(number)) is out of range for \(type.witName) (\(WAVENumbers.range(type)))", path: path)
    }
}
