/// A module is not valid WebAssembly.
///
/// `message` is worded like the WebAssembly reference interpreter's messages (for example
/// "type mismatch", "unknown local 3", "alignment must not be larger than natural") so spec
/// tests can compare it with the text of an `assert_invalid`.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, in the specification's wording.
    public var message: String
    /// Byte offset in the module binary where the problem was found: the offending instruction
    /// inside a function body or constant expression, otherwise the best position known
    /// (0 for module-level rules whose entries the decoded `Module` does not locate).
    public var offset: Int
    /// The function index (imports included) when the problem is inside a function body.
    public var functionIndex: UInt32?

    /// Creates an error.
    public init(_ message: String, offset: Int, functionIndex: UInt32? = nil) {
        self.message = message
        self.offset = offset
        self.functionIndex = functionIndex
    }

    /// `"<message> (in function N at byte offset 0x…)"`.
    public var description: String {
        let at = "byte offset 0x\(String(offset, radix: 16))"
        if let f = functionIndex {
            return "\(message) (in function \(f) at \(at))"
        }
        return "\(message) (at \(at))"
    }
}
