import ComponentModel
import WASIHost

/// A host function was called with arguments of the wrong shape (the linker's types and the
/// guest's disagree): the guest traps with this message.
public struct HostArgumentError: Error, CustomStringConvertible {
    /// The message.
    public let description: String
    /// Creates one.
    public init(_ description: String) { self.description = description }
}

extension ComponentHostCall {
    /// Argument `i`, or an error naming the function.
    public func argument(_ i: Int) throws(HostArgumentError) -> ComponentValue {
        guard i >= 0, i < arguments.count else { throw HostArgumentError("\(name): missing argument \(i)") }
        return arguments[i]
    }

    /// Argument `i` as a `u64`.
    public func u64(_ i: Int) throws(HostArgumentError) -> UInt64 {
        if case .u64(let v) = try argument(i) { return v }
        throw HostArgumentError("\(name): argument \(i) is not a u64")
    }

    /// Argument `i` as a string.
    public func string(_ i: Int) throws(HostArgumentError) -> String {
        if case .string(let v) = try argument(i) { return v }
        throw HostArgumentError("\(name): argument \(i) is not a string")
    }

    /// Argument `i` as bytes (`list<u8>`).
    public func bytes(_ i: Int) throws(HostArgumentError) -> [UInt8] {
        switch try argument(i) {
        case .bytes(let b): return b
        case .list(let items):
            var out: [UInt8] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard case .u8(let b) = item else { throw HostArgumentError("\(name): argument \(i) is not a list<u8>") }
                out.append(b)
            }
            return out
        default: throw HostArgumentError("\(name): argument \(i) is not a list<u8>")
        }
    }

    /// The object behind handle argument `i` of resource type `type`.
    public func resource<T>(_ i: Int, _ type: ResourceID, as _: T.Type = T.self) throws -> T {
        try resources.get(try argument(i), type, as: T.self)
    }

    /// The guest's WASI session (its context and dispatcher).
    public func session() throws(HostArgumentError) -> WASISession {
        guard let s = state[WASISession.self] else {
            throw HostArgumentError("\(name): this instance has no WASI context (the embedder did not attach a WASISession)")
        }
        return s
    }
}

extension ComponentValue {
    /// `ok(payload)`.
    public static func ok(_ payload: ComponentValue? = nil) -> ComponentValue { .result(isOK: true, payload: payload) }
    /// `err(payload)`.
    public static func err(_ payload: ComponentValue? = nil) -> ComponentValue { .result(isOK: false, payload: payload) }
}
