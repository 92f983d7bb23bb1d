/// Why bytes received from a peer are not a valid HTTP/1.1 message.
public enum HTTP1Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The first line of a request is not `METHOD SP TARGET SP HTTP/1.x`.
    case badRequestLine
    /// The first line of a response is not `HTTP/1.x SP 3DIGIT SP reason`.
    case badStatusLine
    /// The version is not HTTP/1.0 or HTTP/1.1.
    case unsupportedVersion
    /// A header line starts with whitespace (obsolete line folding, RFC 9112 §5.2: rejected).
    case obsoleteLineFolding
    /// The request or status line and the header fields exceed `limit` bytes.
    case headerSectionTooLarge(limit: Int)
    /// The header section has more than `limit` fields.
    case tooManyFields(limit: Int)
    /// A field name is empty or holds a byte that is not a token character.
    case invalidFieldName
    /// A field value holds a control byte (CR, LF, NUL, ...).
    case invalidFieldValue
    /// A header line has no colon.
    case missingColon
    /// `Content-Length` is not a decimal number, overflows, or appears twice with different values.
    case invalidContentLength
    /// `Transfer-Encoding` names a coding other than a final `chunked` on a request.
    case unsupportedTransferEncoding
    /// A chunk-size line is not hexadecimal, or is too long.
    case invalidChunkSize
    /// A chunk size does not fit in 64 bits.
    case chunkSizeOverflow
    /// A chunk's data is not followed by CRLF.
    case missingChunkTerminator
    /// The trailer section exceeds `limit` bytes.
    case trailerSectionTooLarge(limit: Int)
    /// The peer closed the connection before the message ended.
    case truncatedBody

    public var description: String {
        switch self {
        case .badRequestLine: return "malformed request line"
        case .badStatusLine: return "malformed status line"
        case .unsupportedVersion: return "unsupported HTTP version"
        case .obsoleteLineFolding: return "obsolete header line folding"
        case .headerSectionTooLarge(let limit): return "header section larger than \(limit) bytes"
        case .tooManyFields(let limit): return "more than \(limit) header fields"
        case .invalidFieldName: return "invalid header field name"
        case .invalidFieldValue: return "invalid header field value"
        case .missingColon: return "header line without a colon"
        case .invalidContentLength: return "invalid Content-Length"
        case .unsupportedTransferEncoding: return "unsupported Transfer-Encoding"
        case .invalidChunkSize: return "invalid chunk size"
        case .chunkSizeOverflow: return "chunk size overflows 64 bits"
        case .missingChunkTerminator: return "chunk data not followed by CRLF"
        case .trailerSectionTooLarge(let limit): return "trailer section larger than \(limit) bytes"
        case .truncatedBody: return "connection closed before the message body ended"
        }
    }
}
