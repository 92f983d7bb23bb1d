/// What feeding bytes to a head parser gave.
public enum HTTPHeadParseResult<Head: Sendable>: Sendable {
    /// The head is not complete yet: feed more bytes.
    case needMore
    /// The head, and the bytes received after it (the start of the body, or of the next message).
    case complete(Head, remainder: [UInt8])
}

/// The limits a head parser enforces.
public struct HTTPHeadLimits: Sendable, Equatable {
    /// The most bytes of start line and header fields, line ends included.
    public var maxHeaderBytes: Int
    /// The most header fields.
    public var maxFields: Int

    /// Creates limits (defaults: 64 KiB, 256 fields).
    public init(maxHeaderBytes: Int = 64 * 1024, maxFields: Int = 256) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxFields = maxFields
    }
}

/// An incremental parser of request heads (the server side): feed the bytes as they arrive.
public struct HTTPRequestHeadParser: Sendable {
    private var reader: HeadReader

    /// Creates a parser with `limits`.
    public init(limits: HTTPHeadLimits = HTTPHeadLimits()) { reader = HeadReader(limits: limits, skipsLeadingLineEnds: true) }

    /// Adds `bytes`; answers the head once the empty line that ends it has arrived.
    public mutating func feed<C: Collection>(_ bytes: C) throws(HTTP1Error) -> HTTPHeadParseResult<HTTPRequestHead> where C.Element == UInt8 {
        guard let (lines, remainder) = try reader.feed(bytes) else { return .needMore }
        guard let first = lines.first else { throw .badRequestLine }
        let (method, target, version) = try StartLine.request(first)
        let fields = try FieldLines.parse(lines.dropFirst(), limit: reader.limits.maxFields)
        return .complete(HTTPRequestHead(method: method, target: target, version: version, fields: fields), remainder: remainder)
    }

    /// How many bytes are buffered (a started but unfinished head).
    public var bufferedCount: Int { reader.buffer.count }
}

/// An incremental parser of response heads (the client side): feed the bytes as they arrive.
public struct HTTPResponseHeadParser: Sendable {
    private var reader: HeadReader

    /// Creates a parser with `limits`.
    public init(limits: HTTPHeadLimits = HTTPHeadLimits()) { reader = HeadReader(limits: limits, skipsLeadingLineEnds: false) }

    /// Adds `bytes`; answers the head once the empty line that ends it has arrived.
    public mutating func feed<C: Collection>(_ bytes: C) throws(HTTP1Error) -> HTTPHeadParseResult<HTTPResponseHead> where C.Element == UInt8 {
        guard let (lines, remainder) = try reader.feed(bytes) else { return .needMore }
        guard let first = lines.first else { throw .badStatusLine }
        let (version, status, reason) = try StartLine.status(first)
        let fields = try FieldLines.parse(lines.dropFirst(), limit: reader.limits.maxFields)
        return .complete(HTTPResponseHead(version: version, status: status, reason: reason, fields: fields), remainder: remainder)
    }
}

/// Collects bytes until the empty line ending a head and splits them into lines.
struct HeadReader: Sendable {
    let limits: HTTPHeadLimits
    let skipsLeadingLineEnds: Bool
    var buffer: [UInt8] = []
    private var scanned = 0

    init(limits: HTTPHeadLimits, skipsLeadingLineEnds: Bool) {
        self.limits = limits
        self.skipsLeadingLineEnds = skipsLeadingLineEnds
    }

    /// A reader of a trailer section (RFC 9112 §7.1.2): field lines after the last chunk's line,
    /// ended by an empty line. It starts with that line's LF, so an empty section (a bare line
    /// end) is the end of a head too; the first line it answers is that empty one.
    init(trailersWithin limits: HTTPHeadLimits) {
        self.init(limits: limits, skipsLeadingLineEnds: false)
        buffer = [0x0A]
    }

