/// A WebAssembly text (`.wat` module or `.wast` script) that could not be parsed.
///
/// `message` uses the words of the WebAssembly specification's reference interpreter where the
/// spec tests check them: "unexpected token", "unknown operator", "constant out of range",
/// "inline function type", "alignment", "unknown label", "mismatching label",
/// "duplicate func", "unexpected end", "malformed UTF-8 encoding", …
public struct WATError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Line of the problem, from 1.
    public var line: Int
    /// Column of the problem in Unicode scalars, from 1.
    public var column: Int
    /// What was wrong, in the specification's words (spec scripts compare them).
    public var message: String
    /// The word the problem is about, for `unknown operator` (shortened when long).
    public var token: String?

    /// Creates an error.
    public init(message: String, line: Int, column: Int, token: String? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.token = token
    }

    /// `"<line>:<column>: <message>"`, then the word in backquotes when there is one:
    /// `3:7: unknown operator `i32.bogus``.
    public var description: String {
        "\(line):\(column): \(message)" + (token.map { " `\($0)`" } ?? "")
    }
}

/// The error the parser throws internally: a message and the byte offset in the source, turned
/// into a ``WATError`` with line and column at the public boundary.
struct TextError: Error {
    var message: String
    var offset: Int

    init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// The public error, with the line and column of `offset` in `source`.
    func located(in source: [UInt8]) -> WATError {
        let (line, column) = SourcePosition.lineAndColumn(of: offset, in: source)
        let token = message == "unknown operator" ? Self.word(at: offset, in: source) : nil
        return WATError(message: message, line: line, column: column, token: token)
    }

    /// The word starting at `offset`: up to white space or a parenthesis, at most 60 bytes.
    static func word(at offset: Int, in source: [UInt8]) -> String? {
        guard offset >= 0, offset < source.count else { return nil }
        var end = offset
        while end < source.count, end - offset < 60,
              !([0x20, 0x09, 0x0A, 0x0D, 0x28, 0x29] as [UInt8]).contains(source[end]) { end += 1 }
        guard end > offset else { return nil }
        let text = String(decoding: source[offset..<end], as: UTF8.self)
        let cut = end < source.count && !([0x20, 0x09, 0x0A, 0x0D, 0x28, 0x29] as [UInt8]).contains(source[end])
        return cut ? text + "…" : text
    }
}

/// Line and column numbers of byte offsets.
struct LineIndex {
    /// Byte offset where each line starts (line 1 first).
    private var starts: [Int] = [0]
    private let source: [UInt8]

    /// Indexes the lines of `source`. A line ends at `\n`, at `\r\n`, or at a `\r` alone.
    init(_ source: [UInt8]) {
        self.source = source
        var i = 0
        let n = source.count
        while i < n {
            let byte = source[i]
            if byte == 0x0A {
                starts.append(i + 1)
            } else if byte == 0x0D {
                if i + 1 < n, source[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
    }

    /// The 1-based line of `offset`.
    func line(of offset: Int) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The 1-based line and column (in Unicode scalars) of `offset`.
    func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), source.count)
        let line = self.line(of: end)
        var column = 1
        var j = starts[line - 1]
        while j < end {
            if source[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        return (line, column)
    }
}

/// Positions of byte offsets for one-off errors.
enum SourcePosition {
    /// The 1-based line and column (in Unicode scalars) of `offset` in `source`.
    static func lineAndColumn(of offset: Int, in source: [UInt8]) -> (line: Int, column: Int) {
        LineIndex(source).lineAndColumn(of: offset)
    }
}
