import ComponentModel
import HTTP1
import WASIIO

/// Reading `wasi:http` arguments and making its values.
extension ComponentHostCall {
    /// Takes the object behind the owned handle argument `i` out of the resource table (the
    /// guest gave it up). Traps (throws) while it has live children.
    func take<T>(_ i: Int, _ type: ResourceID, as _: T.Type = T.self) throws -> T {
        guard case .own(let handle) = try argument(i) else { throw HostArgumentError("\(name): argument \(i) is not an owned handle") }
        let object: T = try resources.get(handle, type)
        try resources.delete(handle.rep)
        return object
    }

    /// Argument `i` as `option<T>`: nil for `none`.
    func option(_ i: Int) throws -> ComponentValue? {
        guard case .option(let v) = try argument(i) else { throw HostArgumentError("\(name): argument \(i) is not an option") }
        return v
    }

    /// Argument `i` as `option<string>`.
    func optionalString(_ i: Int) throws -> String?? {
        guard let v = try option(i) else { return .some(nil) }
        guard case .string(let s) = v else { throw HostArgumentError("\(name): argument \(i) is not an option<string>") }
        return .some(s)
    }

    /// Argument `i` as `option<duration>`.
    func optionalDuration(_ i: Int) throws -> UInt64? {
        guard let v = try option(i) else { return nil }
        guard case .u64(let n) = v else { throw HostArgumentError("\(name): argument \(i) is not an option<u64>") }
        return n
    }

    /// Argument `i` as a `variant { ..., other(string) }` (method, scheme): the case name, or
    /// the string of `other`.
    func caseOrOther(_ i: Int) throws -> (String, isOther: Bool) {
        guard case .variant(let label, let payload) = try argument(i) else { throw HostArgumentError("\(name): argument \(i) is not a variant") }
        if label == "other" {
            guard case .string(let s)? = payload else { throw HostArgumentError("\(name): argument \(i): other without a string") }
            return (s, true)
        }
        return (label, false)
    }
}

enum HTTPValues {
    static let methods = ["get", "head", "post", "put", "delete", "connect", "options", "trace", "patch"]

    /// The `method` variant for a method token.
    static func method(_ token: String) -> ComponentValue {
        let lower = HTTPFieldSyntax.lowercased(token)
        if methods.contains(lower) && token == lower.uppercased() { return .variant(case: lower, payload: nil) }
        return .variant(case: "other", payload: .string(token))
    }

    /// The method token of a `method` argument, or nil when `other` is not a token.
    static func methodToken(_ value: (String, isOther: Bool)) -> String? {
        if value.isOther { return HTTPFieldSyntax.isValidName(value.0) ? value.0 : nil }
        return value.0.uppercased()
    }

    /// The `scheme` variant for a scheme name.
    static func scheme(_ name: String) -> ComponentValue {
        switch HTTPFieldSyntax.lowercased(name) {
        case "http": return .variant(case: "HTTP", payload: nil)
        case "https": return .variant(case: "HTTPS", payload: nil)
        default: return .variant(case: "other", payload: .string(name))
        }
    }

    /// The scheme name of a `scheme` argument, or nil when `other` is not a valid scheme.
    static func schemeName(_ value: (String, isOther: Bool)) -> String? {
        guard value.isOther else { return value.0.lowercased() }
        let s = value.0.utf8
        guard let first = s.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else { return nil }
        let ok = s.allSatisfy { b in
            let l = b | 0x20
            return (l >= UInt8(ascii: "a") && l <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
        }
        return ok ? value.0 : nil
    }

    /// A `list<u8>` value as bytes.
    static func bytes(_ value: ComponentValue) -> [UInt8]? {
        switch value {
        case .bytes(let b): return b
        case .list(let items):
            var out: [UInt8] = []
            for item in items {
                guard case .u8(let b) = item else { return nil }
                out.append(b)
            }
            return out
        default: return nil
        }
    }

    /// `list<tuple<field-name, field-value>>`.
    static func entries(_ fields: [HTTPField]) -> ComponentValue {
        .list(fields.map { .tuple([.string($0.name), .bytes($0.value)]) })
    }

    /// `list<field-value>`.
    static func values(_ values: [[UInt8]]) -> ComponentValue { .list(values.map { .bytes($0) }) }

    /// `result<_, header-error>`.
    static func headerResult(_ body: () throws(HeaderError) -> Void) -> ComponentValue {
        do throws(HeaderError) {
            try body()
            return .ok()
        } catch {
            return .err(.variant(case: error.caseName, payload: nil))
        }
    }
}
