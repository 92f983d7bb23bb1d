/// An error produced while parsing JSON text.
///
/// The error records where the problem was found both as a zero-based byte
/// offset into the input and as a one-based line and column, which is what
/// ``description`` prints, for example `1:17: expected ',' or '}' in object`.
///
/// Columns count Unicode scalars (UTF-8 lead bytes) from the start of the
/// line, so a multi-byte character advances the column by one.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A short, human-readable explanation of the problem.
    public var message: String
    /// The zero-based byte offset of the offending input byte (equal to the
    /// input length when the input ended too early).
    public var offset: Int
    /// The one-based line number of ``offset``; lines are separated by `\n`.
    public var line: Int
    /// The one-based column of ``offset`` within its line, in Unicode scalars.
    public var column: Int

    /// Creates an error from its parts.
    ///
    /// - Parameters:
    ///   - message: A short explanation of the problem.
    ///   - offset: The zero-based byte offset of the problem.
    ///   - line: The one-based line number of the problem.
    ///   - column: The one-based column number of the problem.
    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The error formatted as `line:column: message`.
    public var description: String {
        "\(line):\(column): \(message)"
    }
}
