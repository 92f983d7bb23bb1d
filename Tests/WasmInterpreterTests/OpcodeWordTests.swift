import Testing
import WasmBinary
@testable import WasmInterpreter

/// The side-path instructions carry their opcode as its tag (OpcodeWord.swift): every opcode
/// comes back as itself, and no tag past the last case is taken for one.
@Suite struct OpcodeWordTests {
    @Test func everyOpcodeRoundTripsThroughItsTag() {
        #expect(MemoryLayout<Opcode>.size == 2)
        var tags = Set<UInt16>()
        for opcode in Opcode.allCases {
            #expect(Opcode(wordTag: opcode.wordTag) == opcode, "\(opcode)")
            tags.insert(opcode.wordTag)
        }
        #expect(tags.count == Opcode.allCases.count)
        #expect(tags.max().map { Int($0) } == Opcode.allCases.count - 1)
    }

    @Test func tagsPastTheLastCaseAreRefused() {
        #expect(Opcode(wordTag: UInt16(Opcode.caseCount)) == nil)
        #expect(Opcode(wordTag: UInt16.max) == nil)
    }
}
