import WasmBinary

/// An operand or result of an instruction with a fixed typing rule (see `Opcode.simpleSignatures`).
enum OperandType: UInt8, Sendable {
    case i32 = 1
    case i64 = 2
    case f32 = 3
    case f64 = 4
    case v128 = 5
    /// The address type of the instruction's memory: `i32`, or `i64` for a memory64 memory.
    case address = 6
}

/// The fixed operand rule of an instruction: up to three parameters and at most one result,
/// packed into one word so that the validator's inner loop reads it without reference counting.
///
/// Layout: bits 0–1 parameter count, bits 4–7 / 8–11 / 12–15 the parameters (`OperandType` raw
/// values, first parameter lowest), bits 16–19 the result (0 for none), bit 31 always set so
/// that a packed rule is never 0.
struct SimpleSignature: Sendable, Hashable {
    /// The packed rule.
    let packed: UInt32

    /// Packs a rule; the generated table calls this once per instruction.
    init(params: [OperandType], result: OperandType?) {
        var p = UInt32(min(params.count, 3)) | 0x8000_0000
        for (i, t) in params.prefix(3).enumerated() {
            p |= UInt32(t.rawValue) << UInt32(4 + 4 * i)
        }
        if let r = result { p |= UInt32(r.rawValue) << 16 }
        packed = p
    }

    /// Number of parameters.
    var parameterCount: Int { Int(packed & 3) }
}

extension Opcode {
    /// `simpleSignatures` as packed words, 0 where the validator types the instruction by hand.
    static let packedSignatures: [UInt32] = simpleSignatures.map { $0?.packed ?? 0 }
}
