/// Writing heads and chunked bodies.
public enum HTTPSerializer {
    /// `METHOD TARGET HTTP/1.1`, the fields, and the empty line.
    public static func requestHead(_ head: HTTPRequestHead) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        out.append(contentsOf: "\(head.method) \(head.target) \(head.version.text)\r\n".utf8)
        appendFields(head.fields, to: &out)
        return out
    }

    /// `HTTP/1.1 STATUS REASON`, the fields, and the empty line.
    public static func responseHead(_ head: HTTPResponseHead) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        let reason = head.reason.isEmpty ? HTTPStatusReason.phrase(head.status) : head.reason
        out.append(contentsOf: "\(head.version.text) \(head.status) \(reason)\r\n".utf8)
        appendFields(head.fields, to: &out)
        return out
    }

    /// One chunk of a chunked body: its size in hexadecimal, the data, CRLF. Empty data gives
    /// nothing (an empty chunk would end the body).
    public static func chunk<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        if data.isEmpty { return [] }
        var out: [UInt8] = Array(String(data.count, radix: 16).utf8)
        out.reserveCapacity(out.count + data.count + 4)
        out.append(contentsOf: [0x0D, 0x0A])
        out.append(contentsOf: data)
        out.append(contentsOf: [0x0D, 0x0A])
        return out
    }

    /// The last chunk, the trailer fields and the final empty line.
    public static func lastChunk(trailers: [HTTPField] = []) -> [UInt8] {
        var out: [UInt8] = Array("0\r\n".utf8)
        appendFields(trailers, to: &out)
        return out
    }

    private static func appendFields(_ fields: [HTTPField], to out: inout [UInt8]) {
        for field in fields {
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: [UInt8(ascii: ":"), 0x20])
            out.append(contentsOf: field.value)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }
}

/// Reason phrases for the common status codes.
public enum HTTPStatusReason {
    /// The standard phrase for `status`, or an empty string.
    public static func phrase(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 101: return "Switching Protocols"
        case 102: return "Processing"
        case 103: return "Early Hints"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 206: return "Partial Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 418: return "I'm a teapot"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return ""
        }
    }
}
