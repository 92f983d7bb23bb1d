/// A YAML mapping: keys with values, in source order, each remembering where
/// it was written.
///
/// Keys are unique (the parser rejects duplicates). Lookups scan the entries
/// of small maps; maps with more than ``indexThreshold`` entries also keep a
/// hash index.
///
/// Equality and hashing follow meaning, like ``YAMLValue``: two maps are equal
/// when they have the same keys in the same order with equal values; marks,
/// spelling and styles are ignored.
public struct YAMLMap: Hashable, Sendable, RandomAccessCollection {
    /// One `key: value` pair.
    public struct Entry: Hashable, Sendable {
        /// The key (the key scalar's text).
        public var key: String
        /// Where the key was written.
        public var keyMark: YAMLMark
        /// The value, with its position and spelling.
        public var node: YAMLNode

        /// The value's meaning (shorthand for `node.value`).
        public var value: YAMLValue { node.value }

        /// Creates an entry.
        ///
        /// - Parameters:
        ///   - key: The key.
        ///   - keyMark: Where the key was written.
        ///   - node: The value.
        public init(key: String, keyMark: YAMLMark, node: YAMLNode) {
            self.key = key
            self.keyMark = keyMark
            self.node = node
        }
    }

    /// Maps with more entries than this keep a key-to-position index.
    public static let indexThreshold = 12

    /// The entries in source order.
    public private(set) var entries: [Entry]
    /// Key to position; only for maps with more than ``indexThreshold`` entries.
    private var index: [String: Int]?

    /// Creates an empty map.
    public init() {
        entries = []
    }

    /// Creates a map from key/value pairs in order; a repeated key keeps its
    /// first position and its last value. Marks are ``YAMLMark/start``.
    ///
    /// - Parameter pairs: The keys and values.
    public init(_ pairs: [(String, YAMLValue)]) {
        self.init()
        for (key, value) in pairs {
            let node = YAMLNode(value)
            if let position = position(of: key) {
                entries[position].node = node
            } else {
                append(Entry(key: key, keyMark: .start, node: node))
            }
        }
    }

    /// Appends an entry whose key is known to be new (parser use).
    mutating func append(_ entry: Entry) {
        entries.append(entry)
        if var built = index {
            index = nil  // one reference while it changes, so the dictionary is not copied
            built[entry.key] = entries.count - 1
            index = built
        } else if entries.count > YAMLMap.indexThreshold {
            var built: [String: Int] = [:]
            built.reserveCapacity(entries.count * 2)
            for (position, entry) in entries.enumerated() { built[entry.key] = position }
            index = built
        }
    }

    /// The position of `key` in ``entries``, if present.
    ///
    /// - Parameter key: The key to find.
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.key == key }
    }

    /// The value node stored under `key`, if any.
    ///
    /// - Parameter key: The key to look up.
    public subscript(key: String) -> YAMLNode? {
        position(of: key).map { entries[$0].node }
    }

    /// The entry stored under `key`, if any (for its ``Entry/keyMark``).
    ///
    /// - Parameter key: The key to look up.
    public func entry(forKey key: String) -> Entry? {
        position(of: key).map { entries[$0] }
    }

    /// The keys in source order.
    public var keys: [String] {
        entries.map(\.key)
    }

    /// Whether the map has `key`.
    ///
    /// - Parameter key: The key to look for.
    public func contains(key: String) -> Bool {
        position(of: key) != nil
    }

    // MARK: RandomAccessCollection

    /// The position of the first entry (always 0).
    public var startIndex: Int { 0 }
    /// One past the position of the last entry (the number of entries).
    public var endIndex: Int { entries.count }

    /// The entry at `position`.
    ///
    /// - Parameter position: A valid position, `0..<count`.
    public subscript(position: Int) -> Entry {
        entries[position]
    }

    // MARK: Equality by meaning

    /// Whether two maps have the same keys in the same order with equal values.
    public static func == (lhs: YAMLMap, rhs: YAMLMap) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for (left, right) in zip(lhs.entries, rhs.entries) where left.key != right.key || left.node.value != right.node.value {
            return false
        }
        return true
    }

    /// Hashes the keys and values in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.node.value)
        }
    }
}
