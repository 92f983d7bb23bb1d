/// The parser's cursor over validated UTF-8 input, with line tracking and
/// helpers shared by the block, flow and scalar readers (which are
/// extensions of this type in their own files).
///
/// Invariant between block-level steps: `position` is at the start of a line
/// (or at the end of the input). A zero byte never occurs in validated input,
/// so ``byte(at:)`` returns `0` to mean "end of input".
struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    /// The current byte offset.
    var position = 0
    /// The zero-based line number of ``position``.
    var line = 0
    /// The byte offset where the current line starts.
    var lineStart = 0

    /// Column cache for ``mark(at:)``: a known (offset, column) on `cacheLine`.
    private var cacheLine = -1
    private var cacheOffset = 0
    private var cacheColumn = 1

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    // MARK: Bytes

    /// The byte at `offset`, or 0 past the end.
    @inline(__always)
    func byte(at offset: Int) -> UInt8 {
        offset < bytes.count ? bytes[offset] : 0
    }

    /// The byte at the cursor, or 0 at the end.
    @inline(__always)
    var current: UInt8 { byte(at: position) }

    /// The byte `distance` bytes after the cursor, or 0 past the end.
    @inline(__always)
    func peek(_ distance: Int) -> UInt8 { byte(at: position + distance) }

    /// Whether the cursor is at the end of the input.
    var atEnd: Bool { position >= bytes.count }

    /// Whether `offset` is at a line break or the end of the input.
    @inline(__always)
    func isBreakOrEnd(at offset: Int) -> Bool {
        let byte = byte(at: offset)
        return byte == ASCII.lineFeed || byte == ASCII.carriageReturn || byte == 0
    }

    /// Whether `offset` is at a space, tab, line break or the end of the input.
    @inline(__always)
    func isBlankOrEnd(at offset: Int) -> Bool {
        ASCII.isBlank(byte(at: offset)) || isBreakOrEnd(at: offset)
    }

    /// Text of `start..<end` as a string.
    func string(_ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self)
    }

    // MARK: Moving

    /// Moves past spaces and tabs on the current line.
    mutating func skipBlanks() {
        while ASCII.isBlank(current) { position += 1 }
    }

    /// Moves to the line break (or end) of the current line.
    mutating func skipToLineEnd() {
        while !isBreakOrEnd(at: position) { position += 1 }
    }

    /// Consumes the line break at the cursor, if any, and starts a new line.
    mutating func consumeLineBreak() {
        if current == ASCII.carriageReturn { position += 1 }
        if current == ASCII.lineFeed {
            position += 1
            line += 1
            lineStart = position
        }
    }

    /// Skips blanks and an optional comment to the end of the line, then
    /// consumes the line break; throws if anything else is on the line.
    ///
    /// - Parameter what: What the rest of the line follows, for the message.
    mutating func finishLine(after what: String) throws(YAMLError) {
        skipBlanks()
        if current == ASCII.hash {
            skipToLineEnd()
        } else if !isBreakOrEnd(at: position) {
            throw error(.syntax, "unexpected \(ASCII.describe(current)) after \(what)")
        }
        consumeLineBreak()
    }

    // MARK: Lines

    /// The shape of a line that has content (not blank, not only a comment).
    struct LineInfo {
        /// Leading spaces.
        var indent: Int
        /// Offset of the first character that is not a space or tab.
        var content: Int
        /// Offset of the first tab before ``content``, if any.
        var tab: Int?
    }

    /// From the start of a line, skips blank and comment-only lines and
    /// describes the next content line, leaving the cursor at its start;
    /// returns `nil` at the end of the input.
    mutating func nextContentLine() -> LineInfo? {
        while position < bytes.count {
            var offset = position
            while byte(at: offset) == ASCII.space { offset += 1 }
            let indent = offset - position
            var tab: Int?
            while ASCII.isBlank(byte(at: offset)) {
                if tab == nil && byte(at: offset) == ASCII.tab { tab = offset }
                offset += 1
            }
            if isBreakOrEnd(at: offset) {
                position = offset
                consumeLineBreak()
                continue
            }
            if byte(at: offset) == ASCII.hash {
                position = offset
                skipToLineEnd()
                consumeLineBreak()
                continue
            }
            return LineInfo(indent: indent, content: offset, tab: tab)
        }
        return nil
    }

    /// Throws ``YAMLError/Kind/tabIndentation`` if the line is indented with a tab.
    mutating func rejectTab(in info: LineInfo) throws(YAMLError) {
        if let tab = info.tab {
            throw error(.tabIndentation, "tabs are not allowed for indentation; use spaces", at: tab)
        }
    }

    /// Whether the line starting at the cursor is a `---` or `...` marker.
    func atDocumentMarker() -> Bool {
        guard position == lineStart else { return false }
        let first = current
        guard first == ASCII.dash || first == ASCII.dot else { return false }
        return peek(1) == first && peek(2) == first && isBlankOrEnd(at: position + 3)
    }

    /// Whether `offset` holds a block sequence indicator: `-` followed by a
    /// space, tab, line break or the end.
    func isSequenceIndicator(at offset: Int) -> Bool {
        byte(at: offset) == ASCII.dash && isBlankOrEnd(at: offset + 1)
    }

    // MARK: Marks and errors

    /// The mark of the cursor.
    mutating func mark() -> YAMLMark {
        mark(at: position)
    }

    /// The mark of `offset`, which must be on the current line.
    mutating func mark(at offset: Int) -> YAMLMark {
        var column = 1
        var from = lineStart
        if cacheLine == line && cacheOffset <= offset && cacheOffset >= lineStart {
            column = cacheColumn
            from = cacheOffset
        }
        var index = from
        let end = min(offset, bytes.count)
        while index < end {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        cacheLine = line
        cacheOffset = end
        cacheColumn = column
        return YAMLMark(line: line + 1, column: column, offset: offset)
    }

    /// An error at the cursor.
    mutating func error(_ kind: YAMLError.Kind, _ message: String) -> YAMLError {
        YAMLError(kind, message, at: mark())
    }

    /// An error at `offset` on the current line.
    mutating func error(_ kind: YAMLError.Kind, _ message: String, at offset: Int) -> YAMLError {
        YAMLError(kind, message, at: mark(at: offset))
    }

    /// Throws ``YAMLError/Kind/nestingTooDeep`` if `depth` exceeds the limit.
    mutating func checkDepth(_ depth: Int) throws(YAMLError) {
        if depth > maxDepth {
            throw error(.nestingTooDeep, "collections are nested more than \(maxDepth) levels deep")
        }
    }

    /// Throws the error for a node property or indicator this reader does not
    /// support, if the cursor is at one: anchors, aliases, tags, complex keys,
    /// and reserved indicators.
    mutating func rejectUnsupportedStart() throws(YAMLError) {
        switch current {
        case ASCII.ampersand:
            throw error(.anchor, "anchors ('&name') are not supported")
        case ASCII.asterisk:
            throw error(.alias, "aliases ('*name') are not supported")
        case ASCII.exclamation:
            throw error(.tag, "tags ('!tag') are not supported")
        case ASCII.question where isBlankOrEnd(at: position + 1):
            throw error(.complexKey, "complex keys ('? key') are not supported")
        case ASCII.at, ASCII.backtick:
            throw error(.syntax, "\(ASCII.describe(current)) is reserved and cannot start a plain scalar; quote the value")
        case ASCII.percent:
            throw error(.syntax, "'%' cannot start a plain scalar; quote the value")
        default:
            break
        }
    }
}
