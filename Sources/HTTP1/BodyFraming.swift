/// How a message's body is delimited (RFC 9112 §6.3).
public enum HTTPBodyFraming: Sendable, Equatable {
    /// No body at all.
    case empty
    /// Exactly this many bytes.
    case contentLength(UInt64)
    /// Chunked transfer coding, possibly with trailers.
    case chunked
    /// Everything until the peer closes the connection (responses only).
    case untilClose

    /// The framing of a request's body: `chunked`, a `Content-Length`, or none.
    public static func request(_ head: HTTPRequestHead) throws(HTTP1Error) -> HTTPBodyFraming {
        if let coding = try transferCoding(head.fields) {
            // A request whose final coding is not chunked cannot be delimited (§6.3 item 4).
            guard coding == .chunked else { throw .unsupportedTransferEncoding }
            return .chunked
        }
        if let length = try contentLength(head.fields) { return length == 0 ? .empty : .contentLength(length) }
        return .empty
    }

    /// The framing of a response's body, given the request's method (a `HEAD` response and
    /// 1xx, 204 and 304 responses have none).
    public static func response(_ head: HTTPResponseHead, requestMethod: String) throws(HTTP1Error) -> HTTPBodyFraming {
        if requestMethod == "HEAD" || head.status < 200 || head.status == 204 || head.status == 304 { return .empty }
        if let coding = try transferCoding(head.fields) { return coding }
        if let length = try contentLength(head.fields) { return length == 0 ? .empty : .contentLength(length) }
        return .untilClose
    }

    /// The framing the `Transfer-Encoding` field gives: chunked when it is the final coding,
    /// until-close for any other coding; nil without the field.
    private static func transferCoding(_ fields: [HTTPField]) throws(HTTP1Error) -> HTTPBodyFraming? {
        let values = HTTPFieldSyntax.values("transfer-encoding", in: fields)
        if values.isEmpty { return nil }
        let codings = values.flatMap { String(decoding: $0, as: UTF8.self).split(separator: ",") }
            .map { HTTPFieldSyntax.lowercased($0.trimmingSpaces()) }
        guard let last = codings.last else { throw .unsupportedTransferEncoding }
        return last == "chunked" ? .chunked : .untilClose
    }

    /// The `Content-Length` value; repeated fields (or a list) must agree.
    public static func contentLength(_ fields: [HTTPField]) throws(HTTP1Error) -> UInt64? {
        var length: UInt64?
        for value in HTTPFieldSyntax.values("content-length", in: fields) {
            for item in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                var digits = item[...]
                while let f = digits.first, HTTPFieldSyntax.isWhitespace(f) { digits = digits.dropFirst() }
                while let l = digits.last, HTTPFieldSyntax.isWhitespace(l) { digits = digits.dropLast() }
                let n = try decimal(digits)
                if let length, length != n { throw .invalidContentLength }
                length = n
            }
        }
        return length
    }

    private static func decimal(_ digits: ArraySlice<UInt8>) throws(HTTP1Error) -> UInt64 {
        guard !digits.isEmpty else { throw .invalidContentLength }
        var n: UInt64 = 0
        for d in digits {
            guard d >= 0x30, d <= 0x39 else { throw .invalidContentLength }
            let (times, o1) = n.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt64(d - 0x30))
            guard !o1, !o2 else { throw .invalidContentLength }
            n = plus
        }
        return n
    }
}
