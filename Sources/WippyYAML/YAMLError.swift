/// An error produced while reading YAML text.
///
/// Every error carries the position of the problem (``line`` and ``column``,
/// one-based, and the byte ``offset``), a ``kind`` for programmatic checks, and
/// a ``message`` for people. ``description`` prints `line:column: message`,
/// for example `4:7: duplicate key 'name' (first defined at 2:3)`.
public struct YAMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, in broad categories.
    public enum Kind: Hashable, Sendable {
        /// The text is not valid YAML (or not valid in the supported block style).
        case syntax
        /// The bytes are not valid UTF-8, or contain a character YAML forbids
        /// (control characters, a byte order mark after the start, a lone `\r`).
        case invalidCharacter
        /// A tab was used to indent a line; YAML only allows spaces there.
        case tabIndentation
        /// A mapping defines the same key twice.
        case duplicateKey
        /// Collections are nested deeper than ``YAMLParser/maxDepth``.
        case nestingTooDeep
        /// An anchor (`&name`), which this reader does not support.
        case anchor
        /// An alias (`*name`), which this reader does not support.
        case alias
        /// A tag (`!name`, `!!str`), which this reader does not support.
        case tag
        /// A directive (`%YAML`, `%TAG`), which this reader does not support.
        case directive
        /// A second document (`---` after content); only one is supported.
        case multipleDocuments
        /// A complex mapping key (`? key`, or a flow collection used as a key),
        /// or an empty key, which this reader does not support.
        case complexKey
    }

    /// The category of the problem.
    public var kind: Kind
    /// A short, human-readable explanation of the problem.
    public var message: String
    /// Where the problem was found.
    public var mark: YAMLMark

    /// The one-based line number of the problem.
    public var line: Int { mark.line }
    /// The one-based column of the problem, in Unicode scalars.
    public var column: Int { mark.column }
    /// The zero-based byte offset of the problem (the input length when the
    /// input ended too early).
    public var offset: Int { mark.offset }

    /// Creates an error from its parts.
    ///
    /// - Parameters:
    ///   - kind: The category of the problem.
    ///   - message: A short explanation of the problem.
    ///   - mark: Where the problem was found.
    public init(_ kind: Kind, _ message: String, at mark: YAMLMark) {
        self.kind = kind
        self.message = message
        self.mark = mark
    }

    /// The error formatted as `line:column: message`.
    public var description: String {
        "\(mark.line):\(mark.column): \(message)"
    }
}
