// The small types the module parser keeps its state in.

/// The index spaces of a module that names can refer to.
enum Space: Int, CaseIterable {
    case function, table, memory, global, tag, type, element, data

    /// The word used in messages ("unknown func $f", "duplicate func").
    var word: String {
        switch self {
        case .function: return "func"
        case .table: return "table"
        case .memory: return "memory"
        case .global: return "global"
        case .tag: return "tag"
        case .type: return "type"
        case .element: return "elem"
        case .data: return "data"
        }
    }
}

/// One module field found by the first pass.
struct Field {
    /// What kind of field.
    enum Kind {
        case type, `import`, function, table, memory, global, tag, export, start, element, data
    }

    var kind: Kind
    /// Token index of its `(`.
    var open: Int
    /// Token index of its `)`.
    var close: Int
    /// Whether it imports (an import field or an inline import).
    var isImport = false
    /// Its index in its space (for imports: in the space of what is imported).
    var index: UInt32 = 0
    /// The element segment of an inline `(table ... (elem ...))` or the data segment of an
    /// inline `(memory (data ...))`.
    var inlineSegment: UInt32 = 0
    /// Whether it has an inline element or data segment.
    var hasInlineSegment = false
}

/// A label of an enclosing block.
struct Label {
    /// What kind of block.
    enum Kind: UInt8 {
        case block, loop, ifThen, ifElse, tryTable
        /// Legacy exception handling: `try` before its first `catch`, then after a `catch`,
        /// then after its `catch_all` (which nothing but `end` may follow).
        case legacyTry, legacyCatch, legacyCatchAll
    }

    /// The interned name, -1 if none.
    var name: Int32
    /// Whether it was opened by a plain (unfolded) instruction and is closed by `end`.
    var flat: Bool
    var kind: Kind
}

/// A folded instruction being parsed.
struct Frame {
    enum Kind: UInt8 {
        /// `(plaininstr ...)`: encoded when its `)` is reached, after its operands.
        case plain
        /// `(block ...)`, `(loop ...)`, `(try_table ...)`: `end` is written at its `)`.
        case block
        /// `(if ...)` before `(then`: the condition operands.
        case ifCondition
        /// Inside `(then ...)`.
        case ifThen
        /// After `(then ...)`: `(else ...)` or `)` may follow.
        case ifAfterThen
        /// Inside `(else ...)`.
        case ifElse
        /// After `(else ...)`: `)` must follow.
        case ifAfterElse
        /// Legacy `(try ...)` before `(do`.
        case tryHead
        /// Inside `(do ...)` or `(catch ...)`/`(catch_all ...)`.
        case tryBody
        /// After `(do ...)` or a catch: more catches, `(delegate ...)` or `)` may follow.
        case tryAfterBody
        /// After `(catch_all ...)`: `)` must follow.
        case tryAfterCatchAll
        /// After `(delegate l)`: `)` must follow; the block is closed already.
        case tryDelegated
    }

    var kind: Kind
    /// The instruction's index in the instruction table.
    var instruction: Int32
    /// Token index of its immediates (re-read when it is encoded).
    var immediates: Int32
    /// Number of labels when it was opened.
    var depth: Int32
}
