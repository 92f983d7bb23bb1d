import HTTP1

/// Where an outgoing request goes: scheme, host, port, and the request target.
struct RequestTarget: Hashable {
    var isHTTPS: Bool
    var host: String
    var port: UInt16
    /// The authority as the guest set it (`userinfo@` included).
    var authority: String
    var pathWithQuery: String

    /// The target of `parts`, or the error-code for what is missing or malformed.
    init(_ parts: RequestParts) throws(HTTPErrorCode) {
        switch parts.scheme.map(HTTPFieldSyntax.lowercased) ?? "http" {
        case "http": isHTTPS = false
        case "https": isHTTPS = true
        default: throw .httpProtocolError
        }
        guard let authority = parts.authority, !authority.isEmpty else { throw .httpRequestURIInvalid }
        guard let (host, port) = Self.split(authority) else { throw .httpRequestURIInvalid }
        self.host = host
        self.port = port ?? (isHTTPS ? 443 : 80)
        self.authority = authority
        var path = parts.pathWithQuery ?? "/"
        if path.isEmpty { path = "/" }
        if !path.hasPrefix("/") && path != "*" { path = "/" + path }
        pathWithQuery = path
    }

    /// The `host` field sent: the authority without its `userinfo@` (RFC 9110 §7.2).
    var hostField: String {
        authority.lastIndex(of: "@").map { String(authority[authority.index(after: $0)...]) } ?? authority
    }

    /// `host[:port]` or `[v6][:port]` after an optional `userinfo@`, or nil when malformed.
    static func split(_ authority: String) -> (String, UInt16?)? {
        var text = Substring(authority)
        if let at = text.lastIndex(of: "@") {
            guard isValidUserInfo(text[..<at].utf8) else { return nil }
            text = text[text.index(after: at)...]
        }
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = text
        }
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") }) else { return nil }
        guard let portText else { return (String(host), nil) }
        guard !portText.isEmpty, portText.count <= 5, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let port = UInt16(portText) else { return nil }
        return (String(host), port)
    }

    /// Whether `userinfo` is an RFC 3986 userinfo: unreserved characters, sub-delimiters, `:`
    /// and `%` with two hexadecimal digits. Nothing else may reach the wire through it.
    static func isValidUserInfo(_ userinfo: Substring.UTF8View) -> Bool {
        var bytes = userinfo[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "%") {
                guard let h = bytes.popFirst(), let l = bytes.popFirst(), isHexDigit(h), isHexDigit(l) else { return false }
                continue
            }
            let isAlphaNumeric = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            guard isAlphaNumeric || userInfoMarks.contains(b) else { return false }
        }
        return true
    }

    /// The punctuation a userinfo may hold as it is.
    private static let userInfoMarks = Set("-._~!$&'()*+,;=:".utf8)

    private static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }

    /// Whether `authority` is well formed (for `set-authority`).
    static func isValidAuthority(_ authority: String) -> Bool { authority.isEmpty || split(authority) != nil }

    /// Whether `path` is a valid path-with-query: visible ASCII, no spaces or fragments.
    static func isValidPath(_ path: String) -> Bool {
        path.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") }
    }
}