    /// The head's lines (without line ends, the empty last line dropped) and what follows, or
    /// nil while the head is incomplete.
    mutating func feed<C: Collection>(_ bytes: C) throws(HTTP1Error) -> ([ArraySlice<UInt8>], [UInt8])? where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if skipsLeadingLineEnds {
            // RFC 9112 §2.2: a server ignores empty lines received before a request line.
            var start = 0
            while start < buffer.count, buffer[start] == 0x0A || buffer[start] == 0x0D { start += 1 }
            if start > 0 {
                buffer.removeFirst(start)
                scanned = 0
            }
        }
        guard let end = endOfHead() else {
            if buffer.count > limits.maxHeaderBytes { throw .headerSectionTooLarge(limit: limits.maxHeaderBytes) }
            return nil
        }
        if end > limits.maxHeaderBytes { throw .headerSectionTooLarge(limit: limits.maxHeaderBytes) }
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = 0
        for i in 0..<end where buffer[i] == 0x0A {
            var line = buffer[lineStart..<i]
            if line.last == 0x0D { line = line.dropLast() }
            lines.append(line)
            lineStart = i + 1
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        let remainder = Array(buffer[end...])
        buffer = []
        scanned = 0
        return (lines, remainder)
    }

    /// The index just past the empty line ending the head (LF CR LF or LF LF), if it arrived.
    private mutating func endOfHead() -> Int? {
        var i = max(scanned, 1)
        while i < buffer.count {
            if buffer[i] == 0x0A {
                if buffer[i - 1] == 0x0A { return i + 1 }
                if buffer[i - 1] == 0x0D, i >= 2, buffer[i - 2] == 0x0A { return i + 1 }
            }
            i += 1
        }
        scanned = max(buffer.count - 1, 1)
        return nil
    }
}

/// Request and status lines.
enum StartLine {
    static func request(_ line: ArraySlice<UInt8>) throws(HTTP1Error) -> (String, String, HTTPVersion) {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .badRequestLine }
        let method = parts[0], target = parts[1]
        guard HTTPFieldSyntax.isValidName(method) else { throw .badRequestLine }
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .badRequestLine }
        guard let version = try version(parts[2], else: .badRequestLine) else { throw .badRequestLine }
        return (String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self), version)
    }

    static func status(_ line: ArraySlice<UInt8>) throws(HTTP1Error) -> (HTTPVersion, Int, String) {
        guard let space = line.firstIndex(of: 0x20) else { throw .badStatusLine }
        guard let version = try version(line[line.startIndex..<space], else: .badStatusLine) else { throw .badStatusLine }
        let rest = line[(space + 1)...]
        let digits = rest.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .badStatusLine }
        let status = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard status >= 100 else { throw .badStatusLine }
        let afterDigits = rest.dropFirst(3)
        var reason = ""
        if let space = afterDigits.first {
            guard space == 0x20 else { throw .badStatusLine }
            let text = afterDigits.dropFirst()
            guard text.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else { throw .badStatusLine }
            reason = String(decoding: text, as: UTF8.self)
        }
        return (version, status, reason)
    }

    /// `HTTP/1.0` or `HTTP/1.1`; `unsupportedVersion` for another well-formed `HTTP/d.d`, nil otherwise.
    private static func version(_ text: ArraySlice<UInt8>, else malformed: HTTP1Error) throws(HTTP1Error) -> HTTPVersion? {
        let bytes = Array(text)
        guard bytes.count == 8, bytes.starts(with: Array("HTTP/".utf8)), bytes[6] == UInt8(ascii: "."),
              bytes[5] >= 0x30, bytes[5] <= 0x39, bytes[7] >= 0x30, bytes[7] <= 0x39 else { return nil }
        switch (bytes[5], bytes[7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): return .http11
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): return .http10
        default: throw .unsupportedVersion
        }
    }
}

/// Header (and trailer) field lines.
enum FieldLines {
    static func parse<S: Sequence>(_ lines: S, limit: Int) throws(HTTP1Error) -> [HTTPField] where S.Element == ArraySlice<UInt8> {
        var fields: [HTTPField] = []
        for line in lines {
            guard fields.count < limit else { throw .tooManyFields(limit: limit) }
            fields.append(try field(line))
        }
        return fields
    }

    static func field(_ line: ArraySlice<UInt8>) throws(HTTP1Error) -> HTTPField {
        if let first = line.first, HTTPFieldSyntax.isWhitespace(first) { throw .obsoleteLineFolding }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .missingColon }
        let name = line[line.startIndex..<colon]
        guard HTTPFieldSyntax.isValidName(name) else { throw .invalidFieldName }
        var value = line[(colon + 1)...]
        while let f = value.first, HTTPFieldSyntax.isWhitespace(f) { value = value.dropFirst() }
        while let l = value.last, HTTPFieldSyntax.isWhitespace(l) { value = value.dropLast() }
        guard HTTPFieldSyntax.isValidValue(value) else { throw .invalidFieldValue }
        return HTTPField(name: String(decoding: name, as: UTF8.self), value: Array(value))
    }
}
