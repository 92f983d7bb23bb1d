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

/// One element of a list the translator keeps in a flat pool (`Translator.fixupLinks`,
/// `Translator.handlerLinks`): a value and the pool index of the next element, -1 at the end.
/// A control frame holds only the index of its list's first element, so it owns no array and
/// copying it costs no reference counting.
struct PoolLink<Value> {
    var value: Value
    var next: Int
}

/// The slot sizes of a block's parameters or results: how many values, how many slots they
/// take in all, and where their sizes start in `Translator.sizeArena` when some value takes
/// two slots (a v128); -1 when every value takes one.
struct ValueSizes {
    var count: Int
    var slots: Int
    var arenaStart: Int

    static let none = ValueSizes(count: 0, slots: 0, arenaStart: -1)
}

/// A structured-control frame during translation. It holds no array (its lists live in the
/// translator's pools), so reading one is a plain copy.
struct TranslationControl {
    enum Kind {
        case function, block, loop, ifThen, elseBranch, tryTable
        /// A legacy `try` body, then its catch sections (`catch`, `catch_all`), whose first
        /// slot holds the caught exception (see `TranslatorLegacyTry.swift`).
        case legacyTry, legacyCatch
    }

    var kind: Kind
    /// Slot where the block's parameters (and later its results) start.
    var startHeight: Int
    /// Operand stack entries below the parameters.
    var stackCount: Int
    var params: ValueSizes
    var results: ValueSizes
    /// Word offset a branch to a loop jumps to.
    var loopTarget: Int = 0
    /// Forward jumps to this block's end: the first element of its list in `fixupLinks`.
    var fixups = -1
    /// Handlers whose target is this block's end: the first element of its list in
    /// `handlerLinks`.
    var handlerFixups = -1
    /// The `if`'s jump to its else branch (or end).
    var elseFixup: Fixup?
    /// Whether the rest of the block is unreachable.
    var unreachable = false
    /// Code offset where a try_table starts, and its clauses (`pendingCatches[catchStart...]`).
    var tryStart = 0
    var catchStart = 0
    var catchCount = 0
    /// Legacy `try`: where its body ends (the range its catch sections' handlers cover).
    var bodyEnd = 0
    /// Legacy `delegate` handlers naming this block, waiting for the section to close: the
    /// first element of their list in `handlerLinks`.
    var delegateFixups = -1

    /// Sizes of the values a branch to this label carries.
    var label: ValueSizes { kind == .loop ? params : results }
}

/// Why a validated body could not be translated (an internal limit, never guest-controlled UB).
struct TranslationError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
