import WasmBinary

/// How the side-path instructions (`gc`, `atomic`) carry their `Opcode` in a code word: as the
/// case's in-memory tag (its declaration index), not its raw value. Turning a raw value back is
/// `Opcode(rawValue:)`, a switch over all 576 cases that is not inlined (about 4% of the
/// instructions of a GC-heavy program); turning a tag back is a bounds check and a cast. The
/// translator only writes tags of real opcodes, and a tag past the last case is refused.
extension Opcode {
    /// The opcode's tag, for a code word.
    var wordTag: UInt16 { unsafeBitCast(self, to: UInt16.self) }

    /// The opcode whose tag is `tag` (a code word's low 16 bits); nil when no case has it.
    @inline(__always)
    init?(wordTag tag: UInt16) {
        guard Int(tag) < Self.caseCount else { return nil }
        self = unsafeBitCast(tag, to: Opcode.self)
    }

    /// How many cases there are (tags run from 0 to this, less one).
    static let caseCount = Opcode.allCases.count
}
