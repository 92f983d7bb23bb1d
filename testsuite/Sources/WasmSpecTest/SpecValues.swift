import WasmBinary
import WasmInterpreter
import WippyJSON

// The value encodings of the spec JSON scripts (`args` and `expected`), parsed into
// runner-independent types. Unit-testable without a store.

/// Decimal integer parsing that wraps modulo 2^64 (wasm-tools writes signed values, wabt unsigned).
enum WrappingInteger {
    /// Parses `[+-]digits` (or `0x` hex) and wraps it modulo 2^64; nil if it is not a number.
    static func parse(_ text: String) -> UInt64? {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var radix: UInt64 = 10
        if utf8.count > 2, utf8.first == UInt8(ascii: "0"),
           utf8.dropFirst().first == UInt8(ascii: "x") || utf8.dropFirst().first == UInt8(ascii: "X") {
            radix = 16
            utf8 = utf8.dropFirst(2)
        }
        guard !utf8.isEmpty else { return nil }
        var result: UInt64 = 0
        for byte in utf8 {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: digit = UInt64(byte - UInt8(ascii: "A") + 10)
            case UInt8(ascii: "_"): continue
            default: return nil
            }
            result = result &* radix &+ digit
        }
        return negative ? 0 &- result : result
    }

    /// `parse` truncated to 32 bits (wraps modulo 2^32).
    static func parse32(_ text: String) -> UInt32? {
        parse(text).map { UInt32(truncatingIfNeeded: $0) }
    }
}

/// The NaN patterns an expected float may have.
enum NaNPattern: Hashable, Sendable {
    /// `nan:canonical`: only the quiet bit set in the payload, either sign.
    case canonical
    /// `nan:arithmetic`: the quiet bit set, any other payload, either sign.
    case arithmetic
}

/// An expected f32 or f64: exact bits or a NaN pattern.
enum FloatPattern<Bits: FixedWidthInteger & UnsignedInteger & Sendable>: Hashable, Sendable {
    case bits(Bits)
    case nan(NaNPattern)
}

/// The lane interpretation of a v128 in the scripts.
enum LaneShape: String, Hashable, Sendable {
    case i8, i16, i32, i64, f32, f64

    /// Number of lanes.
    var count: Int {
        switch self {
        case .i8: return 16
        case .i16: return 8
        case .i32, .f32: return 4
        case .i64, .f64: return 2
        }
    }

    /// Lane width in bits.
    var bitWidth: Int { 128 / count }

    /// `i32x4` etc.
    var name: String { "\(rawValue)x\(count)" }
}

/// One expected lane.
enum LanePattern: Hashable, Sendable {
    /// An integer lane (already wrapped to the lane width), or a float lane given as exact bits.
    case bits(UInt64)
    /// A float lane that must be a NaN of this pattern.
    case nan(NaNPattern)
}

/// Families of reference values as far as `Value` can tell them apart.
enum RefFamily: String, Hashable, Sendable {
    case function = "funcref"
    case extern = "externref"
    case exception = "exnref"
    case any = "anyref"
    case eq = "eqref"
    case `struct` = "structref"
    case array = "arrayref"
    case i31 = "i31ref"

    /// Whether this family is of the any hierarchy (GC).
    var isAny: Bool {
        switch self {
        case .any, .eq, .struct, .array, .i31: return true
        default: return false
        }
    }
}

/// An expected reference.
enum RefPattern: Hashable, Sendable {
    /// A null of this family; nil family means any null (`refnull`, `nullref`, `anyref` null, ...).
    case null(RefFamily?)
    /// Any non-null reference of this family.
    case nonNull(RefFamily)
    /// The host reference N (`externref N`).
    case host(UInt32)
    /// The host reference N seen in the any hierarchy (`anyref N`, `ref.host N`).
    case anyHost(UInt32)
}

