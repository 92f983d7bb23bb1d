/// Reads YAML documents in the block style used by Wippy entry files.
///
/// Supported: block mappings and sequences (including `- key: value` entries
/// with continuation keys and sequences indented at their key's level),
/// literal `|` and folded `>` block scalars with indentation and chomping
/// indicators, plain, single-quoted and double-quoted scalars (all YAML
/// escapes), multi-line plain and quoted scalars, flow sequences `[a, b]` and
/// flow mappings `{a: 1}` (nested, spanning lines), comments, `---` and `...`
/// around a single document, a leading byte order mark, and `\r\n` line breaks.
///
/// Rejected with a ``YAMLError``: anchors, aliases, tags, directives, more
/// than one document, tabs used for indentation, duplicate keys, complex keys
/// (`? key`, collections as keys, empty keys), mappings inside flow sequences
/// (`[a: 1]`), invalid UTF-8 and control characters, and nesting deeper than
/// ``maxDepth``.
///
/// Scalars resolve as described in ``YAMLValue``. The parser never traps on
/// any input, and its recursion is bounded by ``maxDepth``.
public struct YAMLParser: Sendable {
    /// The nesting limit used by ``init(maxDepth:)`` when none is given.
    public static let defaultMaxDepth = 256

    /// The maximum number of nested collections (block or flow); deeper input
    /// is rejected with ``YAMLError/Kind/nestingTooDeep``. Values below `1`
    /// allow only scalar documents.
    ///
    /// The reader recurses once per level (a few stack frames), so this also
    /// bounds its stack use; keep it in the hundreds.
    public var maxDepth: Int

    /// Creates a parser.
    ///
    /// - Parameter maxDepth: The maximum nesting of collections.
    public init(maxDepth: Int = YAMLParser.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    /// Parses one YAML document from UTF-8 bytes.
    ///
    /// Contiguous collections such as `[UInt8]` are read in place; other
    /// collections are copied into an array first.
    ///
    /// - Parameter bytes: The UTF-8 encoded document.
    /// - Returns: The root node; a document with no content is a null node.
    /// - Throws: ``YAMLError`` describing the first problem found.
    public func parse(_ bytes: some Collection<UInt8>) throws(YAMLError) -> YAMLNode {
        let depth = maxDepth
        if let result = bytes.withContiguousStorageIfAvailable({ YAMLParser.parse(buffer: $0, maxDepth: depth) }) {
            return try result.get()
        }
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { YAMLParser.parse(buffer: $0, maxDepth: depth) }.get()
    }

    /// Parses one YAML document from a string.
    ///
    /// - Parameter text: The document.
    /// - Returns: The root node; a document with no content is a null node.
    /// - Throws: ``YAMLError`` describing the first problem found.
    public func parse(_ text: String) throws(YAMLError) -> YAMLNode {
        var text = text
        let depth = maxDepth
        return try text.withUTF8 { YAMLParser.parse(buffer: $0, maxDepth: depth) }.get()
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) -> Result<YAMLNode, YAMLError> {
        do {
            try InputCheck.validate(buffer)
            var reader = Reader(bytes: buffer, maxDepth: maxDepth)
            return .success(try reader.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

extension YAMLNode {
    /// Parses one YAML document with the default ``YAMLParser``.
    ///
    /// - Parameter text: The document.
    /// - Returns: The root node.
    /// - Throws: ``YAMLError`` describing the first problem found.
    public static func parse(_ text: String) throws(YAMLError) -> YAMLNode {
        try YAMLParser().parse(text)
    }

    /// Parses one YAML document from UTF-8 bytes with the default ``YAMLParser``.
    ///
    /// - Parameter bytes: The UTF-8 encoded document.
    /// - Returns: The root node.
    /// - Throws: ``YAMLError`` describing the first problem found.
    public static func parse(_ bytes: some Collection<UInt8>) throws(YAMLError) -> YAMLNode {
        try YAMLParser().parse(bytes)
    }
}
