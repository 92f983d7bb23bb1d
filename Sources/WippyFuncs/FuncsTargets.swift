/// A value passed to or returned by a `funcs` call: the `input` of `call-string` or
/// `call-bytes`, or what the target answered.
public enum FuncsPayload: Sendable, Hashable {
    /// Text (`call-string`, or a target returning `string`).
    case string(String)
    /// Bytes (`call-bytes`, or a target returning `list<u8>`).
    case bytes([UInt8])

    /// The payload's size in bytes.
    public var byteCount: Int {
        switch self {
        case .string(let text): return text.utf8.count
        case .bytes(let bytes): return bytes.count
        }
    }
}

/// Why a `funcs` call failed: the message the calling guest receives as `err(...)`, already
/// prefixed with the target (`ns:name: ...`, or `unknown target: ns:name`).
public struct FuncsFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The message.
    public var message: String
    /// Creates a failure.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// One `funcs` call as the registry receives it.
public struct FuncsRequest: Sendable {
    /// The target's entry ID (`ns:name`), already checked to look like one.
    public var target: String
    /// The input.
    public var input: FuncsPayload
    /// How many calls are in progress that led here, the caller's included (0 outside a
    /// registry call): the registry runs shallow chains nested on one stack, deep ones queued.
    public var depth: Int
    /// The registry's record of the top-level call this request belongs to (what its calls
    /// hold and wait for), handed back unchanged; nil outside a registry call.
    public var callChain: (any FuncsCallChain)?

    /// Creates a request.
    public init(target: String, input: FuncsPayload, depth: Int = 0, callChain: (any FuncsCallChain)? = nil) {
        self.target = target
        self.input = input
        self.depth = depth
        self.callChain = callChain
    }
}

/// The identity of one top-level call and the `funcs` calls it led to, as the registry tracks
/// it (opaque to this module): the registry uses it to refuse a wait that would deadlock.
public protocol FuncsCallChain: AnyObject, Sendable {}

/// What the `funcs` group calls into: the registry of entries (implemented in WippyRuntime, so
/// this module imports nothing above ComponentModel).
public protocol FuncsTargets: AnyObject, Sendable {
    /// Calls the target of `request`; `completion` runs exactly once, on any thread, possibly
    /// before this method returns.
    func call(_ request: FuncsRequest, completion: @escaping @Sendable (Result<FuncsPayload, FuncsFailure>) -> Void)
}
