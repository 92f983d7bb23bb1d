import HTTP1

/// Feeds `text` to a head parser in pieces of `step` bytes; the head and what followed it.
func parseHead<Head>(_ text: String, step: Int, _ feed: (ArraySlice<UInt8>) throws(HTTP1Error) -> HTTPHeadParseResult<Head>) throws(HTTP1Error) -> (Head, [UInt8])? {
    let bytes = Array(text.utf8)
    var i = 0
    repeat {
        let end = i + min(step, bytes.count - i)
        if case .complete(let head, let rest) = try feed(bytes[i..<end]) {
            return (head, rest + bytes[end...])
        }
        i = end
    } while i < bytes.count
    return nil
}

/// Feeds `text` to a response parser in pieces of `step` bytes.
func parseResponse(_ text: String, step: Int = .max, limits: HTTPHeadLimits = HTTPHeadLimits()) throws(HTTP1Error) -> (HTTPResponseHead, [UInt8])? {
    var parser = HTTPResponseHeadParser(limits: limits)
    return try parseHead(text, step: step) { (piece) throws(HTTP1Error) in try parser.feed(piece) }
}

/// Feeds `text` to a request parser in pieces of `step` bytes.
func parseRequest(_ text: String, step: Int = .max, limits: HTTPHeadLimits = HTTPHeadLimits()) throws(HTTP1Error) -> (HTTPRequestHead, [UInt8])? {
    var parser = HTTPRequestHeadParser(limits: limits)
    return try parseHead(text, step: step) { (piece) throws(HTTP1Error) in try parser.feed(piece) }
}

/// Decodes `wire` in pieces of `step` bytes: the body, whether it completed, and the bytes after it.
func decodeBody(_ framing: HTTPBodyFraming, _ wire: [UInt8], step: Int = .max, limits: HTTPHeadLimits = HTTPHeadLimits()) throws(HTTP1Error) -> (body: [UInt8], complete: Bool, rest: [UInt8], trailers: [HTTPField]) {
    var decoder = HTTPBodyDecoder(framing: framing, trailerLimits: limits)
    var body: [UInt8] = []
    var i = 0
    while i < wire.count && !decoder.isComplete {
        let end = i + min(step, wire.count - i)
        let used = try decoder.decodeAll(wire[i..<end]) { body.append(contentsOf: $0) }
        i += used
        if used < end - (i - used) { break }
    }
    return (body, decoder.isComplete, Array(wire[i...]), decoder.trailers)
}

/// `error` thrown by `body`, or nil.
func thrownError<T>(_ body: () throws(HTTP1Error) -> T) -> HTTP1Error? {
    do throws(HTTP1Error) {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
