import Testing
import WasmBinary
@testable import WasmValidation

/// The wide-arithmetic proposal: `i64.add128`, `i64.sub128` (0xFC 19, 20: [i64 i64 i64 i64] ->
/// [i64 i64]) and `i64.mul_wide_s`, `i64.mul_wide_u` (0xFC 21, 22: [i64 i64] -> [i64 i64]).
@Suite struct WideArithmeticValidationTests {
    static let add128: [UInt8] = [0xFC, 19], sub128: [UInt8] = [0xFC, 20]
    static let mulWideS: [UInt8] = [0xFC, 21], mulWideU: [UInt8] = [0xFC, 22]
    static let get4: [UInt8] = [0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x03]
    static let get2: [UInt8] = [0x20, 0x00, 0x20, 0x01]

    @Test func decodesTheEncodings() throws {
        let code: [UInt8] = Self.add128 + Self.sub128 + Self.mulWideS + Self.mulWideU
            + [0xFC, 0x95, 0x00]  // 21 in a two-byte LEB128
        var decoder = InstructionDecoder(bytes: code, range: 0..<code.count)
        var ops: [Opcode] = []
        while !decoder.isAtEnd { ops.append(try decoder.next().opcode) }
        #expect(ops == [.i64Add128, .i64Sub128, .i64MulWideS, .i64MulWideU, .i64MulWideS])
        #expect(ops.map(\.name) == ["i64.add128", "i64.sub128", "i64.mul_wide_s", "i64.mul_wide_u", "i64.mul_wide_s"])
        // 18 (memory.discard, not implemented) and 23 stay illegal.
        for sub: UInt8 in [18, 23] {
            var d = InstructionDecoder(bytes: [0xFC, sub], range: 0..<2)
            #expect(throws: DecodeError.self) { _ = try d.next() }
        }
    }

    @Test func typesAreFourOrTwoI64sToTwoI64s() throws {
        for op in [Self.add128, Self.sub128] {
            let v = try check(oneFunction([i64, i64, i64, i64], [i64, i64], Self.get4 + op))
            #expect(v.functions == [FunctionInfo(maxStackHeight: 4, maxControlDepth: 1)])
        }
        for op in [Self.mulWideS, Self.mulWideU] {
            let v = try check(oneFunction([i64, i64], [i64, i64], Self.get2 + op))
            #expect(v.functions == [FunctionInfo(maxStackHeight: 2, maxControlDepth: 1)])
        }
        // The results are two i64s: both can be consumed.
        try check(oneFunction([i64, i64], [i64], Self.get2 + Self.mulWideU + [0x7C]))  // i64.add
        // In unreachable code the operands are polymorphic.
        try check(oneFunction([], [i64, i64], [0x00] + Self.add128))
    }

    @Test func typeErrors() {
        // Too few operands.
        expectInvalid(oneFunction([i64, i64, i64], [i64, i64], Array(Self.get4.prefix(6)) + Self.add128), "type mismatch")
        expectInvalid(oneFunction([i64], [i64, i64], [0x20, 0x00] + Self.mulWideS), "type mismatch")
        // Operands of the wrong type (an i32 as the high half of the second operand).
        expectInvalid(oneFunction([i64, i64, i64, i32], [i64, i64], Self.get4 + Self.sub128), "type mismatch")
        expectInvalid(oneFunction([i64, f64], [i64, i64], Self.get2 + Self.mulWideU), "type mismatch")
        // One result is not two.
        expectInvalid(oneFunction([i64, i64, i64, i64], [i64], Self.get4 + Self.add128), "type mismatch")
        expectInvalid(oneFunction([i64, i64], [i64], Self.get2 + Self.mulWideS), "type mismatch")
        // Results are i64, not i32.
        expectInvalid(oneFunction([i64, i64], [i32, i32], Self.get2 + Self.mulWideU), "type mismatch")
    }

    @Test func notInWebAssembly2() throws {
        let bytes = oneFunction([i64, i64], [i64, i64], Self.get2 + Self.mulWideS)
        let module = try decodeModule(bytes)
        for features in [ValidationFeatures.wasm2, ValidationFeatures.all.subtracting(.wideArithmetic)] {
            do {
                _ = try validateModule(module, features: features)
                Issue.record("accepted without the wide-arithmetic feature")
            } catch let e as DecodeError {
                #expect(e.message == "illegal opcode fc 21")
            }
        }
        _ = try validateModule(module, features: .all)
    }

    @Test func notConstant() {
        var b = B()
        b.globals.append([B.i64, 0x00, 0x42, 0x01, 0x42, 0x02, 0xFC, 22, 0x1A, 0x0B])
        expectInvalid(b.build(), "constant expression required")
    }
}
