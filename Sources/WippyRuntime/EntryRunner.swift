import WasmBinary
import WasmInterpreter
import WasmValidation
import WippyJSON

extension EntryFile {
    /// Picks the entry to run from `run FILE [ID] [ARG...]` arguments.
    ///
    /// The first argument is the ID when it names an entry, or when it looks like one
    /// (`ns:name`, not JSON); otherwise the file's only function entry is used.
    /// - Returns: the entry and the remaining arguments.
    public func selectEntry(_ arguments: [String]) throws(EntryError) -> (entry: Entry, arguments: [String]) {
        if let first = arguments.first {
            if let entry = entry(id: first) { return (entry, Array(arguments.dropFirst())) }
            if first.contains(":"), (try? JSONValue.parse(first)) == nil {
                throw unknownID(first)
            }
        }
        let functions = entries.filter(\.isFunction)
        guard functions.count == 1, let only = functions.first else {
            if functions.isEmpty { throw EntryError(file: path, "no function entries to run") }
            throw EntryError(file: path, "several function entries; name one of: \(functionIDs.joined(separator: ", "))")
        }
        return (only, arguments)
    }

    private func unknownID(_ id: String) -> EntryError {
        EntryError(file: path, "unknown entry ID '\(id)'; known: \(entries.map(\.id).joined(separator: ", "))")
    }

    /// Calls a function entry with JSON arguments (see ``ValueConversion/argument(_:takesString:)``)
    /// on a registry of this file alone, made for the call (use ``EntryRegistry`` to keep
    /// instances warm across calls).
    /// - Returns: the result as JSON, or nil when the function has no result.
    /// - Throws: ``EntryError`` (kind `.trap` when the guest trapped).
    public func call(id: String, arguments: [String], limits: CallLimits = CallLimits()) throws(EntryError) -> JSONValue? {
        guard let entry = entry(id: id) else { throw unknownID(id) }
        return try call(entry, arguments: arguments, limits: limits)
    }

    /// Calls a function entry with JSON arguments, under the entry's `limits` tightened by
    /// `limits` (a limit past its bound ends the call with a trap, ``EntryError/Kind/trap``).
    public func call(_ entry: Entry, arguments: [String], limits: CallLimits = CallLimits()) throws(EntryError) -> JSONValue? {
        let registry = try EntryRegistry(files: [self], workerCount: 1, limits: limits)
        defer { registry.shutdown() }
        return try registry.callBlocking(entry.id, arguments: arguments)
    }
}

extension WITFunction: CustomStringConvertible {
    /// `func(a: s32, b: s32) -> s32`.
    public var description: String {
        let parameters = self.parameters.map { "\($0.name): \($0.type.rawValue)" }.joined(separator: ", ")
        return "func(\(parameters))" + (result.map { " -> \($0.rawValue)" } ?? "")
    }
}