/// What one result must be.
indirect enum ExpectedValue: Hashable, Sendable {
    case i32(UInt32)
    case i64(UInt64)
    case f32(FloatPattern<UInt32>)
    case f64(FloatPattern<UInt64>)
    case v128(LaneShape, [LanePattern])
    case ref(RefPattern)
    /// At least one alternative must match.
    case either([ExpectedValue])
    /// A form `Value` cannot express (GC references, host refs seen as anyref); comparisons with it
    /// are skipped.
    case unsupported(String)

    /// The reason if this (or every alternative) cannot be checked.
    var unsupportedReason: String? {
        switch self {
        case .unsupported(let reason): return reason
        case .either(let options):
            let reasons = options.compactMap(\.unsupportedReason)
            return reasons.count == options.count ? reasons.first : nil
        default: return nil
        }
    }
}

/// One argument of an invoke.
enum ArgumentValue: Hashable, Sendable {
    /// A fully determined value.
    case value(Value)
    /// A null reference; the concrete `Value` is picked from the parameter type.
    case null(RefFamily?)
    /// A form `Value` cannot express.
    case unsupported(String)
}

/// A problem with the script itself (missing field, unparsable value).
struct ScriptFormatError: Error, Sendable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Parses the `{"type": ..., "value": ...}` objects of the scripts.
enum SpecValueParser {
    /// Parses an entry of `expected`.
    static func expected(_ json: JSONValue) throws(ScriptFormatError) -> ExpectedValue {
        guard let type = json["type"]?.stringValue else { throw ScriptFormatError("value without a type: \(json)") }
        let value = json["value"]
        switch type {
        case "i32": return .i32(try integer32(value, json))
        case "i64": return .i64(try integer64(value, json))
        case "f32":
            if let nan = nanPattern(value?.stringValue) { return .f32(.nan(nan)) }
            return .f32(.bits(try integer32(value, json)))
        case "f64":
            if let nan = nanPattern(value?.stringValue) { return .f64(.nan(nan)) }
            return .f64(.bits(try integer64(value, json)))
        case "v128":
            return try v128(json)
        case "either":
            guard let values = json["values"]?.arrayValue else { throw ScriptFormatError("either without values: \(json)") }
            var options: [ExpectedValue] = []
            for option in values { options.append(try expected(option)) }
            return .either(options)
        case "funcref", "externref", "exnref":
            let family = RefFamily(rawValue: type)!
            guard let value else { return .ref(.nonNull(family)) }
            guard let text = value.stringValue else { throw ScriptFormatError("bad reference value: \(json)") }
            if text == "null" { return .ref(.null(family)) }
            if family == .extern, let n = WrappingInteger.parse32(text) { return .ref(.host(n)) }
            throw ScriptFormatError("bad reference value: \(json)")
        case "nullfuncref": return .ref(.null(.function))
        case "nullexternref": return .ref(.null(.extern))
        case "nullexnref": return .ref(.null(.exception))
        case "nullref", "refnull": return .ref(.null(nil))
        case "anyref", "eqref", "structref", "arrayref", "i31ref":
            let family = RefFamily(rawValue: type)!
            guard let text = value?.stringValue else { return .ref(.nonNull(family)) }
            if text == "null" { return .ref(.null(family)) }
            if family == .any, let n = WrappingInteger.parse32(text) { return .ref(.anyHost(n)) }
            throw ScriptFormatError("bad reference value: \(json)")
        default:
            return .unsupported("value type \(type)")
        }
    }

    /// Parses an entry of `args`.
    static func argument(_ json: JSONValue) throws(ScriptFormatError) -> ArgumentValue {
        guard let type = json["type"]?.stringValue else { throw ScriptFormatError("value without a type: \(json)") }
        let value = json["value"]
        switch type {
        case "i32": return .value(.i32(try integer32(value, json)))
        case "i64": return .value(.i64(try integer64(value, json)))
        case "f32": return .value(.f32(try integer32(value, json)))
        case "f64": return .value(.f64(try integer64(value, json)))
        case "v128":
            guard case .v128(_, let lanes) = try v128(json) else { throw ScriptFormatError("bad v128: \(json)") }
            guard let vector = V128Lanes.vector(from: lanes, shape: try laneShape(json)) else {
                throw ScriptFormatError("NaN pattern in an argument: \(json)")
            }
            return .value(.v128(vector))
        case "funcref", "externref", "exnref":
            let family = RefFamily(rawValue: type)!
            guard let text = value?.stringValue else { return .unsupported("non-null \(type) argument") }
            if text == "null" { return .null(family) }
            if family == .extern, let n = WrappingInteger.parse32(text) { return .value(.externref(n)) }
            throw ScriptFormatError("bad reference value: \(json)")
        case "nullfuncref": return .null(.function)
        case "nullexternref": return .null(.extern)
        case "nullexnref": return .null(.exception)
        case "nullref", "refnull": return .null(nil)
        case "anyref", "eqref", "structref", "arrayref", "i31ref":
            let family = RefFamily(rawValue: type)!
            guard let text = value?.stringValue else { return .unsupported("non-null \(type) argument") }
            if text == "null" { return .null(family) }
            if family == .any, let n = WrappingInteger.parse32(text) { return .value(.anyref(.host(n))) }
            throw ScriptFormatError("bad reference value: \(json)")
        default:
            return .unsupported("argument type \(type)")
        }
    }

