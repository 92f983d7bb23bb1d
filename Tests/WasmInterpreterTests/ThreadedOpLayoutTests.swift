import Testing
@testable import WasmInterpreter

/// The run loop casts the low 16 bits of an instruction word straight to `ThreadedOp`; that is
/// only sound while the enum's tag equals its raw value.
struct ThreadedOpLayoutTests {
    @Test func tagEqualsRawValue() {
        #expect(MemoryLayout<ThreadedOp>.size == 2)
        for op in ThreadedOp.allCases {
            #expect(unsafeBitCast(op.rawValue, to: ThreadedOp.self) == op)
        }
    }
}

import WasmBinary

/// The decoder casts dense opcode numbers straight to `Opcode` for the same reason.
struct OpcodeLayoutTests {
    @Test func tagEqualsRawValue() {
        #expect(MemoryLayout<Opcode>.size == 2)
        for op in Opcode.allCases {
            #expect(unsafeBitCast(op.rawValue, to: Opcode.self) == op)
        }
    }
}
