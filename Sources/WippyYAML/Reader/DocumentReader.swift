/// The document level: byte order mark, directives, `---` and `...` markers.
extension Reader {
    /// Parses the single document in the input.
    mutating func parseDocument() throws(YAMLError) -> YAMLNode {
        // A byte order mark may start the input.
        if byte(at: 0) == 0xEF && byte(at: 1) == 0xBB && byte(at: 2) == 0xBF {
            position = 3
            lineStart = 3
        }

        var info = nextContentLine()
        if info != nil && current == ASCII.percent {
            throw error(.directive, "directives ('%YAML', '%TAG') are not supported")
        }

        var root: YAMLNode?
        if info != nil && atDocumentMarker() && current == ASCII.dash {
            // `---`, optionally followed by the root node on the same line.
            position += 3
            skipBlanks()
            if current == ASCII.hash || isBreakOrEnd(at: position) {
                skipToLineEnd()
                consumeLineBreak()
            } else {
                root = try parseNode(
                    column: position - lineStart, parentIndent: -1, allowsCollection: false,
                    sequenceEndsAtKey: false, depth: 0
                )
            }
            info = nextContentLine()
        }

        if root == nil, let line = info, !atDocumentMarker() {
            try rejectTab(in: line)
            position = line.content
            root = try parseNode(
                column: line.indent, parentIndent: -1, allowsCollection: true, sequenceEndsAtKey: false, depth: 0
            )
            info = nextContentLine()
        }
        let document = root ?? YAMLNode(value: .null, mark: mark(), style: .empty, text: "")

        // After the root, only `...`, comments and blank lines may follow.
        guard let line = info else { return document }
        if atDocumentMarker() && current == ASCII.dot {
            position += 3
            try finishLine(after: "'...'")
            guard nextContentLine() != nil else { return document }
            if current == ASCII.percent || atDocumentMarker() && current == ASCII.dash {
                throw error(.multipleDocuments, "only one document is supported; found another after '...'")
            }
            throw error(.syntax, "unexpected content after the document end marker '...'")
        }
        if atDocumentMarker() {
            throw error(.multipleDocuments, "only one document is supported; found a second '---'")
        }
        try rejectTab(in: line)
        position = line.content
        throw error(.syntax, "unexpected content after the document's root value (check the indentation)")
    }
}
