import HTTP1

/// The object behind a `fields` handle (headers or trailers): names in lower case, values as
/// bytes, in insertion order. Fields handed out by the host as views of a message are immutable.
///
/// A guest's fields hold at most ``maxSize`` bytes (names and values plus ``entryOverhead``
/// per entry, what an entry takes in memory beyond its bytes) and count against their runtime's
/// ``GuestHTTPMemory``. Without these bounds a guest could append to one object until the host
/// ran out of memory (wasmtime's GHSA-852m-cvvp-9p4w), or fill and clone objects up to the
/// handle table's million handles. The bound per object is wasmtime's default, 128 KiB, twice
/// what this host accepts in a received header section. WASI 0.2's `header-error` has no case
/// for them, so going past one traps, as in wasmtime; the callers check with
/// ``checkRoom(removing:adding:)`` before a change.
final class FieldsObject {
    static let maxSize = 128 * 1024
    static let entryOverhead = 32

    private(set) var entries: [HTTPField]
    let isMutable: Bool
    /// What the object counts against (nil for the host's views).
    private let account: GuestHTTPMemory?
    /// The entries' size as ``maxSize`` counts it.
    private(set) var size: Int {
        didSet { account?.add(size &- oldValue) }
    }

    init(_ entries: [HTTPField] = [], mutable: Bool = true, account: GuestHTTPMemory? = nil) {
        self.entries = entries
        isMutable = mutable
        self.account = account
        size = Self.size(of: entries)
        account?.add(size)
    }

    deinit { account?.add(-size) }

    /// New mutable fields holding `entries` (a guest's list, or a clone), counted against
    /// `account`; traps when they pass ``maxSize`` or the account's limit.
    static func guestFields(_ entries: [HTTPField], account: GuestHTTPMemory) throws(FieldsTooLarge) -> FieldsObject {
        let size = size(of: entries)
        guard size <= maxSize else { throw FieldsTooLarge.object }
        guard account.hasRoom(for: size) else { throw FieldsTooLarge.together }
        return FieldsObject(entries, account: account)
    }

    /// One entry's size: `name` and `value` bytes and the overhead.
    static func size(_ name: String, _ value: [UInt8]) -> Int { name.utf8.count &+ value.count &+ entryOverhead }

    static func size(of entries: [HTTPField]) -> Int {
        entries.reduce(0) { $0 &+ size($1.name, $1.value) }
    }

    /// Traps unless the entries still fit in ``maxSize`` (and the account in its limit) with
    /// those named `name` removed (a `set`) and `added` bytes added (the new entries'
    /// ``size(_:_:)``). Immutable fields pass: the change itself answers `immutable`.
    func checkRoom(removing name: String? = nil, adding added: Int) throws(FieldsTooLarge) {
        guard isMutable else { return }
        var after = size
        if let name {
            let lower = HTTPFieldSyntax.lowercased(name)
            for e in entries where e.name == lower { after &-= Self.size(e.name, e.value) }
        }
        guard added <= Self.maxSize &- after else { throw FieldsTooLarge.object }
        if let account, !account.hasRoom(for: after &+ added &- size) { throw FieldsTooLarge.together }
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

/// A guest's `fields` would pass ``FieldsObject/maxSize``, or its runtime's
/// ``GuestHTTPMemory/limit``: the call traps with this message.
enum FieldsTooLarge: Error, CustomStringConvertible {
    case object
    case together

    var description: String {
        switch self {
        case .object:
            "wasi:http fields too large: more than \(FieldsObject.maxSize) bytes (names and values, plus \(FieldsObject.entryOverhead) bytes an entry)"
        case .together:
            GuestHTTPMemoryFull().description
        }
    }
}
