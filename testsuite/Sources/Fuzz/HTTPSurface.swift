import HTTP1
import WASIHTTP

/// HTTP/1.1 messages as a peer sends them: request heads (what `serve` reads), response heads
/// (what the `wasi:http` client reads) and their bodies, decoded incrementally. Each input is
/// parsed as a request and as a response, with the default limits and with small ones, and
/// delivered whole, a byte at a time and in 3- and 16-byte pieces: every delivery must give
/// the same head, body, trailers and error (a parser whose answer depends on how the bytes
/// arrived fails the run). Each input is also given, as its text, as the method, the authority
/// and the path-with-query of a guest's outgoing request: whatever `set-method`,
/// `set-authority` and `set-path-with-query` accept must make a head that reads back as exactly
/// that request (no field or line a guest could slip in).
enum HTTPSurface {
    /// Hand-written messages: bodies by length, chunked with extensions and trailers, until
    /// close, pipelined requests, empty lines before a request line.
    static let seeds = [
        "GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world",
        "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 7\r\nX-Other: y\r\n\r\n",
        "\r\n\r\nDELETE /x HTTP/1.0\r\nContent-Length: 0\r\n\r\nGET /next HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\nHost: lf-only\n\n",
        "POST / HTTP/1.1\r\nContent-Length: 3, 3\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: t\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
        "HTTP/1.0 404 Not Found\r\nConnection: close\r\n\r\nno such page, until the connection closes",
        "HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
        "HTTP/1.1 500 \r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n",
        "user:pa%41ss;x=1@example.com:8080", "[::1]:443", "/path/to?q=1&x=%20y", "PATCH",
    ].map { Array($0.utf8) }

    static let tokens = ["\r\n", "\n", "\r\n\r\n", ": ", " ", "\t", "HTTP/1.1", "HTTP/2.0", "Content-Length: ",
                         "Transfer-Encoding: chunked", "0\r\n\r\n", ";", "ffffffffffffffffff", "-1", "\u{0}", "\u{7F}",
                         "@", "%", "%0", "[", "]", ":65535", "#", "?"]
        .map { Array($0.utf8) }

    static func surface() -> Surface {
        Surface(name: "http", seeds: seeds, tokens: tokens) { bytes throws(PropertyFailure) in
            var accepted = try checkWireHeads(String(decoding: bytes, as: UTF8.self))
            for limits in [HTTPHeadLimits(), HTTPHeadLimits(maxHeaderBytes: 64, maxFields: 2)] {
                for asRequest in [true, false] {
                    let whole = parse(bytes, piece: max(bytes.count, 1), asRequest: asRequest, limits: limits)
                    for piece in [1, 3, 16] {
                        let split = parse(bytes, piece: piece, asRequest: asRequest, limits: limits)
                        guard split == whole else {
                            throw PropertyFailure(message: "http: \(asRequest ? "request" : "response") parsed whole gave \(whole), in \(piece)-byte pieces \(split)")
                        }
                    }
                    if whole.error == nil { accepted = true }
                }
            }
            return accepted
        }
    }

    /// Gives `text` as each of a request's method, authority and path-with-query (the others
    /// plain); true when one was accepted.
    static func checkWireHeads(_ text: String) throws(PropertyFailure) -> Bool {
        var accepted = false
        for (method, authority, path) in [(text, "example.com", "/"), ("GET", text, "/"), ("POST", "example.com", text)] {
            guard let wire = OutgoingWire.head(otherMethod: method, authority: authority, pathWithQuery: path) else { continue }
            accepted = true
            var parser = HTTPRequestHeadParser()
            let read: HTTPRequestHead?
            if case .complete(let head, let remainder)? = try? parser.feed(wire), remainder.isEmpty { read = head } else { read = nil }
            let host = authority.lastIndex(of: "@").map { String(authority[authority.index(after: $0)...]) } ?? authority
            let target = path.isEmpty ? "/" : path.hasPrefix("/") || path == "*" ? path : "/" + path
            guard let head = read, head.method == method, head.target == target,
                  head.fields.filter({ $0.name != "content-length" }) == [HTTPField("host", host)] else {
                throw PropertyFailure(message: "http: method \(method.debugDescription), authority \(authority.debugDescription), path \(path.debugDescription) were accepted, but their head reads back as \(read.map { "\($0)" } ?? "no head")")
            }
        }
        return accepted
    }

    /// What parsing one message gave.
    struct Outcome: Equatable, CustomStringConvertible {
        var head = ""
        var body: [UInt8] = []
        var trailers: [HTTPField] = []
        /// Bytes after the message (the next message's start).
        var rest = 0
        var error: HTTP1Error?
        /// The input ended before the head did.
        var incompleteHead = false

        var description: String {
            "head \(incompleteHead ? "incomplete" : head), \(body.count) body bytes, \(trailers.count) trailers, \(rest) bytes after, error \(error.map { "\($0)" } ?? "none")"
        }
    }

    /// Parses `bytes` delivered `piece` bytes at a time.
    static func parse(_ bytes: [UInt8], piece: Int, asRequest: Bool, limits: HTTPHeadLimits) -> Outcome {
        var outcome = Outcome()
        var offset = 0
        func next() -> ArraySlice<UInt8> {
            let end = min(offset + piece, bytes.count)
            defer { offset = end }
            return bytes[offset..<end]
        }
        do throws(HTTP1Error) {
            var requests = HTTPRequestHeadParser(limits: limits)
            var responses = HTTPResponseHeadParser(limits: limits)
            var framing = HTTPBodyFraming.empty
            var pending: [UInt8] = []
            var headDone = false
            while !headDone && offset < bytes.count {
                let chunk = next()
                if asRequest {
                    if case .complete(let head, let remainder) = try requests.feed(chunk) {
                        outcome.head = "\(head.method) \(head.target) \(head.version) \(head.fields)"
                        framing = try .request(head)
                        pending = remainder
                        headDone = true
                    }
                } else if case .complete(let head, let remainder) = try responses.feed(chunk) {
                    outcome.head = "\(head.version) \(head.status) \(head.reason) \(head.fields)"
                    framing = try .response(head, requestMethod: "GET")
                    pending = remainder
                    headDone = true
                }
            }
            guard headDone else {
                outcome.incompleteHead = true
                return outcome
            }
            var decoder = HTTPBodyDecoder(framing: framing, trailerLimits: limits)
            while true {
                let used = try decoder.decodeAll(pending[...]) { outcome.body += $0 }
                pending.removeFirst(used)
                if decoder.isComplete || offset >= bytes.count { break }
                pending += next()
            }
            if !decoder.isComplete { try decoder.finishAtEndOfInput() }
            outcome.trailers = decoder.trailers
            outcome.rest = pending.count + bytes.count - offset
        } catch {
            outcome.error = error
        }
        return outcome
    }
}