    private static func laneShape(_ json: JSONValue) throws(ScriptFormatError) -> LaneShape {
        guard let name = json["lane_type"]?.stringValue, let shape = LaneShape(rawValue: name) else {
            throw ScriptFormatError("v128 without a valid lane_type: \(json)")
        }
        return shape
    }

    private static func v128(_ json: JSONValue) throws(ScriptFormatError) -> ExpectedValue {
        let shape = try laneShape(json)
        guard let values = json["value"]?.arrayValue, values.count == shape.count else {
            throw ScriptFormatError("v128 needs \(shape.count) lanes: \(json)")
        }
        var lanes: [LanePattern] = []
        lanes.reserveCapacity(values.count)
        let mask: UInt64 = shape.bitWidth == 64 ? ~0 : (1 << UInt64(shape.bitWidth)) - 1
        for lane in values {
            guard let text = lane.stringValue else { throw ScriptFormatError("bad v128 lane: \(json)") }
            if shape == .f32 || shape == .f64, let nan = nanPattern(text) {
                lanes.append(.nan(nan))
                continue
            }
            guard let bits = WrappingInteger.parse(text) else { throw ScriptFormatError("bad v128 lane \(text)") }
            lanes.append(.bits(bits & mask))
        }
        return .v128(shape, lanes)
    }

    private static func nanPattern(_ text: String?) -> NaNPattern? {
        switch text {
        case "nan:canonical": return .canonical
        case "nan:arithmetic": return .arithmetic
        default: return nil
        }
    }

    private static func integer64(_ value: JSONValue?, _ json: JSONValue) throws(ScriptFormatError) -> UInt64 {
        if let text = value?.stringValue, let n = WrappingInteger.parse(text) { return n }
        if let number = value?.numberValue, let n = WrappingInteger.parse(number.text) { return n }
        throw ScriptFormatError("bad integer value: \(json)")
    }

    private static func integer32(_ value: JSONValue?, _ json: JSONValue) throws(ScriptFormatError) -> UInt32 {
        UInt32(truncatingIfNeeded: try integer64(value, json))
    }
}

/// Lane access of `V128`.
enum V128Lanes {
    /// The lanes of `vector` in `shape`, lane 0 first, zero-extended.
    static func lanes(of vector: V128, shape: LaneShape) -> [UInt64] {
        let width = UInt64(shape.bitWidth)
        let mask: UInt64 = width == 64 ? ~0 : (1 << width) - 1
        let perHalf = 64 / shape.bitWidth
        var result: [UInt64] = []
        result.reserveCapacity(shape.count)
        for index in 0..<shape.count {
            let half = index < perHalf ? vector.lo : vector.hi
            let shift = UInt64(index % perHalf) * width
            result.append((half >> shift) & mask)
        }
        return result
    }

    /// Builds a vector from exact lanes; nil if a lane is a NaN pattern.
    static func vector(from lanes: [LanePattern], shape: LaneShape) -> V128? {
        let width = UInt64(shape.bitWidth)
        let perHalf = 64 / shape.bitWidth
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        for (index, lane) in lanes.enumerated() {
            guard case .bits(let bits) = lane else { return nil }
            let shift = UInt64(index % perHalf) * width
            if index < perHalf { lo |= bits << shift } else { hi |= bits << shift }
        }
        return V128(lo: lo, hi: hi)
    }
}
