import HTTP1

/// The object behind a `fields` handle (headers or trailers): names in lower case, values as
/// bytes, in insertion order. Fields handed out by the host as views of a message are immutable.
///
/// A guest's fields hold at most ``maxSize`` bytes: names and values plus ``entryOverhead``
/// per entry (what an entry takes in memory beyond its bytes). Without a bound a guest could
/// append to one object until the host ran out of memory (wasmtime's GHSA-852m-cvvp-9p4w). The
/// bound is wasmtime's default, 128 KiB, twice what this host accepts in a received header
/// section. WASI 0.2's `header-error` has no case for it, so going past it traps, as in
/// wasmtime; the callers check with ``checkRoom(removing:adding:)`` before a change.
final class FieldsObject {
    static let maxSize = 128 * 1024
    static let entryOverhead = 32

    private(set) var entries: [HTTPField]
    let isMutable: Bool
    /// The entries' size as ``maxSize`` counts it.
    private(set) var size: Int

    init(_ entries: [HTTPField] = [], mutable: Bool = true) {
        self.entries = entries
        isMutable = mutable
        size = Self.size(of: entries)
    }

    /// New mutable fields holding `entries` (a guest's list, or a clone); traps when they are
    /// larger than ``maxSize``.
    static func guestFields(_ entries: [HTTPField]) throws(FieldsTooLarge) -> FieldsObject {
        guard size(of: entries) <= maxSize else { throw FieldsTooLarge() }
        return FieldsObject(entries)
    }

    /// One entry's size: `name` and `value` bytes and the overhead.
    static func size(_ name: String, _ value: [UInt8]) -> Int { name.utf8.count &+ value.count &+ entryOverhead }

    static func size(of entries: [HTTPField]) -> Int {
        entries.reduce(0) { $0 &+ size($1.name, $1.value) }
    }

    /// Traps unless the entries still fit in ``maxSize`` with those named `name` removed (a
    /// `set`) and `added` bytes added (the new entries' ``size(_:_:)``).
    func checkRoom(removing name: String? = nil, adding added: Int) throws(FieldsTooLarge) {
        var after = size
        if let name {
            let lower = HTTPFieldSyntax.lowercased(name)
            for e in entries where e.name == lower { after &-= Self.size(e.name, e.value) }
        }
        guard added <= Self.maxSize &- after else { throw FieldsTooLarge() }
    }

    func values(_ name: String) -> [[UInt8]] {
        let lower = HTTPFieldSyntax.lowercased(name)
        return entries.filter { $0.name == lower }.map(\.value)
    }

    func set(_ name: String, _ values: [[UInt8]]) throws(HeaderError) {
        guard isMutable else { throw .immutable }
        let lower = try FieldRules.checkedName(name)
        for v in values { try FieldRules.checkValue(v) }
        entries.removeAll { $0.name == lower }
        entries += values.map { HTTPField(name: lower, value: $0) }
        size = Self.size(of: entries)
    }

    func append(_ name: String, _ value: [UInt8]) throws(HeaderError) {
        guard isMutable else { throw .immutable }
        let lower = try FieldRules.checkedName(name)
        try FieldRules.checkValue(value)
        entries.append(HTTPField(name: lower, value: value))
        size &+= Self.size(lower, value)
    }

    func delete(_ name: String) throws(HeaderError) {
        guard isMutable else { throw .immutable }
        let lower = try FieldRules.checkedName(name)
        entries.removeAll { $0.name == lower }
        size = Self.size(of: entries)
    }
}

/// A guest's `fields` would pass ``FieldsObject/maxSize``: the call traps with this message.
struct FieldsTooLarge: Error, CustomStringConvertible {
    var description: String {
        "wasi:http fields too large: more than \(FieldsObject.maxSize) bytes (names and values, plus \(FieldsObject.entryOverhead) bytes an entry)"
    }
}
