/// The names and size of one index space.
struct Namespace {
    /// Index of each named entity, by interned name.
    var indexByName: NameMap
    /// Number of entities.
    var count: UInt32 = 0
}

/// Indices by interned name: an array as long as the name table, so a lookup is one load. With
/// very many names (hostile input) a dictionary is used instead, so memory stays proportional to
/// what is stored.
struct NameMap {
    /// Up to this many names, the dense array is used (4 MiB per map).
    static let denseLimit = 1 << 20

    private var values: [UInt32]
    private var sparse: [Int32: UInt32] = [:]
    private let dense: Bool
    /// The names set, for ``removeAll()``.
    private var used: [Int32] = []

    /// A map for names numbered below `nameCount`.
    init(nameCount: Int) {
        dense = nameCount <= Self.denseLimit
        values = dense ? [UInt32](repeating: .max, count: nameCount) : []
    }

    /// The index of `name`, if set.
    @inline(__always)
    subscript(name: Int32) -> UInt32? {
        guard dense else { return sparse[name] }
        let value = values[Int(name)]
        return value == .max ? nil : value
    }

    /// Sets the index of `name`; false (and nothing changes) if it has one already.
    mutating func insert(_ name: Int32, _ index: UInt32) -> Bool {
        guard dense else {
            if sparse[name] != nil { return false }
            sparse[name] = index
            return true
        }
        guard values[Int(name)] == .max else { return false }
        values[Int(name)] = index
        used.append(name)
        return true
    }

    /// Forgets every name.
    mutating func removeAll() {
        guard dense else {
            sparse.removeAll(keepingCapacity: true)
            return
        }
        for name in used { values[Int(name)] = .max }
        used.removeAll(keepingCapacity: true)
    }
}
