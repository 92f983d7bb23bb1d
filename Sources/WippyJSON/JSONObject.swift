/// A JSON object: key/value pairs that keep their source order.
///
/// Lookups on small objects scan the pairs; objects with more than
/// ``indexThreshold`` pairs also keep a hash index. Duplicate keys are kept as
/// parsed (RFC 8259 only says keys *should* be unique); lookups see the last
/// occurrence, as JavaScript does.
///
/// Two objects are equal when they hold the same pairs in the same order.
public struct JSONObject: Hashable, Sendable {
    /// One stored pair.
    struct Entry: Hashable, Sendable {
        var key: String
        var value: JSONValue

        init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Objects with more pairs than this keep a key-to-position index.
    public static let indexThreshold = 16

    var entries: [Entry]
    /// Key to position of its last occurrence; only for large objects.
    var index: [String: Int]?

    /// Creates an empty object.
    public init() {
        entries = []
        index = nil
    }

    /// Creates an object holding `pairs` in order (duplicates are kept).
    /// - Parameter pairs: The key/value pairs.
    public init(_ pairs: [(key: String, value: JSONValue)]) {
        self.init(entries: pairs.map { Entry(key: $0.key, value: $0.value) })
    }

    /// Creates an object from stored entries, building the index if needed.
    init(entries: [Entry]) {
        self.entries = entries
        self.index = nil
        rebuildIndex()
    }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }

    /// The values in order.
    public var values: [JSONValue] { entries.map(\.value) }

    /// The position of the last pair whose key is `key`, or `nil`.
    /// - Parameter key: The key to find.
    public func index(forKey key: String) -> Int? {
        if let index { return index[key] }
        var position = entries.count
        while position > 0 {
            position -= 1
            if entries[position].key == key { return position }
        }
        return nil
    }

    /// Whether any pair has the key `key`.
    /// - Parameter key: The key to find.
    public func contains(key: String) -> Bool {
        index(forKey: key) != nil
    }

    /// The value for `key`, or `nil` if absent. Setting a value replaces the
    /// existing pair in place or appends a new one; setting `nil` removes
    /// every pair with that key.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = index(forKey: key) else { return nil }
            return entries[position].value
        }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Replaces the value of `key` in place, or appends a new pair.
    /// - Parameters:
    ///   - value: The new value.
    ///   - key: The key to set.
    /// - Returns: The previous value, or `nil` if the key was new.
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        if let position = index(forKey: key) {
            let old = entries[position].value
            entries[position].value = value
            return old
        }
        entries.append(Entry(key: key, value: value))
        if index != nil {
            index?[key] = entries.count - 1
        } else if entries.count > JSONObject.indexThreshold {
            rebuildIndex()
        }
        return nil
    }

    /// Removes every pair whose key is `key`.
    /// - Parameter key: The key to remove.
    /// - Returns: The value that lookups returned before the removal.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = index(forKey: key) else { return nil }
        let old = entries[position].value
        entries.removeAll { $0.key == key }
        rebuildIndex()
        return old
    }

    private mutating func rebuildIndex() {
        guard entries.count > JSONObject.indexThreshold else {
            index = nil
            return
        }
        var map = [String: Int](minimumCapacity: entries.count)
        for (position, entry) in entries.enumerated() {
            map[entry.key] = position
        }
        index = map
    }

    /// Two objects are equal when they hold equal pairs in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries == rhs.entries
    }

    /// Hashes the pairs in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries)
    }
}

extension JSONObject: RandomAccessCollection {
    /// The position of the first pair.
    public var startIndex: Int { 0 }
    /// The position one past the last pair.
    public var endIndex: Int { entries.count }
    /// The number of pairs.
    public var count: Int { entries.count }

    /// The pair at `position`, which must be in `startIndex..<endIndex`.
    public subscript(position: Int) -> (key: String, value: JSONValue) {
        let entry = entries[position]
        return (entry.key, entry.value)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object from a dictionary literal, keeping the written order.
    /// - Parameter elements: The literal's pairs.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(entries: elements.map { Entry(key: $0.0, value: $0.1) })
    }
}
