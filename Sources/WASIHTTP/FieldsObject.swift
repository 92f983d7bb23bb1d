import HTTP1

/// The object behind a `fields` handle (headers or trailers): names in lower case, values as
/// bytes, in insertion order. Fields handed out by the host as views of a message are immutable.
final class FieldsObject {
    private(set) var entries: [HTTPField]
    let isMutable: Bool

    init(_ entries: [HTTPField] = [], mutable: Bool = true) {
        self.entries = entries
        isMutable = mutable
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
    }

    func append(_ name: String, _ value: [UInt8]) throws(HeaderError) {
        guard isMutable else { throw .immutable }
        let lower = try FieldRules.checkedName(name)
        try FieldRules.checkValue(value)
        entries.append(HTTPField(name: lower, value: value))
    }

    func delete(_ name: String) throws(HeaderError) {
        guard isMutable else { throw .immutable }
        let lower = try FieldRules.checkedName(name)
        entries.removeAll { $0.name == lower }
    }
}
