/// The protocol version of a message.
public enum HTTPVersion: Sendable, Equatable {
    /// HTTP/1.0: no chunked encoding, connections close unless kept alive explicitly.
    case http10
    /// HTTP/1.1.
    case http11

    /// `HTTP/1.0` or `HTTP/1.1`.
    public var text: String { self == .http10 ? "HTTP/1.0" : "HTTP/1.1" }
}

/// The request line and header fields of a request.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method token, e.g. `GET`.
    public var method: String
    /// The request target as sent, e.g. `/path?query` (origin form) or `http://host/path`.
    public var target: String
    /// The version.
    public var version: HTTPVersion
    /// The header fields in order.
    public var fields: [HTTPField]

    /// Creates a request head.
    public init(method: String, target: String, version: HTTPVersion = .http11, fields: [HTTPField]) {
        self.method = method
        self.target = target
        self.version = version
        self.fields = fields
    }
}

/// The status line and header fields of a response.
public struct HTTPResponseHead: Sendable, Equatable {
    /// The version.
    public var version: HTTPVersion
    /// The status code (100...999).
    public var status: Int
    /// The reason phrase (may be empty).
    public var reason: String
    /// The header fields in order.
    public var fields: [HTTPField]

    /// Creates a response head.
    public init(version: HTTPVersion = .http11, status: Int, reason: String = "", fields: [HTTPField]) {
        self.version = version
        self.status = status
        self.reason = reason
        self.fields = fields
    }
}

extension HTTPRequestHead {
    /// Whether the connection stays open after this request's exchange (the version's default
    /// and the `Connection` field).
    public var keepsAlive: Bool { HTTPConnectionOption.keepsAlive(version: version, fields: fields) }
}

extension HTTPResponseHead {
    /// Whether the connection stays open after this response (the version's default and the
    /// `Connection` field).
    public var keepsAlive: Bool { HTTPConnectionOption.keepsAlive(version: version, fields: fields) }
}

enum HTTPConnectionOption {
    static func keepsAlive(version: HTTPVersion, fields: [HTTPField]) -> Bool {
        var close = false, keepAlive = false
        for value in HTTPFieldSyntax.values("connection", in: fields) {
            for option in String(decoding: value, as: UTF8.self).split(separator: ",") {
                let token = HTTPFieldSyntax.lowercased(option.trimmingSpaces())
                if token == "close" { close = true }
                if token == "keep-alive" { keepAlive = true }
            }
        }
        if close { return false }
        return version == .http11 || keepAlive
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
