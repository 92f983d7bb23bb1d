import WippyYAML

/// A loaded Wippy entry file (DESIGN.md §5): a namespace and its entries.
///
/// ```swift
/// let file = try EntryFile.load(path: "examples/hello/entry.yaml")
/// let result = try file.call(id: "hello:add", arguments: ["40", "2"])   // JSON 42
/// ```
public struct EntryFile: Sendable {
    /// The file's path as given to ``load(path:)``.
    public var path: String
    /// The folder that relative paths in the file are resolved against.
    public var folder: String
    /// The `namespace:` value.
    public var namespace: String
    /// The entries, in file order.
    public var entries: [Entry]
    /// The largest files read for it (modules, `file://` values).
    public var limits: InputLimits = InputLimits()

    /// Reads and validates an entry file.
    ///
    /// Replaces `${env:NAME}` / `${env:NAME|default}` and `file://rel/path` strings, and checks
    /// the fields of the kinds it knows (`fs.directory`, `function.wasm`, `function.wat`).
    /// Entries of other kinds are kept and refused only when run. Files are read within
    /// `limits` (the entry file itself and `file://` values within `textBytes`).
    public static func load(path: String, limits: InputLimits = InputLimits()) throws(EntryError) -> EntryFile {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, limit: limits.textBytes)
        } catch {
            throw EntryError(file: path, "cannot read: \(error.reasonText)")
        }
        let root: YAMLNode
        do {
            root = try YAMLParser().parse(bytes)
        } catch {
            throw EntryError(file: path, mark: error.mark, error.message)
        }
        let loader = EntryLoader(file: path, folder: FileAccess.folder(of: path), limits: limits)
        var file = try loader.load(root)
        file.limits = limits
        return file
    }

    /// The entry with this ID (`namespace:name`); a bare `name` is accepted too.
    public func entry(id: String) -> Entry? {
        entries.first { $0.id == id } ?? entries.first { $0.id == "\(namespace):\(id)" }
    }

    /// The IDs of the entries that can be called.
    public var functionIDs: [String] { entries.filter(\.isFunction).map(\.id) }
}
