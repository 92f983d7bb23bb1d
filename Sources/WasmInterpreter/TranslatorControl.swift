/// A jump whose target is not known yet: `words[position] = target - base` once it is.
struct Fixup {
    var position: Int
    var base: Int
}

/// A `try_table` clause waiting for its block's end.
struct PendingCatch {
    var kind: UInt8
    var tag: Int
    var targetControl: Int
    var destination: Int
}

/// A structured-control frame during translation.
struct TranslationControl {
    enum Kind {
        case function, block, loop, ifThen, elseBranch, tryTable
    }

    var kind: Kind
    /// Slot where the block's parameters (and later its results) start.
    var startHeight: Int
    /// Operand stack entries below the parameters.
    var stackCount: Int
    var paramSizes: [UInt8]
    var resultSizes: [UInt8]
    /// Word offset a branch to a loop jumps to.
    var loopTarget: Int = 0
    /// Forward jumps to this block's end.
    var fixups: [Fixup] = []
    /// Handlers whose target is this block's end.
    var handlerFixups: [Int] = []
    /// The `if`'s jump to its else branch (or end).
    var elseFixup: Fixup?
    /// Whether the rest of the block is unreachable.
    var unreachable = false
    /// Code offset where a try_table starts, and its clauses.
    var tryStart = 0
    var catches: [PendingCatch] = []

    /// Sizes of the values a branch to this label carries.
    var labelSizes: [UInt8] { kind == .loop ? paramSizes : resultSizes }
}

/// Why a validated body could not be translated (an internal limit, never guest-controlled UB).
struct TranslationError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

@inline(__always) func slotTotal(_ sizes: [UInt8]) -> Int {
    var n = 0
    for s in sizes { n += Int(s) }
    return n
}
