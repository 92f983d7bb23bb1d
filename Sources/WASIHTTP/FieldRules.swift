import HTTP1

/// `wasi:http/types.header-error`.
enum HeaderError: Error {
    case invalidSyntax, forbidden, immutable

    var caseName: String {
        switch self {
        case .invalidSyntax: return "invalid-syntax"
        case .forbidden: return "forbidden"
        case .immutable: return "immutable"
        }
    }
}

/// Which header names a guest may not set, and the syntax rules of names and values.
enum FieldRules {
    /// Hop-by-hop fields the host manages itself (the set wasmtime forbids by default): a guest
    /// setting them gets `header-error.forbidden`, and they are removed from responses handed
    /// to a guest.
    static let forbidden: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
        "te", "transfer-encoding", "upgrade", "http2-settings",
    ]

    /// The lower-case name, or the error for an invalid or forbidden one.
    static func checkedName(_ name: String) throws(HeaderError) -> String {
        guard HTTPFieldSyntax.isValidName(name) else { throw .invalidSyntax }
        let lower = HTTPFieldSyntax.lowercased(name)
        guard !forbidden.contains(lower) else { throw .forbidden }
        return lower
    }

    static func checkValue(_ value: [UInt8]) throws(HeaderError) {
        guard HTTPFieldSyntax.isValidValue(value) else { throw .invalidSyntax }
    }

    /// `fields` without the forbidden (hop-by-hop) ones, names in lower case.
    static func visible(_ fields: [HTTPField]) -> [HTTPField] {
        fields.compactMap { field in
            let lower = HTTPFieldSyntax.lowercased(field.name)
            return forbidden.contains(lower) ? nil : HTTPField(name: lower, value: field.value)
        }
    }
}
