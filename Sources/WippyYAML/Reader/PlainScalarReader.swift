/// Plain (unquoted) scalars, in block and flow context, including
/// continuation lines, which are folded into one line.
extension Reader {
    /// Why a plain scalar's segment on one line ended.
    enum PlainStop {
        /// At a line break or the end of the input.
        case lineEnd
        /// At a comment (` #`); the cursor is on the blank before the `#`.
        case comment
        /// At a `:` that is a mapping value indicator; the cursor is on it.
        case colon
        /// At a flow indicator (`,[]{}`) in flow context; the cursor is on it.
        case flowIndicator
    }

    /// Scans the plain scalar text from the cursor to the end of its segment
    /// on this line, leaving the cursor at the reason it stopped.
    ///
    /// - Parameter flow: Whether the scalar is inside a flow collection, where
    ///   `,[]{}` end it and a `:` before them is an indicator.
    /// - Returns: The offset after the segment's last non-blank byte and the
    ///   reason for stopping.
    mutating func scanPlainSegment(flow: Bool) -> (end: Int, stop: PlainStop) {
        var offset = position
        var end = position
        while true {
            let byte = byte(at: offset)
            if byte == ASCII.lineFeed || byte == ASCII.carriageReturn || byte == 0 {
                position = offset
                return (end, .lineEnd)
            }
            if ASCII.isBlank(byte) {
                if self.byte(at: offset + 1) == ASCII.hash {
                    position = offset
                    return (end, .comment)
                }
                offset += 1
                continue
            }
            if byte == ASCII.colon {
                let next = self.byte(at: offset + 1)
                if isBlankOrEnd(at: offset + 1) || (flow && ASCII.isFlowIndicator(next)) {
                    position = offset
                    return (end, .colon)
                }
            }
            if flow && ASCII.isFlowIndicator(byte) {
                position = offset
                return (end, .flowIndicator)
            }
            offset += 1
            end = offset
        }
    }

    /// Finishes a plain scalar in block context whose first segment has been
    /// scanned, reading continuation lines indented more than `parentIndent`.
    ///
    /// A line break between two lines becomes a space; each empty line in
    /// between becomes a line feed. A comment ends the scalar.
    mutating func finishBlockPlainScalar(
        start: Int, firstEnd: Int, stop: PlainStop, parentIndent: Int, mark: YAMLMark
    ) throws(YAMLError) -> YAMLNode {
        // The folded text, once a continuation line was found (`isFolded`).
        var folded: [UInt8] = []
        var isFolded = false
        var stop = stop
        while stop == .lineEnd {
            consumeLineBreak()
            // Look ahead past empty lines for a continuation line.
            var emptyLines = 0
            var next: (indent: Int, content: Int)?
            while position < bytes.count {
                var offset = position
                while byte(at: offset) == ASCII.space { offset += 1 }
                let indent = offset - position
                while ASCII.isBlank(byte(at: offset)) { offset += 1 }
                if isBreakOrEnd(at: offset) {
                    if offset >= bytes.count { break }
                    position = offset
                    consumeLineBreak()
                    emptyLines += 1
                    continue
                }
                next = (indent, offset)
                break
            }
            guard let line = next, line.indent > parentIndent, byte(at: line.content) != ASCII.hash,
                  !atDocumentMarker()
            else { break }

            if !isFolded {
                folded = Array(UnsafeBufferPointer(rebasing: bytes[start ..< firstEnd]))
                isFolded = true
            }
            if emptyLines == 0 {
                folded.append(ASCII.space)
            } else {
                folded.append(contentsOf: repeatElement(ASCII.lineFeed, count: emptyLines))
            }
            position = line.content
            let segment = scanPlainSegment(flow: false)
            if case .colon = segment.stop {
                throw error(.syntax, "mapping values are not allowed here (a ': ' in a continuation line of a plain scalar)")
            }
            folded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[line.content ..< segment.end]))
            stop = segment.stop
        }
        if stop == .comment {
            skipToLineEnd()
            consumeLineBreak()
        }
        let text = isFolded ? String(decoding: folded, as: UTF8.self) : string(start, firstEnd)
        return YAMLNode(value: ScalarResolver.resolve(text), mark: mark, style: .plain, text: text)
    }

    /// Reads a plain scalar inside a flow collection, folding continuation
    /// lines; stops before the flow indicator, `:` indicator or comment that
    /// ends it.
    mutating func parseFlowPlainScalar() -> YAMLNode {
        let start = mark()
        let contentStart = position
        var segment = scanPlainSegment(flow: true)
        // The folded text, once a continuation line was found (`isFolded`).
        var folded: [UInt8] = []
        var isFolded = false
        while segment.stop == .lineEnd && !atEnd {
            let saved = (position, line, lineStart)
            consumeLineBreak()
            var emptyLines = 0
            while true {
                skipBlanks()
                guard !atEnd, isBreakOrEnd(at: position) else { break }
                consumeLineBreak()
                emptyLines += 1
            }
            let next = current
            let indicatorColon = next == ASCII.colon
                && (isBlankOrEnd(at: position + 1) || ASCII.isFlowIndicator(peek(1)))
            if atEnd || next == ASCII.hash || ASCII.isFlowIndicator(next) || indicatorColon
                || atLineStartDocumentMarker() {
                // Not a continuation: let the flow reader see this line.
                (position, line, lineStart) = saved
                break
            }
            if !isFolded {
                folded = Array(UnsafeBufferPointer(rebasing: bytes[contentStart ..< segment.end]))
                isFolded = true
            }
            if emptyLines == 0 {
                folded.append(ASCII.space)
            } else {
                folded.append(contentsOf: repeatElement(ASCII.lineFeed, count: emptyLines))
            }
            let lineContent = position
            segment = scanPlainSegment(flow: true)
            folded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineContent ..< segment.end]))
        }
        let text = isFolded ? String(decoding: folded, as: UTF8.self) : string(contentStart, segment.end)
        return YAMLNode(value: ScalarResolver.resolve(text), mark: start, style: .plain, text: text)
    }

    /// Whether the cursor, after leading blanks of a line, is really at the
    /// start of a `---` or `...` line.
    private func atLineStartDocumentMarker() -> Bool {
        guard position == lineStart else { return false }
        return atDocumentMarker()
    }
}
