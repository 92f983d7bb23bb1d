/// A module or component binary could not be decoded.
///
/// `message` is worded like the WebAssembly reference interpreter's messages (for example
/// "unexpected end", "integer too large", "malformed section id") so spec tests can compare it.
public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public var message: String
    /// Byte offset in the binary where the problem was found.
    public var offset: Int

    /// Creates an error.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `"<message> (at byte offset 0x…)"`.
    public var description: String {
        "\(message) (at byte offset 0x\(String(offset, radix: 16)))"
    }
}
