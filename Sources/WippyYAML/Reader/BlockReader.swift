/// Block structure: mappings (`key: value` lines), sequences (`- item`
/// lines) and the nodes inside them, laid out by indentation.
///
/// Every function here returns with the cursor at the start of a line (or at
/// the end of the input), having consumed the node's last line.
extension Reader {
    /// Parses the node that starts at the cursor, the first character of the
    /// node's text.
    ///
    /// - Parameters:
    ///   - column: The node's column as a zero-based byte offset in its line
    ///     (only spaces and `- ` indicators precede a block collection, so
    ///     this is also its indentation).
    ///   - parentIndent: The indentation of the enclosing block collection,
    ///     `-1` at the top level. Continuation lines must be indented more.
    ///   - allowsCollection: Whether a block mapping or sequence may start
    ///     here (at the start of a line or after `- `, but not after `key: `).
    ///   - sequenceEndsAtKey: Whether this is a sequence at its parent key's
    ///     indentation, which ends at the next key instead of being an error.
    ///   - depth: The number of collections around this node.
    mutating func parseNode(
        column: Int, parentIndent: Int, allowsCollection: Bool, sequenceEndsAtKey: Bool, depth: Int
    ) throws(YAMLError) -> YAMLNode {
        let start = mark()
        let first = current

        if isSequenceIndicator(at: position) {
            guard allowsCollection else {
                throw error(.syntax, "a block sequence cannot start on the same line as a mapping key; start the '- ' entries on the next line")
            }
            try rejectTabsBeforeCollection(startingAt: start.offset)
            return try parseBlockSequence(indent: column, endsAtKey: sequenceEndsAtKey, depth: depth + 1)
        }
        if first == ASCII.colon && isBlankOrEnd(at: position + 1) {
            if allowsCollection { throw error(.complexKey, "empty mapping keys are not supported") }
            throw error(.syntax, "mapping values are not allowed here")
        }
        try rejectUnsupportedStart()

        switch first {
        case ASCII.pipe, ASCII.greater:
            return try parseBlockScalar(parentIndent: parentIndent)

        case ASCII.doubleQuote, ASCII.singleQuote:
            let (text, multiLine) = try parseQuotedScalar()
            skipBlanks()
            if current == ASCII.colon && isBlankOrEnd(at: position + 1) {
                guard allowsCollection else { throw error(.syntax, "mapping values are not allowed here") }
                guard !multiLine else { throw YAMLError(.syntax, "a mapping key must be on a single line", at: start) }
                try rejectTabsBeforeCollection(startingAt: start.offset)
                return try parseBlockMapping(indent: column, firstKey: text, keyMark: start, depth: depth + 1)
            }
            try finishLine(after: "a quoted scalar")
            return YAMLNode(
                value: .string(text), mark: start,
                style: first == ASCII.doubleQuote ? .doubleQuoted : .singleQuoted, text: text
            )

        case ASCII.leftBracket, ASCII.leftBrace:
            let node = try parseFlowCollection(depth: depth + 1)
            skipBlanks()
            if current == ASCII.colon && isBlankOrEnd(at: position + 1) {
                guard allowsCollection else { throw error(.syntax, "mapping values are not allowed here") }
                throw YAMLError(.complexKey, "flow collections cannot be mapping keys", at: start)
            }
            try finishLine(after: "a flow collection")
            return node

        case ASCII.rightBracket, ASCII.rightBrace, ASCII.comma, ASCII.hash:
            throw error(.syntax, "unexpected \(ASCII.describe(first)); quote the value if it is text")

        default:
            let contentStart = position
            let segment = scanPlainSegment(flow: false)
            if case .colon = segment.stop {
                guard allowsCollection else { throw error(.syntax, "mapping values are not allowed here") }
                let key = string(contentStart, segment.end)
                try rejectTabsBeforeCollection(startingAt: start.offset)
                return try parseBlockMapping(indent: column, firstKey: key, keyMark: start, depth: depth + 1)
            }
            return try finishBlockPlainScalar(
                start: contentStart, firstEnd: segment.end, stop: segment.stop, parentIndent: parentIndent, mark: start
            )
        }
    }

    /// Parses the node on the lines after a `key:` or `-` that had nothing
    /// after it on its own line. A node indented no more than `parentIndent`
    /// (or no node at all) means the value is empty.
    mutating func parseIndentedNode(
        parentIndent: Int, sequenceAtParentIndent: Bool, emptyMark: YAMLMark, depth: Int
    ) throws(YAMLError) -> YAMLNode {
        let empty = YAMLNode(value: .null, mark: emptyMark, style: .empty, text: "")
        guard let info = nextContentLine(), !atDocumentMarker() else { return empty }
        let compact = sequenceAtParentIndent && info.indent == parentIndent && isSequenceIndicator(at: info.content)
        guard info.indent > parentIndent || compact else { return empty }
        try rejectTab(in: info)
        position = info.content
        return try parseNode(
            column: info.indent, parentIndent: parentIndent, allowsCollection: true,
            sequenceEndsAtKey: compact, depth: depth
        )
    }

