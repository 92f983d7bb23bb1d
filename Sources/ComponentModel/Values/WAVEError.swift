/// An error found while parsing WAVE text (``WAVE/parse(_:as:)``, ``WAVECall``).
public struct WAVEError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was expected and what was found, such as `expected u8, found 256 (out of range)`.
    public var message: String
    /// Where the problem starts: a zero-based offset in Unicode scalars from the start of the
    /// text (the text's length when it ended too early).
    public var offset: Int

    /// Creates an error.
    /// - Parameters:
    ///   - message: What was expected and what was found.
    ///   - offset: The zero-based Unicode-scalar offset of the problem.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `message at offset N`.
    public var description: String { "\(message) at offset \(offset)" }
}
