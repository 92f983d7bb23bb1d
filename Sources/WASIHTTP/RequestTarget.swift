import HTTP1

/// Where an outgoing request goes: scheme, host, port, and the request target.
struct RequestTarget: Hashable {
    var isHTTPS: Bool
    var host: String
    var port: UInt16
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

    /// `host[:port]` or `[v6][:port]`, or nil when malformed.
    static func split(_ authority: String) -> (String, UInt16?)? {
        var text = Substring(authority)
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
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
        guard !portText.isEmpty, portText.count <= 5, let port = UInt16(portText) else { return nil }
        return (String(host), port)
    }

    /// Whether `authority` is well formed (for `set-authority`).
    static func isValidAuthority(_ authority: String) -> Bool { authority.isEmpty || split(authority) != nil }

    /// Whether `path` is a valid path-with-query: visible ASCII, no spaces or fragments.
    static func isValidPath(_ path: String) -> Bool {
        path.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") }
    }
}
