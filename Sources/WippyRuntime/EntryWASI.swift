/// The `wasi:` field of a `function.wasm` entry (DESIGN.md §5): what a component guest sees of
/// its host through the WASI groups its `imports` list names.
public struct EntryWASI: Sendable, Hashable {
    /// `args`: the guest's arguments (`wasi:cli/environment.get-arguments`).
    public var arguments: [String] = []
    /// `cwd`: the initial working directory (absolute), if given.
    public var workingDirectory: String?
    /// `env`: variables the guest sees, each looked up when the guest asks.
    public var environment: [EnvBinding] = []
    /// `mounts`: directories of `fs.directory` entries, each a preopen at its guest path.
    public var mounts: [Mount] = []

    /// One `wasi.env` item.
    public struct EnvBinding: Sendable, Hashable {
        /// `id`: an `env.variable` entry, or `ns:NAME` for the process variable `NAME`.
        public var id: String
        /// `name`: the variable's name in the guest (default: the variable's own name).
        public var name: String
        /// `required`: a call fails when the variable has no value.
        public var required: Bool

        /// The name part of an entry ID `ns:name` (after its last `:`): the guest's default
        /// variable name, and the process variable an ID naming no entry stands for.
        static func namePart(of id: String) -> String {
            guard let colon = id.lastIndex(of: ":") else { return id }
            return String(id[id.index(after: colon)...])
        }

        /// Creates a binding.
        public init(id: String, name: String, required: Bool) {
            self.id = id
            self.name = name
            self.required = required
        }
    }

    /// One `wasi.mounts` item.
    public struct Mount: Sendable, Hashable {
        /// `fs`: the ID of an `fs.directory` entry.
        public var fs: String
        /// `guest`: where the guest sees it (absolute).
        public var guest: String
        /// `read_only`: the guest may not change anything in it.
        public var readOnly: Bool

        /// Creates a mount.
        public init(fs: String, guest: String, readOnly: Bool) {
            self.fs = fs
            self.guest = guest
            self.readOnly = readOnly
        }
    }

    /// Creates an empty one.
    public init() {}
}

/// An `env.variable` entry: a process environment variable a guest may be given.
public struct EnvVariable: Sendable, Hashable {
    /// `variable`: the process environment variable (default: the entry's name).
    public var variable: String
    /// `default`: the value when the process has none.
    public var defaultValue: String?
}

/// The host groups an entry's `imports` list may name (DESIGN.md §5): lowercase, without version.
public enum ImportGroupName {
    /// Every name an `imports` list accepts.
    public static let known = ["wasi:cli", "wasi:io", "wasi:clocks", "wasi:filesystem", "wasi:random", "wasi:sockets", "wasi:http", "funcs"]

    /// The canonical form of `text` (case-insensitive, `@version` dropped), or nil when it is
    /// not a group.
    public static func canonical(_ text: String) -> String? {
        var name = text.lowercased()
        if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
        name = name.trimmingSpaces
        return known.contains(name) ? name : nil
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
