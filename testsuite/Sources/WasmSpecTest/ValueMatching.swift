import WasmBinary
import WasmInterpreter

/// Compares actual results with expected ones (NaN patterns per lane, reference families).
enum ValueMatcher {
    /// Whether `bits` is an f32 NaN of `pattern` (either sign).
    static func isNaN32(_ bits: UInt32, _ pattern: NaNPattern) -> Bool {
        switch pattern {
        case .canonical: return bits & 0x7fff_ffff == 0x7fc0_0000
        case .arithmetic: return bits & 0x7fc0_0000 == 0x7fc0_0000
        }
    }

    /// Whether `bits` is an f64 NaN of `pattern` (either sign).
    static func isNaN64(_ bits: UInt64, _ pattern: NaNPattern) -> Bool {
        switch pattern {
        case .canonical: return bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000
        case .arithmetic: return bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
        }
    }

    /// Whether one value matches. Unsupported expectations never match (callers skip them first).
    static func matches(_ actual: Value, _ expected: ExpectedValue) -> Bool {
        switch (expected, actual) {
        case (.i32(let e), .i32(let a)): return e == a
        case (.i64(let e), .i64(let a)): return e == a
        case (.f32(.bits(let e)), .f32(let a)): return e == a
        case (.f32(.nan(let p)), .f32(let a)): return isNaN32(a, p)
        case (.f64(.bits(let e)), .f64(let a)): return e == a
        case (.f64(.nan(let p)), .f64(let a)): return isNaN64(a, p)
        case (.v128(let shape, let lanes), .v128(let vector)):
            let actualLanes = V128Lanes.lanes(of: vector, shape: shape)
            for (lane, pattern) in zip(actualLanes, lanes) {
                switch pattern {
                case .bits(let bits): if lane != bits { return false }
                case .nan(let nan):
                    let ok = shape == .f32 ? isNaN32(UInt32(truncatingIfNeeded: lane), nan) : isNaN64(lane, nan)
                    if !ok { return false }
                }
            }
            return true
        case (.ref(let pattern), _): return matches(actual, pattern)
        case (.either(let options), _): return options.contains { matches(actual, $0) }
        default: return false
        }
    }

    private static func matches(_ actual: Value, _ pattern: RefPattern) -> Bool {
        switch (pattern, actual) {
        case (.null(nil), .funcref(nil)), (.null(nil), .externref(nil)), (.null(nil), .exnref(nil)),
             (.null(nil), .anyref(nil)):
            return true
        case (.null(.function?), .funcref(nil)): return true
        case (.null(.extern?), .externref(nil)): return true
        case (.null(.exception?), .exnref(nil)): return true
        // A null of a concrete struct or array type reads as a null funcref (the bits do not
        // say which hierarchy a null belongs to).
        case (.null(let family?), .anyref(nil)), (.null(let family?), .funcref(nil)): return family.isAny
        case (.nonNull(.function), .funcref(let a)): return a != nil
        case (.nonNull(.extern), .externref(let a)): return a != nil
        case (.nonNull(.extern), .anyref(let a)): return a != nil
        case (.nonNull(.exception), .exnref(let a)): return a != nil
        case (.nonNull(.any), .anyref(let a)): return a != nil
        case (.nonNull(.eq), .anyref(let a)):
            if case .host? = a { return false }
            return a != nil
        case (.nonNull(.i31), .anyref(.i31?)): return true
        case (.nonNull(.struct), .anyref(.object?)), (.nonNull(.array), .anyref(.object?)): return true
        case (.host(let n), .externref(let a)): return a == n
        case (.anyHost(let n), .anyref(.host(let a)?)): return a == n
        default: return false
        }
    }

    /// Whether the result list matches the expected list.
    static func matches(_ actual: [Value], _ expected: [ExpectedValue]) -> Bool {
        guard actual.count == expected.count else { return false }
        for (a, e) in zip(actual, expected) where !matches(a, e) { return false }
        return true
    }
}

