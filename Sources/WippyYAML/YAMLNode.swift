/// A parsed YAML value together with where and how it was written.
///
/// ``YAMLParser`` returns the document's root node. Each node has its meaning
/// (``value``), its position (``mark``, the first character of the node; for
/// an empty value, the `:` or `-` before it), its ``style``, and for scalars
/// the source ``text``. Children keep their own marks: list elements are in
/// ``items`` and map values in the ``YAMLMap`` entries, so a loader can report
/// `3:11: pool.size must be a positive integer` for any field.
///
/// ```swift
/// let root = try YAMLParser().parse(text)
/// for entry in root["entries"]?.items ?? [] {
///     guard let name = entry["name"]?.string else { ... }
///     let version = entry["version"]?.string   // "1.10", not 1.1
/// }
/// ```
///
/// Equality compares ``value``, ``mark``, ``style`` and ``text`` of the node;
/// nested values compare by meaning only.
public struct YAMLNode: Hashable, Sendable {
    /// How a node was written.
    public enum Style: Hashable, Sendable {
        /// Nothing was written (`key:` with no value); the value is null.
        case empty
        /// An unquoted scalar.
        case plain
        /// A `'single-quoted'` scalar.
        case singleQuoted
        /// A `"double-quoted"` scalar.
        case doubleQuoted
        /// A `|` literal block scalar.
        case literal
        /// A `>` folded block scalar.
        case folded
        /// A block sequence (`- item` lines).
        case blockList
        /// A block mapping (`key: value` lines).
        case blockMap
        /// A flow sequence (`[a, b]`).
        case flowList
        /// A flow mapping (`{a: 1}`).
        case flowMap

        /// Whether this is a scalar style (including ``empty``).
        public var isScalar: Bool {
            switch self {
            case .empty, .plain, .singleQuoted, .doubleQuoted, .literal, .folded: return true
            case .blockList, .blockMap, .flowList, .flowMap: return false
            }
        }
    }

    /// The node's meaning.
    public let value: YAMLValue
    /// Where the node starts.
    public let mark: YAMLMark
    /// How the node was written.
    public let style: Style
    /// For scalars, the scalar's text: a plain scalar as written (lines folded
    /// into one), or the content of a quoted or block scalar after escapes and
    /// folding. `""` for ``Style/empty``; `nil` for collections.
    public let text: String?
    /// For lists, the elements with their positions; empty otherwise.
    public let items: [YAMLNode]

    /// Creates a node from its parts (parser use).
    init(value: YAMLValue, mark: YAMLMark, style: Style, text: String?, items: [YAMLNode] = []) {
        self.value = value
        self.mark = mark
        self.style = style
        self.text = text
        self.items = items
    }

    /// Creates a node for a value built in code, as if written in flow style
    /// at `mark`; scalar text is the value's YAML spelling. Every nested node
    /// and key gets the same mark.
    ///
    /// - Parameters:
    ///   - value: The node's value.
    ///   - mark: The position to report for the node and its children.
    public init(_ value: YAMLValue, mark: YAMLMark = .start) {
        self.mark = mark
        switch value {
        case .null:
            self.value = value
            style = .empty
            text = ""
            items = []
        case .bool(let flag):
            self.value = value
            style = .plain
            text = flag ? "true" : "false"
            items = []
        case .int(let number):
            self.value = value
            style = .plain
            text = String(number)
            items = []
        case .float(let number):
            self.value = value
            style = .plain
            text = number.isNaN ? ".nan" : number.isInfinite ? (number < 0 ? "-.inf" : ".inf") : String(number)
            items = []
        case .string(let string):
            self.value = value
            style = .doubleQuoted
            text = string
            items = []
        case .list(let elements):
            self.value = value
            style = .flowList
            text = nil
            items = elements.map { YAMLNode($0, mark: mark) }
        case .map(let map):
            style = .flowMap
            text = nil
            items = []
            var marked = YAMLMap()
            for entry in map {
                marked.append(YAMLMap.Entry(key: entry.key, keyMark: mark, node: YAMLNode(entry.value, mark: mark)))
            }
            self.value = .map(marked)
        }
    }

    /// The scalar's source text, whatever type it resolved to, or `nil` for
    /// null scalars (empty, `~`, `null`) and collections.
    ///
    /// Use this where a string is meant: `version: 1.10` gives `"1.10"`,
    /// `mode: 0755` gives `"0755"`, `flag: yes` gives `"yes"`.
    public var string: String? {
        if value.isNull { return nil }
        return text
    }

    /// Whether the value is null.
    public var isNull: Bool { value.isNull }
    /// The boolean, if the value is a boolean.
    public var bool: Bool? { value.bool }
    /// The integer, if the value is an integer.
    public var int: Int64? { value.int }
    /// The number, if the value is a float or an integer.
    public var double: Double? { value.double }
    /// The mapping, if the value is a map.
    public var map: YAMLMap? { value.map }

    /// The element nodes, if the value is a list.
    public var list: [YAMLNode]? {
        if case .list = value { return items }
        return nil
    }

    /// Whether the node is a scalar (not a list or map).
    public var isScalar: Bool { style.isScalar }

    /// The value node stored under `key`, if this is a map that has the key.
    ///
    /// - Parameter key: The key to look up.
    public subscript(key: String) -> YAMLNode? {
        map?[key]
    }

    /// The element node at `index`, if this is a list and `index` is in range.
    ///
    /// - Parameter index: The zero-based element index.
    public subscript(index: Int) -> YAMLNode? {
        items.indices.contains(index) ? items[index] : nil
    }

    /// Whether two nodes have equal values, marks, styles and texts.
    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        lhs.mark == rhs.mark && lhs.style == rhs.style && lhs.text == rhs.text && lhs.value == rhs.value
    }

    /// Hashes the value, mark, style and text.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(mark)
        hasher.combine(style)
        hasher.combine(text)
    }
}
