import WippyYAML

/// An error from loading or running an entry file.
///
/// The ``description`` names the file, the entry ID and the field where there is one, e.g.
/// `entry.yaml: myns:f: field 'hash' is required` or
/// `entry.yaml:4:11: myns:f: field 'hash' must be sha256:<64 lowercase hex>`.
public struct EntryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Whether the error is a problem with the entry (or its arguments) or a trap in the guest.
    public enum Kind: Hashable, Sendable {
        /// The entry file, an argument or the module is not acceptable.
        case invalid
        /// The guest trapped while running (or hit a limit).
        case trap
        /// No entry of the registry has the ID.
        case unknownEntry
        /// The arguments do not fit the function's parameters (count, JSON, types, ranges).
        case arguments
        /// The entry's pool could take no more calls (a full `static` queue, a call coming back
        /// to an entry whose instances its own chain holds).
        case busy
    }

    /// What went wrong, in general.
    public var kind: Kind
    /// The entry file's path as given.
    public var file: String
    /// The entry ID (`namespace:name`), when the error belongs to one entry.
    public var entryID: String?
    /// The YAML position the error refers to, if any.
    public var mark: YAMLMark?
    /// The message without the file and entry prefix.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind = .invalid, file: String, entryID: String? = nil, mark: YAMLMark? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.entryID = entryID
        self.mark = mark
        self.message = message
    }

    /// `FILE[:LINE:COLUMN]: [ID: ]MESSAGE`.
    public var description: String {
        var text = file
        if let mark { text += ":\(mark.line):\(mark.column)" }
        text += ": "
        if let entryID { text += "\(entryID): " }
        return text + message
    }
}