/// Human-readable forms of values for failure messages.
enum ValueFormatter {
    static func hex<T: FixedWidthInteger>(_ value: T) -> String {
        let digits = String(value, radix: 16)
        let width = T.bitWidth / 4
        return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func f32(_ bits: UInt32) -> String {
        let value = Float(bitPattern: bits)
        return value.isNaN ? "nan:\(hex(bits))" : "\(value)"
    }

    static func f64(_ bits: UInt64) -> String {
        let value = Double(bitPattern: bits)
        return value.isNaN ? "nan:\(hex(bits))" : "\(value)"
    }

    static func nan(_ pattern: NaNPattern) -> String {
        pattern == .canonical ? "nan:canonical" : "nan:arithmetic"
    }

    static func lane(_ bits: UInt64, _ shape: LaneShape) -> String {
        switch shape {
        case .i8: return "\(Int8(truncatingIfNeeded: bits))"
        case .i16: return "\(Int16(truncatingIfNeeded: bits))"
        case .i32: return "\(Int32(truncatingIfNeeded: bits))"
        case .i64: return "\(Int64(bitPattern: bits))"
        case .f32: return f32(UInt32(truncatingIfNeeded: bits))
        case .f64: return f64(bits)
        }
    }

    /// An actual value; v128 is shown in `shape` when given.
    static func describe(_ value: Value, shape: LaneShape? = nil) -> String {
        switch value {
        case .i32(let v): return "i32:\(Int32(bitPattern: v))"
        case .i64(let v): return "i64:\(Int64(bitPattern: v))"
        case .f32(let v): return "f32:\(f32(v))"
        case .f64(let v): return "f64:\(f64(v))"
        case .v128(let v):
            let shape = shape ?? .i32
            let lanes = V128Lanes.lanes(of: v, shape: shape).map { lane($0, shape) }
            return "v128:\(shape.name)[\(lanes.joined(separator: " "))]"
        case .funcref(let a): return a.map { "funcref:#\($0.index)" } ?? "funcref:null"
        case .externref(let n): return n.map { "externref:\($0)" } ?? "externref:null"
        case .exnref(let a): return a.map { "exnref:#\($0.index)" } ?? "exnref:null"
        case .anyref(nil): return "anyref:null"
        case .anyref(.i31(let v)?): return "i31ref:\(v)"
        case .anyref(.object(let o)?): return "anyref:object#\(o.index)"
        case .anyref(.host(let h)?): return "anyref:host \(h)"
        }
    }

    /// An expected value.
    static func describe(_ expected: ExpectedValue) -> String {
        switch expected {
        case .i32(let v): return "i32:\(Int32(bitPattern: v))"
        case .i64(let v): return "i64:\(Int64(bitPattern: v))"
        case .f32(.bits(let v)): return "f32:\(f32(v))"
        case .f32(.nan(let p)): return "f32:\(nan(p))"
        case .f64(.bits(let v)): return "f64:\(f64(v))"
        case .f64(.nan(let p)): return "f64:\(nan(p))"
        case .v128(let shape, let lanes):
            let text = lanes.map { pattern -> String in
                switch pattern {
                case .bits(let bits): return lane(bits, shape)
                case .nan(let p): return nan(p)
                }
            }
            return "v128:\(shape.name)[\(text.joined(separator: " "))]"
        case .ref(.null(let family)): return "\(family?.rawValue ?? "ref"):null"
        case .ref(.nonNull(let family)): return "\(family.rawValue):non-null"
        case .ref(.host(let n)): return "externref:\(n)"
        case .ref(.anyHost(let n)): return "anyref:host \(n)"
        case .either(let options): return "either(" + options.map { describe($0) }.joined(separator: " | ") + ")"
        case .unsupported(let reason): return "<\(reason)>"
        }
    }

    /// The first v128 shape in an expectation, used to show actual vectors alike.
    static func shape(of expected: ExpectedValue) -> LaneShape? {
        switch expected {
        case .v128(let shape, _): return shape
        case .either(let options): return options.lazy.compactMap { shape(of: $0) }.first
        default: return nil
        }
    }

    /// `[a, b]` for an actual result list, v128 values shown like the expectations.
    static func describe(_ values: [Value], like expected: [ExpectedValue]) -> String {
        let parts = values.enumerated().map { index, value in
            describe(value, shape: index < expected.count ? shape(of: expected[index]) : nil)
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// `[a, b]` for an expected list.
    static func describe(_ expected: [ExpectedValue]) -> String {
        "[" + expected.map { describe($0) }.joined(separator: ", ") + "]"
    }
}
