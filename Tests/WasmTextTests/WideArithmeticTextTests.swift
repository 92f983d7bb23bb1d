import Testing
import WasmBinary
@testable import WasmText

/// The text forms of the wide-arithmetic instructions and their encodings (0xFC 19 to 22).
@Suite struct WideArithmeticTextTests {
    @Test func keywordsEncodeAndDecodeBack() throws {
        let m = try module("""
            (func (param i64 i64 i64 i64) (result i64 i64)
              local.get 0 local.get 1 local.get 2 local.get 3 i64.add128)
            (func (param i64 i64 i64 i64) (result i64 i64)
              (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
            (func (param i64 i64) (result i64 i64) (i64.mul_wide_s (local.get 0) (local.get 1)))
            (func (param i64 i64) (result i64 i64) local.get 0 local.get 1 i64.mul_wide_u)
            """)
        let get4: [UInt8] = [0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x03]
        let get2: [UInt8] = [0x20, 0x00, 0x20, 0x01]
        #expect(body(m, 0) == get4 + [0xFC, 0x13, 0x0B])
        #expect(body(m, 1) == get4 + [0xFC, 0x14, 0x0B])
        #expect(body(m, 2) == get2 + [0xFC, 0x15, 0x0B])
        #expect(body(m, 3) == get2 + [0xFC, 0x16, 0x0B])
        // The decoded instructions carry the same text names back.
        var names: [String] = []
        for index in 0..<4 {
            var decoder = InstructionDecoder(bytes: m.bytes, range: m.bodies[index].code)
            while !decoder.isAtEnd {
                let op = try decoder.next().opcode
                if op != .localGet && op != .end { names.append(op.name) }
            }
        }
        #expect(names == ["i64.add128", "i64.sub128", "i64.mul_wide_s", "i64.mul_wide_u"])
    }

    @Test func misspellingsAreUnknown() {
        #expect(parseError("(module (func i64.add129))") != nil)
        #expect(parseError("(module (func i32.add128))") != nil)
    }
}
