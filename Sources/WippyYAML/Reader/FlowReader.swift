/// Flow collections: `[a, b]` and `{key: value}`, nested and spanning lines.
///
/// Inside flow collections, indentation does not matter and line breaks are
/// whitespace; comments need a blank before `#`. Single-pair mappings inside
/// sequences (`[a: 1]`) and complex keys are not supported.
extension Reader {
    /// Parses the flow collection at the cursor's `[` or `{`, leaving the
    /// cursor after the closing bracket.
    ///
    /// - Parameter depth: The collection's nesting depth (1 for the outermost).
    mutating func parseFlowCollection(depth: Int) throws(YAMLError) -> YAMLNode {
        try checkDepth(depth)
        if current == ASCII.leftBracket {
            return try parseFlowSequence(depth: depth)
        }
        return try parseFlowMapping(depth: depth)
    }

    private mutating func parseFlowSequence(depth: Int) throws(YAMLError) -> YAMLNode {
        let start = mark()
        position += 1
        var items: [YAMLNode] = []
        while true {
            try skipFlowWhitespace(open: start, closer: "]")
            if current == ASCII.rightBracket {
                position += 1
                break
            }
            items.append(try parseFlowNode(depth: depth))
            try skipFlowWhitespace(open: start, closer: "]")
            switch current {
            case ASCII.comma:
                position += 1
            case ASCII.rightBracket:
                position += 1
                return YAMLNode(value: .list(items.map(\.value)), mark: start, style: .flowList, text: nil, items: items)
            case ASCII.colon:
                throw error(.syntax, "mappings inside flow sequences ('[key: value]') are not supported; write '[{key: value}]'")
            default:
                throw error(.syntax, "expected ',' or ']' in a flow sequence, found \(ASCII.describe(current))")
            }
        }
        return YAMLNode(value: .list(items.map(\.value)), mark: start, style: .flowList, text: nil, items: items)
    }

    private mutating func parseFlowMapping(depth: Int) throws(YAMLError) -> YAMLNode {
        let start = mark()
        position += 1
        var map = YAMLMap()
        while true {
            try skipFlowWhitespace(open: start, closer: "}")
            if current == ASCII.rightBrace {
                position += 1
                break
            }

            // The key: a plain or quoted scalar on one line.
            let keyMark = mark()
            let keyLine = line
            let key: String
            var quotedKey = false
            switch current {
            case ASCII.leftBracket, ASCII.leftBrace:
                throw error(.complexKey, "flow collections cannot be mapping keys")
            case ASCII.colon where isBlankOrEnd(at: position + 1) || ASCII.isFlowIndicator(peek(1)):
                throw error(.complexKey, "empty mapping keys are not supported")
            case ASCII.doubleQuote, ASCII.singleQuote:
                key = try parseQuotedScalar().text
                quotedKey = true
            default:
                key = try parseFlowNode(depth: depth).text ?? ""
            }
            if line != keyLine {
                throw YAMLError(.syntax, "a mapping key must be on a single line", at: keyMark)
            }
            if let existing = map.entry(forKey: key) {
                throw YAMLError(.duplicateKey, "duplicate key '\(key)' (first defined at \(existing.keyMark))", at: keyMark)
            }

            // The value, if there is a ':'.
            try skipFlowWhitespace(open: start, closer: "}")
            let value: YAMLNode
            if current == ASCII.colon && !quotedKey && ASCII.isFlowIndicator(peek(1)) {
                throw error(.syntax, "ambiguous ':' directly before \(ASCII.describe(peek(1))); write 'key: value' with a space after ':', or quote the text")
            }
            if current == ASCII.colon && (quotedKey || isBlankOrEnd(at: position + 1)) {
                let colonMark = mark()
                position += 1
                try skipFlowWhitespace(open: start, closer: "}")
                if current == ASCII.comma || current == ASCII.rightBrace {
                    value = YAMLNode(value: .null, mark: colonMark, style: .empty, text: "")
                } else {
                    value = try parseFlowNode(depth: depth)
                }
            } else if current == ASCII.comma || current == ASCII.rightBrace {
                value = YAMLNode(value: .null, mark: keyMark, style: .empty, text: "")
            } else {
                throw error(.syntax, "expected ':', ',' or '}' after a flow mapping key, found \(ASCII.describe(current))")
            }
            map.append(YAMLMap.Entry(key: key, keyMark: keyMark, node: value))

            try skipFlowWhitespace(open: start, closer: "}")
            switch current {
            case ASCII.comma:
                position += 1
            case ASCII.rightBrace:
                position += 1
                return YAMLNode(value: .map(map), mark: start, style: .flowMap, text: nil)
            default:
                throw error(.syntax, "expected ',' or '}' in a flow mapping, found \(ASCII.describe(current))")
            }
        }
        return YAMLNode(value: .map(map), mark: start, style: .flowMap, text: nil)
    }

    /// Parses one node inside a flow collection.
    private mutating func parseFlowNode(depth: Int) throws(YAMLError) -> YAMLNode {
        let first = current
        switch first {
        case ASCII.leftBracket, ASCII.leftBrace:
            return try parseFlowCollection(depth: depth + 1)
        case ASCII.doubleQuote, ASCII.singleQuote:
            let start = mark()
            let text = try parseQuotedScalar().text
            return YAMLNode(
                value: .string(text), mark: start,
                style: first == ASCII.doubleQuote ? .doubleQuoted : .singleQuoted, text: text
            )
        default:
            break
        }
        try rejectUnsupportedStart()
        let next = peek(1)
        switch first {
        case ASCII.pipe, ASCII.greater:
            throw error(.syntax, "block scalars ('|', '>') are not allowed inside flow collections")
        case ASCII.dash where isBlankOrEnd(at: position + 1):
            throw error(.syntax, "block sequence entries ('- ') are not allowed inside flow collections")
        case ASCII.comma, ASCII.rightBracket, ASCII.rightBrace:
            throw error(.syntax, "unexpected \(ASCII.describe(first)) in a flow collection; expected a value")
        case ASCII.hash:
            throw error(.syntax, "'#' cannot start a value; put a blank before a comment or quote the value")
        case ASCII.dash where ASCII.isFlowIndicator(next), ASCII.question, ASCII.colon:
            // YAML readers disagree about these inside flow collections
            // (libyaml reads `?x` as a complex key and `:x` as a value).
            throw error(.syntax, "a value starting with \(ASCII.describe(first)) inside a flow collection must be quoted")
        default:
            return parseFlowPlainScalar()
        }
    }

    /// Skips blanks, line breaks and comments inside a flow collection.
    ///
    /// - Parameters:
    ///   - open: The mark of the collection's opening bracket, for errors.
    ///   - closer: The closing bracket, for errors.
    private mutating func skipFlowWhitespace(open: YAMLMark, closer: String) throws(YAMLError) {
        while true {
            let byte = current
            if ASCII.isBlank(byte) {
                position += 1
            } else if byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
                consumeLineBreak()
                if atDocumentMarker() {
                    throw error(.syntax, "document marker inside a flow collection (missing '\(closer)' for the one at \(open)?)")
                }
            } else if byte == ASCII.hash && (position == lineStart || ASCII.isBlank(self.byte(at: position - 1)) || self.byte(at: position - 1) == ASCII.lineFeed) {
                skipToLineEnd()
            } else if byte == 0 {
                throw YAMLError(.syntax, "unterminated flow collection (missing '\(closer)')", at: open)
            } else {
                return
            }
        }
    }
}