    /// Parses a block mapping whose first key has been read; the cursor is at
    /// that key's `:`.
    mutating func parseBlockMapping(
        indent: Int, firstKey: String, keyMark firstKeyMark: YAMLMark, depth: Int
    ) throws(YAMLError) -> YAMLNode {
        try checkDepth(depth)
        var map = YAMLMap()
        var key = firstKey
        var keyMark = firstKeyMark
        while true {
            if let existing = map.entry(forKey: key) {
                throw YAMLError(.duplicateKey, "duplicate key '\(key)' (first defined at \(existing.keyMark))", at: keyMark)
            }
            let colonMark = mark()
            position += 1
            let value = try parseMappingValue(mapIndent: indent, colonMark: colonMark, depth: depth)
            map.append(YAMLMap.Entry(key: key, keyMark: keyMark, node: value))

            guard let info = nextContentLine(), !atDocumentMarker(), info.indent >= indent else { break }
            try rejectTab(in: info)
            position = info.content
            if info.indent > indent {
                throw error(.syntax, "unexpected indentation; the keys of this mapping start at column \(indent + 1)")
            }
            (key, keyMark) = try parseMappingKey(depth: depth)
        }
        return YAMLNode(value: .map(map), mark: firstKeyMark, style: .blockMap, text: nil)
    }

    /// Reads the value after a mapping key's `:` (the cursor is just past it).
    private mutating func parseMappingValue(mapIndent: Int, colonMark: YAMLMark, depth: Int) throws(YAMLError) -> YAMLNode {
        skipBlanks()
        if current == ASCII.hash || isBreakOrEnd(at: position) {
            skipToLineEnd()
            consumeLineBreak()
            return try parseIndentedNode(
                parentIndent: mapIndent, sequenceAtParentIndent: true, emptyMark: colonMark, depth: depth
            )
        }
        return try parseNode(
            column: position - lineStart, parentIndent: mapIndent, allowsCollection: false,
            sequenceEndsAtKey: false, depth: depth
        )
    }

    /// Reads a key of a mapping that continues on a new line, leaving the
    /// cursor at the key's `:`.
    private mutating func parseMappingKey(depth: Int) throws(YAMLError) -> (String, YAMLMark) {
        let start = mark()
        if isSequenceIndicator(at: position) {
            throw error(.syntax, "expected a mapping key, found a sequence entry ('- ') at the mapping's indentation")
        }
        if current == ASCII.colon && isBlankOrEnd(at: position + 1) {
            throw error(.complexKey, "empty mapping keys are not supported")
        }
        try rejectUnsupportedStart()
        switch current {
        case ASCII.doubleQuote, ASCII.singleQuote:
            let (text, multiLine) = try parseQuotedScalar()
            skipBlanks()
            guard current == ASCII.colon && isBlankOrEnd(at: position + 1) else {
                throw error(.syntax, "expected ':' after the mapping key")
            }
            if multiLine { throw YAMLError(.syntax, "a mapping key must be on a single line", at: start) }
            return (text, start)
        case ASCII.leftBracket, ASCII.leftBrace:
            _ = try parseFlowCollection(depth: depth + 1)
            skipBlanks()
            if current == ASCII.colon && isBlankOrEnd(at: position + 1) {
                throw YAMLError(.complexKey, "flow collections cannot be mapping keys", at: start)
            }
            throw YAMLError(.syntax, "expected a mapping key, found a flow collection", at: start)
        case ASCII.pipe, ASCII.greater, ASCII.rightBracket, ASCII.rightBrace, ASCII.comma:
            throw error(.syntax, "expected a mapping key, found \(ASCII.describe(current))")
        default:
            let contentStart = position
            let segment = scanPlainSegment(flow: false)
            guard case .colon = segment.stop else {
                throw YAMLError(.syntax, "expected 'key: value'; this line has no ':' after its first word(s)", at: start)
            }
            return (string(contentStart, segment.end), start)
        }
    }

    /// Parses a block sequence; the cursor is at its first `-`.
    mutating func parseBlockSequence(indent: Int, endsAtKey: Bool, depth: Int) throws(YAMLError) -> YAMLNode {
        try checkDepth(depth)
        let start = mark()
        var items: [YAMLNode] = []
        while true {
            let dashMark = mark()
            position += 1
            skipBlanks()
            let item: YAMLNode
            if current == ASCII.hash || isBreakOrEnd(at: position) {
                skipToLineEnd()
                consumeLineBreak()
                item = try parseIndentedNode(
                    parentIndent: indent, sequenceAtParentIndent: false, emptyMark: dashMark, depth: depth
                )
            } else {
                item = try parseNode(
                    column: position - lineStart, parentIndent: indent, allowsCollection: true,
                    sequenceEndsAtKey: false, depth: depth
                )
            }
            items.append(item)

            guard let info = nextContentLine(), !atDocumentMarker(), info.indent >= indent else { break }
            try rejectTab(in: info)
            if isSequenceIndicator(at: info.content) && info.indent == indent {
                position = info.content
                continue
            }
            if info.indent == indent && endsAtKey { break }
            position = info.content
            if info.indent > indent {
                throw error(.syntax, "unexpected indentation; the entries of this sequence start at column \(indent + 1)")
            }
            throw error(.syntax, "expected a sequence entry ('- ') at this indentation")
        }
        return YAMLNode(value: .list(items.map(\.value)), mark: start, style: .blockList, text: nil, items: items)
    }

    /// Throws ``YAMLError/Kind/tabIndentation`` if a tab precedes `start` on
    /// its line, where a block collection starts (`-\tkey: v`).
    private mutating func rejectTabsBeforeCollection(startingAt start: Int) throws(YAMLError) {
        var offset = lineStart
        while offset < start {
            if byte(at: offset) == ASCII.tab {
                throw error(.tabIndentation, "tabs are not allowed for indentation; use spaces", at: offset)
            }
            offset += 1
        }
    }
}
