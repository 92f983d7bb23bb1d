import ComponentModel
import WippyJSON

/// The public ways to call an entry: async with JSON or component values, JSON text in and
/// out (for an HTTP front), and blocking (for a command line).
extension EntryRegistry {
    /// Calls entry `id` with JSON arguments, one per parameter (DESIGN.md §6).
    /// - Returns: the result as JSON, or nil when the function returns nothing.
    /// - Throws: ``EntryError``: kind `.unknownEntry`, `.arguments`, `.trap` (a trap or limit),
    ///   `.busy` (a full queue) or `.invalid` (the entry or its code).
    public func call(_ id: String, json arguments: [JSONValue]) async throws(EntryError) -> JSONValue? {
        guard case .json(let value) = try await call(id, .json(arguments, answer: .tree)) else { return nil }
        return value
    }

    /// Calls entry `id` with component values, one per parameter.
    public func call(_ id: String, values arguments: [ComponentValue]) async throws(EntryError) -> ComponentValue? {
        guard case .value(let value) = try await call(id, .values(arguments)) else { return nil }
        return value
    }

    /// Calls entry `id` with command-line words (each JSON, or bare text for a string parameter).
    public func call(_ id: String, arguments: [String]) async throws(EntryError) -> JSONValue? {
        guard case .json(let value) = try await call(id, .text(arguments, answer: .tree)) else { return nil }
        return value
    }

    /// Calls entry `id` with a JSON array of arguments given as text (an HTTP body) and returns
    /// the result exactly as `wippy-wasm run entry.yaml` prints it (empty when there is none).
    /// A body that is not a JSON array is an error of kind `.arguments`.
    public func callJSONText(_ id: String, arguments body: String) async throws(EntryError) -> String {
        guard case .jsonText(let text?) = try await call(id, .jsonBody(Array(body.utf8), answer: .text)) else { return "" }
        return String(decoding: text, as: UTF8.self)
    }

    /// ``callJSONText(_:arguments:)`` without waiting: the call runs on the registry's worker
    /// threads (a core module's too), never on the calling thread, so an event loop can start
    /// calls; `completion` runs once, on a worker thread. The body is parsed when the call runs,
    /// so calls waiting for an instance hold their text only.
    public func callJSONText(_ id: String, arguments body: [UInt8],
                             completion: @escaping @Sendable (Result<String, EntryError>) -> Void) {
        guard let worker = spareWorker() else { return completion(.failure(EntryError(file: lookupFile(id), "the registry is shut down"))) }
        worker.execute { [self] in
            start(id, .jsonBody(body, answer: .text)) { result in
                completion(result.map { answer in
                    guard case .jsonText(let text?) = answer else { return "" }
                    return String(decoding: text, as: UTF8.self)
                })
            }
        }
    }

    private func lookupFile(_ id: String) -> String { files.first?.path ?? "registry" }

    /// Calls entry `id` with command-line words and waits on the calling thread (not to be
    /// used from inside a guest's call).
    public func callBlocking(_ id: String, arguments: [String]) throws(EntryError) -> JSONValue? {
        let waiter = BlockingResult<Result<CallResult, EntryError>>()
        start(id, .text(arguments, answer: .tree)) { waiter.set($0) }
        guard case .json(let value) = try waiter.wait().get() else { return nil }
        return value
    }

    /// ``callBlocking(_:arguments:)`` with the result as compact JSON text (UTF-8; nil when the
    /// function returns nothing), written without building a ``JSONValue`` tree: what
    /// `wippy-wasm run entry.yaml` prints.
    public func callBlockingText(_ id: String, arguments: [String]) throws(EntryError) -> [UInt8]? {
        let waiter = BlockingResult<Result<CallResult, EntryError>>()
        start(id, .text(arguments, answer: .text)) { waiter.set($0) }
        guard case .jsonText(let text) = try waiter.wait().get() else { return nil }
        return text
    }

    private func call(_ id: String, _ arguments: CallArguments) async throws(EntryError) -> CallResult {
        let result: Result<CallResult, EntryError> = await withCheckedContinuation { continuation in
            start(id, arguments) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }
}
