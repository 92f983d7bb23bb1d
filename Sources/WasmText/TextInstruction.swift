import WasmBinary

/// One instruction of the text format: its name and how it is encoded. The table of all of them,
/// ``all``, is generated from `Utilities/instructions.py` (see `Generated/TextInstructions.swift`).
struct TextInstruction: Sendable {
    /// The text name, e.g. `i32.add`.
    let name: StaticString
    /// The instruction.
    let opcode: Opcode
    /// 0 for a single-byte opcode, else the prefix byte (0xFC, 0xFD).
    let prefix: UInt8
    /// The opcode byte, or the LEB128 sub-opcode after the prefix.
    let code: UInt32
    /// log2 of the natural alignment of a memory instruction (what `align=` defaults to).
    let alignLog2: UInt8
}

/// Finds an instruction by its text name without allocating: an open-addressing hash table over
/// the names of ``TextInstruction/all``.
struct InstructionLookup: Sendable {
    /// The shared table.
    static let shared = InstructionLookup()

    /// The instructions, as in ``TextInstruction/all``.
    let instructions: [TextInstruction]
    /// All names, one after the other.
    private let nameBytes: [UInt8]
    /// Where each name starts in `nameBytes` (one more entry than names).
    private let nameStarts: [Int32]
    /// Instruction index per slot, -1 for empty.
    private let slots: [Int16]
    private let mask: Int

    private init() {
        let all = TextInstruction.all
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        for instruction in all {
            let name = instruction.name
            bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            starts.append(Int32(bytes.count))
        }
        var size = 16
        while size < all.count * 4 { size *= 2 }
        var table = [Int16](repeating: -1, count: size)
        let mask = size - 1
        bytes.withUnsafeBufferPointer { p in
            for index in all.indices {
                var slot = Int(NameTable.hash(p, Int(starts[index]), Int(starts[index + 1]))) & mask
                while table[slot] >= 0 { slot = (slot + 1) & mask }
                table[slot] = Int16(index)
            }
        }
        instructions = all
        nameBytes = bytes
        nameStarts = starts
        slots = table
        self.mask = mask
    }

    /// The index in ``instructions`` of the instruction named `source[start..<end]`.
    @inline(__always)
    func find(_ source: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var slot = Int(NameTable.hash(source, start, end)) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            let s = Int(nameStarts[entry])
            let length = Int(nameStarts[entry + 1]) - s
            if length == end - start {
                var i = 0
                while i < length && nameBytes[s + i] == source[start + i] { i += 1 }
                if i == length { return entry }
            }
            slot = (slot + 1) & mask
        }
    }
}
