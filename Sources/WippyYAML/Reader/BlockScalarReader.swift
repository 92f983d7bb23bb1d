/// Literal (`|`) and folded (`>`) block scalars.
///
/// The rules follow YAML 1.2 §8.1 as implemented by libyaml (and so by
/// `gopkg.in/yaml.v3`): the content indentation is given by an indicator
/// digit (relative to the enclosing collection's indentation) or taken from
/// the first non-empty line; lines indented less end the scalar. Chomping:
/// `-` strips the final line break, the default keeps one, `+` keeps all
/// trailing line breaks. Folding (`>`) joins adjacent non-empty lines with a
/// space, except lines that start with a blank ("more-indented" lines), whose
/// line breaks are kept.
extension Reader {
    /// Parses a block scalar at the cursor's `|` or `>`.
    ///
    /// - Parameter parentIndent: The enclosing block collection's indentation
    ///   (`-1` at the top level); content must be indented more.
    mutating func parseBlockScalar(parentIndent: Int) throws(YAMLError) -> YAMLNode {
        let start = mark()
        let literal = current == ASCII.pipe
        position += 1

        // Header: up to one chomping indicator and one indentation digit, in either order.
        var chomping = 0  // -1 strip, 0 clip, +1 keep
        var chompingSet = false
        var increment = 0
        for _ in 0 ..< 2 {
            let byte = current
            if (byte == ASCII.plus || byte == ASCII.dash) && !chompingSet {
                chomping = byte == ASCII.plus ? 1 : -1
                chompingSet = true
                position += 1
            } else if byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9") && increment == 0 {
                increment = Int(byte - UInt8(ascii: "0"))
                position += 1
            } else if byte == UInt8(ascii: "0") {
                throw error(.syntax, "a block scalar's indentation indicator must be between 1 and 9")
            } else {
                break
            }
        }
        // libyaml (and so yaml.v3) also accepts a comment right after the indicators.
        if !isBlankOrEnd(at: position) && current != ASCII.hash {
            throw error(.syntax, "unexpected \(ASCII.describe(current)) in a block scalar header; expected '|' or '>' with optional '-', '+' or a digit 1-9, then a comment or the end of the line")
        }
        let headerLine = line
        if current == ASCII.hash { skipToLineEnd() }
        try finishLine(after: "the block scalar header")

        var indent = increment > 0 ? max(parentIndent, 0) + increment : 0
        var output: [UInt8] = []
        var pendingBreak = false    // the line break after the last content line
        var emptyLines = 0          // line breaks of empty lines since then
        var previousStartsWithBlank = false

        try scanBlockScalarBreaks(indent: &indent, emptyLines: &emptyLines, parentIndent: parentIndent)
        while position - lineStart == indent && !atEnd {
            let startsWithBlank = ASCII.isBlank(current)
            if !literal && pendingBreak && !previousStartsWithBlank && !startsWithBlank {
                if emptyLines == 0 { output.append(ASCII.space) }
            } else if pendingBreak {
                output.append(ASCII.lineFeed)
            }
            pendingBreak = false
            output.append(contentsOf: repeatElement(ASCII.lineFeed, count: emptyLines))
            emptyLines = 0
            previousStartsWithBlank = startsWithBlank

            let contentStart = position
            skipToLineEnd()
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart ..< position]))
            if !atEnd {
                pendingBreak = true
                consumeLineBreak()
            }
            try scanBlockScalarBreaks(indent: &indent, emptyLines: &emptyLines, parentIndent: parentIndent)
        }
        if chomping != -1 && pendingBreak { output.append(ASCII.lineFeed) }
        if chomping == 1 { output.append(contentsOf: repeatElement(ASCII.lineFeed, count: emptyLines)) }

        // The line that ended the scalar belongs to the parent: rewind over
        // the indentation read from it (there is none to rewind when the
        // input ended on the header or a content line).
        if line > headerLine && onlySpaces(from: lineStart, to: position) { position = lineStart }
        let text = String(decoding: output, as: UTF8.self)
        return YAMLNode(value: .string(text), mark: start, style: literal ? .literal : .folded, text: text)
    }

    /// Whether `start..<end` holds only spaces.
    private func onlySpaces(from start: Int, to end: Int) -> Bool {
        var offset = start
        while offset < end {
            if byte(at: offset) != ASCII.space { return false }
            offset += 1
        }
        return true
    }

    /// Consumes indentation and empty lines before the next content line,
    /// counting the empty lines; on the first call without an indentation
    /// indicator, detects the content indentation.
    private mutating func scanBlockScalarBreaks(
        indent: inout Int, emptyLines: inout Int, parentIndent: Int
    ) throws(YAMLError) {
        let detecting = indent == 0
        var widestEmptyLine = 0
        var widestEmptyLineMark: YAMLMark?
        while true {
            while (indent == 0 || position - lineStart < indent) && current == ASCII.space {
                position += 1
            }
            let column = position - lineStart
            if (indent == 0 || column < indent) && current == ASCII.tab {
                throw error(.tabIndentation, "tabs are not allowed to indent block scalar content; use spaces")
            }
            guard current == ASCII.lineFeed || current == ASCII.carriageReturn else { break }
            if detecting && column > widestEmptyLine {
                widestEmptyLine = column
                widestEmptyLineMark = mark()
            }
            consumeLineBreak()
            emptyLines += 1
        }
        guard detecting else { return }
        let firstTextIndent = position - lineStart
        if !atEnd && firstTextIndent > parentIndent && widestEmptyLine > firstTextIndent, let emptyLineMark = widestEmptyLineMark {
            throw YAMLError(
                .syntax,
                "a leading empty line of this block scalar has more spaces (\(widestEmptyLine)) than its first text line (\(firstTextIndent))",
                at: emptyLineMark
            )
        }
        indent = max(atEnd ? widestEmptyLine : max(widestEmptyLine, firstTextIndent), parentIndent + 1, 1)
    }
}
