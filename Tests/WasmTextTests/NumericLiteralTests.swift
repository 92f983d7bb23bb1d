import Testing
@testable import WasmText

private func bits(_ text: String, width: Int) -> UInt64? {
    Array(text.utf8).withUnsafeBufferPointer { p in
        NumericLiteral.integer(p, 0, p.count).flatMap { NumericLiteral.bits($0, width: width) }
    }
}

private func f32(_ text: String) throws -> UInt32? {
    let bytes = Array(text.utf8)
    var result: Result<UInt32?, TextError> = .success(nil)
    bytes.withUnsafeBufferPointer { p in
        do throws(TextError) { result = .success(try NumericLiteral.float32(p, 0, p.count)) } catch { result = .failure(error) }
    }
    return try result.get()
}

private func f64(_ text: String) throws -> UInt64? {
    let bytes = Array(text.utf8)
    var result: Result<UInt64?, TextError> = .success(nil)
    bytes.withUnsafeBufferPointer { p in
        do throws(TextError) { result = .success(try NumericLiteral.float64(p, 0, p.count)) } catch { result = .failure(error) }
    }
    return try result.get()
}

@Suite struct NumericLiteralTests {
    @Test func integers() {
        #expect(bits("0", width: 32) == 0)
        #expect(bits("1_000", width: 32) == 1000)
        #expect(bits("0xffff_ffff", width: 32) == 0xFFFF_FFFF)
        #expect(bits("-1", width: 32) == 0xFFFF_FFFF)
        #expect(bits("-0x8000_0000", width: 32) == 0x8000_0000)
        #expect(bits("+42", width: 32) == 42)
        #expect(bits("0x1_0000_0000", width: 32) == nil)
        #expect(bits("-0x8000_0001", width: 32) == nil)
        #expect(bits("-0x8000_0000_0000_0000", width: 64) == 0x8000_0000_0000_0000)
        #expect(bits("18446744073709551615", width: 64) == .max)
        #expect(bits("18446744073709551616", width: 64) == nil)
        #expect(bits("-128", width: 8) == 0x80)
        #expect(bits("255", width: 8) == 0xFF)
        #expect(bits("256", width: 8) == nil)
    }

    @Test func malformedIntegers() {
        for text in ["", "_1", "1_", "1__0", "0x", "0x_1", "1a", "--1", "0xg"] {
            #expect(bits(text, width: 32) == nil, "\(text)")
        }
    }

    @Test func decimalFloats() throws {
        #expect(try f32("1") == 0x3F80_0000)
        #expect(try f32("-0.0") == 0x8000_0000)
        #expect(try f32("1.5e1") == Float(15).bitPattern)
        #expect(try f32("1_000.000_1") == Float("1000.0001")?.bitPattern)
        #expect(try f64("0.1") == (0.1 as Double).bitPattern)
        #expect(try f64("1.") == (1.0 as Double).bitPattern)
        #expect(try f64("1e308") == (1e308 as Double).bitPattern)
        // Exactly halfway between two f32 values: ties to even.
        #expect(try f32("1.000000059604644775390625") == 0x3F80_0000)
        #expect(try f32("1e-46") == 0)
    }

    @Test func hexFloats() throws {
        #expect(try f32("0x1p3") == Float(8).bitPattern)
        #expect(try f32("0x1.8p1") == Float(3).bitPattern)
        #expect(try f32("0x1.fffffep127") == Float.greatestFiniteMagnitude.bitPattern)
        #expect(try f32("0x1p-149") == 1)
        #expect(try f32("0x1.000001p0") == 0x3F80_0000)  // tie, to even
        #expect(try f32("0x1.000003p0") == 0x3F80_0002)  // tie, to even (up)
        #expect(try f32("0x1.0000010000000001p0") == 0x3F80_0001)  // just above the tie
        #expect(try f64("0x1p-1074") == 1)
        #expect(try f64("0x.8") == nil)
    }

    @Test func outOfRange() throws {
        #expect(throws: TextError.self) { try f32("1e39") }
        #expect(throws: TextError.self) { try f32("0x1p128") }
        #expect(throws: TextError.self) { try f32("0x1.ffffffp127") }
        #expect(throws: TextError.self) { try f64("1e309") }
        #expect(throws: TextError.self) { try f64("0x1.fffffffffffff8p1023") }
        #expect(try f64("0x1.fffffffffffff7ffp1023") == Double.greatestFiniteMagnitude.bitPattern)
        #expect(throws: TextError.self) { try f32("nan:0x0") }
        #expect(throws: TextError.self) { try f32("nan:0x80_0000") }
        #expect(throws: TextError.self) { try f64("nan:0x10_0000_0000_0000") }
    }

    @Test func specialValues() throws {
        #expect(try f32("inf") == 0x7F80_0000)
        #expect(try f32("-inf") == 0xFF80_0000)
        #expect(try f32("nan") == 0x7FC0_0000)
        #expect(try f32("-nan") == 0xFFC0_0000)
        #expect(try f32("+nan:0x200000") == 0x7FA0_0000)
        #expect(try f64("nan:0x1") == 0x7FF0_0000_0000_0001)
        #expect(try f64("-nan:0xf_ffff_ffff_ffff") == 0xFFFF_FFFF_FFFF_FFFF)
        #expect(try f32("infinity") == nil)
        #expect(try f32("nan:1") == nil)
    }
}
