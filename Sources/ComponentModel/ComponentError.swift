import WasmInterpreter

/// Why loading, linking, instantiating or calling a component failed.
public struct ComponentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stage that failed.
    public enum Kind: String, Hashable, Sendable {
        /// The binary could not be decoded.
        case decode
        /// The component (or an embedded module) is invalid.
        case validation
        /// An import could not be satisfied, or a name is unknown.
        case link
        /// Instantiation failed (a core module's start trapped, a segment did not fit, ...).
        case instantiation
        /// The call trapped.
        case trap
        /// Arguments did not match the function's type.
        case argument
    }

    /// The stage that failed.
    public var kind: Kind
    /// What went wrong.
    public var message: String
    /// The trap, when ``kind`` is ``Kind/trap``.
    public var trap: TrapCode?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, trap: TrapCode? = nil) {
        self.kind = kind
        self.message = message
        self.trap = trap
    }

    /// An error about the definition at a byte offset of the component binary:
    /// `"<message> (at byte offset 0x…)"`, worded as the decoder's and validator's errors.
    init(_ kind: Kind, _ message: String, at offset: Int) {
        self.init(kind, "\(message) (at byte offset 0x\(String(offset, radix: 16)))")
    }

    /// A trap as an error.
    static func trapped(_ t: TrapCode) -> ComponentError { ComponentError(.trap, t.description, trap: t) }

    /// The message.
    public var description: String { message }
}
