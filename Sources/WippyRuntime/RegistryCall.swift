import ComponentModel
import WasmInterpreter
import WippyFuncs
import WippyJSON

/// The arguments of one call of an entry, in the form the caller has them; the result comes
/// back in the matching form (``CallResult``).
enum CallArguments: Sendable {
    /// Command-line words: each JSON, or bare text where the parameter takes a string;
    /// `answer`: the form of the result.
    case text([String], answer: JSONAnswer)
    /// JSON values (the embedding API); `answer`: the form of the result.
    case json([JSONValue], answer: JSONAnswer)
    /// A JSON array of arguments as text (an HTTP body), parsed when the call runs
    /// (``argumentArray(_:fail:)``): a call waiting for an instance holds its text, not the tree of
    /// it, which takes many times as much (a node of 24 bytes for each `0,`).
    case jsonBody([UInt8], answer: JSONAnswer)
    /// Component values (the embedding API).
    case values([ComponentValue])
    /// The one input of a `funcs` call.
    case funcs(FuncsPayload)
}

extension CallArguments {
    /// The arguments of a JSON text that must be an array; else the error `fail` makes of
    /// why not, of kind `.arguments`.
    static func argumentArray(_ body: [UInt8], fail: (String, EntryError.Kind) -> EntryError) throws(EntryError) -> [JSONValue] {
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(body)
        } catch {
            throw fail("the arguments are not JSON: \(error)", .arguments)
        }
        guard case .array(let arguments) = parsed else { throw fail("the arguments must be a JSON array", .arguments) }
        return arguments
    }
}

/// The form of a JSON result.
enum JSONAnswer: Sendable {
    /// A ``JSONValue`` tree (``CallResult/json(_:)``).
    case tree
    /// Compact JSON text (``CallResult/jsonText(_:)``), written without building the tree, so
    /// a large result costs its text alone.
    case text
}

/// The result of one call of an entry.
enum CallResult: Sendable {
    /// For ``CallArguments/text(_:answer:)``, ``CallArguments/json(_:answer:)`` and
    /// ``CallArguments/jsonBody(_:answer:)`` with ``JSONAnswer/tree``: nil when the function
    /// returns nothing.
    case json(JSONValue?)
    /// The same with ``JSONAnswer/text``: the UTF-8 of the compact JSON text.
    case jsonText([UInt8]?)
    /// For ``CallArguments/values(_:)``.
    case value(ComponentValue?)
    /// For ``CallArguments/funcs(_:)``: the target's answer (its own `err` is a failure).
    case funcs(FuncsPayload)
}

/// A completion of a call, run once on any thread.
typealias CallCompletion = @Sendable (Result<CallResult, EntryError>) -> Void

/// An instance of an entry, living on one worker's thread: calls it, reports how much memory
/// it keeps.
protocol LiveInstance: AnyObject {
    /// Runs one call on the worker's thread under `limits` (its deadline counts from now, its
    /// fuel is the call's own); `done` runs once, on that thread. `depth`: how many funcs calls
    /// led here (0 for a top-level call); `callChain`: their record (see ``CallChain``).
    func call(_ arguments: CallArguments, depth: Int, callChain: CallChain?, limits: CallLimits,
              done: @escaping (Result<CallResult, EntryError>) -> Void)
    /// The bytes of linear memory the instance holds.
    var retainedMemory: UInt64 { get }
    /// Whether a call ended in a way that leaves the instance unusable (a trap, an exit).
    var isBroken: Bool { get }
}
