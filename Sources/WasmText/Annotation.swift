/// An annotation of the text format that the parser interprets (the custom annotations of the
/// specification's appendix): `(@custom ...)`, `(@name ...)` and
/// `(@metadata.code.branch_hint ...)`. The lexer records where each one is; its contents are a
/// range of ``Lexer/annotationTokens``.
struct Annotation {
    /// Which annotation.
    enum Kind: UInt8 {
        /// `(@custom "name" place? "data"*)`: a custom section.
        case custom
        /// `(@name "string")`: the name of a module, function or tag in the `name` section.
        case name
        /// `(@metadata.code.branch_hint "\00"|"\01")`: a hint for the next `if` or `br_if`.
        case branchHint

        /// The kind of the annotation with id `id`, nil when it is not interpreted.
        init?(id: [UInt8]) {
            switch id {
            case Array("custom".utf8): self = .custom
            case Array("name".utf8): self = .name
            case Array("metadata.code.branch_hint".utf8): self = .branchHint
            default: return nil
            }
        }

        /// The annotation's name in messages (`@custom`, ...).
        var word: String {
            switch self {
            case .custom: return "@custom"
            case .name: return "@name"
            case .branchHint: return "@metadata.code.branch_hint"
            }
        }
    }

    var kind: Kind
    /// Byte offset of its `(`.
    var start: Int32
    /// Byte offset after its `)`.
    var end: Int32
    /// Index of the first (main) token after it: the annotation sits just before `tokens[at]`.
    var at: Int32
    /// Its contents: ``Lexer/annotationTokens`` `contentFrom..<contentTo`.
    var contentFrom: Int32
    var contentTo: Int32
}

/// Where a custom section goes relative to the sections of the module, in the order the binary
/// is written: ``beforeFirst``, then for each section kind `before` it, the section, `after` it,
/// and ``afterLast`` at the very end (the order `wasm-tools` writes them in).
struct CustomPlacement: Comparable {
    /// The section kinds in binary order, as the placement keywords name them.
    enum Anchor: Int, CaseIterable {
        case type, `import`, function, table, memory, tag, global, export, start, element, dataCount, code, data

        /// The anchor named by the keyword `word` (`first` and `last` are not anchors).
        init?(keyword word: [UInt8]) {
            switch word {
            case Array("type".utf8): self = .type
            case Array("import".utf8): self = .import
            case Array("func".utf8): self = .function
            case Array("table".utf8): self = .table
            case Array("memory".utf8): self = .memory
            case Array("tag".utf8): self = .tag
            case Array("global".utf8): self = .global
            case Array("export".utf8): self = .export
            case Array("start".utf8): self = .start
            case Array("elem".utf8): self = .element
            case Array("datacount".utf8): self = .dataCount
            case Array("code".utf8): self = .code
            case Array("data".utf8): self = .data
            default: return nil
            }
        }
    }

    /// 0: before the first section; 1 + 2k: before anchor k; 2 + 2k: after anchor k; then after
    /// the last section.
    let rank: Int

    static let beforeFirst = CustomPlacement(rank: 0)
    static let afterLast = CustomPlacement(rank: 2 * Anchor.allCases.count + 1)
    static func before(_ anchor: Anchor) -> CustomPlacement { CustomPlacement(rank: 1 + 2 * anchor.rawValue) }
    static func after(_ anchor: Anchor) -> CustomPlacement { CustomPlacement(rank: 2 + 2 * anchor.rawValue) }

    static func < (a: CustomPlacement, b: CustomPlacement) -> Bool { a.rank < b.rank }
}

/// A custom section given by a `@custom` annotation.
struct CustomSectionText {
    var name: [UInt8]
    var placement: CustomPlacement
    var content: [UInt8]
}
