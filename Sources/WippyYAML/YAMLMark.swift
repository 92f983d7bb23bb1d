/// A position in YAML source text.
///
/// Lines and columns are one-based; columns count Unicode scalars from the
/// start of the line, so a multi-byte character advances the column by one.
/// ``description`` prints `line:column`.
public struct YAMLMark: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The one-based line number; lines are separated by `\n` (a `\r` before
    /// it is part of the line break).
    public var line: Int
    /// The one-based column within ``line``, in Unicode scalars.
    public var column: Int
    /// The zero-based byte offset into the UTF-8 input.
    public var offset: Int

    /// Creates a mark.
    ///
    /// - Parameters:
    ///   - line: The one-based line number.
    ///   - column: The one-based column, in Unicode scalars.
    ///   - offset: The zero-based byte offset.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The mark of the first character of a document (`1:1`, offset 0); also
    /// used for values built in code rather than parsed.
    public static let start = YAMLMark(line: 1, column: 1, offset: 0)

    /// The mark formatted as `line:column`.
    public var description: String {
        "\(line):\(column)"
    }

    /// Orders marks by their position in the input.
    public static func < (lhs: YAMLMark, rhs: YAMLMark) -> Bool {
        lhs.offset < rhs.offset
    }
}
