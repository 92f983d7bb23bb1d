import WasmBinary

// The custom annotations of the text format (the specification's appendix on custom sections
// and annotations): `@custom` gives a custom section, `@name` a name of the `name` section,
// `@metadata.code.branch_hint` an entry of the `metadata.code.branch_hint` section. The lexer
// records where each one is (``Annotation/at``: the token after it); here they are matched to
// the fields around them. Error messages are the reference interpreter's.

extension ModuleParser {
    /// The index of the field whose tokens contain position `at` (the annotation is after the
    /// field's `(` and before or at its `)`), or nil when `at` is between fields.
    func field(containing at: Int) -> Int? {
        var low = 0
        var high = fields.count
        // The first field whose `(` is at or after `at`.
        while low < high {
            let mid = (low + high) / 2
            if fields[mid].open < at { low = mid + 1 } else { high = mid }
        }
        guard low > 0, at <= fields[low - 1].close else { return nil }
        return low - 1
    }

    /// The token at `index` of an annotation's contents.
    func annotationToken(_ index: Int32) -> Token { annotationTokens[Int(index)] }

    /// An error at an annotation's `(`.
    func error(_ message: String, annotation: Annotation) -> TextError {
        TextError(message, at: Int(annotation.start))
    }

    /// The decoded bytes of a string token inside an annotation.
    func annotationString(_ token: Token) throws(TextError) -> [UInt8] {
        try StringLiteral.decode(p, Int(token.start), Int(token.end))
    }

    /// The text of a word token inside an annotation.
    func annotationWord(_ token: Token) -> [UInt8] {
        Array(UnsafeBufferPointer(rebasing: p[Int(token.start)..<Int(token.end)]))
    }

    /// Checks where the branch hints are (in a defined function) and keeps them, before the
    /// fields are encoded: each function body resolves its own (``resolveBranchHints(_:)``).
    mutating func collectBranchHints() throws(TextError) {
        for annotation in annotations where annotation.kind == .branchHint {
            guard let index = field(containing: Int(annotation.at)),
                  fields[index].kind == .function, !fields[index].isImport
            else {
                throw error("@metadata.code.branch_hint annotation: not in a function", annotation: annotation)
            }
            branchHintAnnotations.append(annotation)
        }
    }

    /// The branch hints of the function body just encoded in `output` (field `field`): each
    /// hint belongs to the first instruction after it, which the reference tools record whatever
    /// it is (a hint on anything but `if` or `br_if` makes the section invalid, not the text
    /// malformed). The hints are taken in order (functions are encoded in text order), and the
    /// instructions are found by binary search: no work grows with hints times instructions.
    mutating func resolveBranchHints(_ field: Field) throws(TextError) {
        var end = nextBranchHint
        while end < branchHintAnnotations.count, Int(branchHintAnnotations[end].at) <= field.close { end += 1 }
        guard end > nextBranchHint else { return }
        let annotationsHere = branchHintAnnotations[nextBranchHint..<end]
        nextBranchHint = end
        // The body's instructions by source position (folded ones are written after their operands).
        let marks = bodyMarks.sorted { $0.source < $1.source }
        var hints: [(offset: UInt32, value: UInt8, annotation: Annotation)] = []
        hints.reserveCapacity(annotationsHere.count)
        for annotation in annotationsHere {
            var value: [UInt8] = []
            var i = annotation.contentFrom
            while i < annotation.contentTo {
                let token = annotationToken(i)
                guard token.kind == .string else {
                    throw TextError("@metadata.code.branch_hint annotation: unexpected token", at: Int(token.start))
                }
                value.append(contentsOf: try annotationString(token))
                guard value.count <= 1 else { break }
                i += 1
            }
            guard value == [0] || value == [1] else {
                throw error("@metadata.code.branch_hint annotation: invalid hint value", annotation: annotation)
            }
            // The first instruction (by its keyword's position) at or after the annotation.
            let after = tokens[Int(annotation.at)].start
            var low = 0
            var high = marks.count
            while low < high {
                let mid = (low + high) / 2
                if marks[mid].source < after { low = mid + 1 } else { high = mid }
            }
            guard low < marks.count, let offset = UInt32(exactly: marks[low].binary) else {
                throw error("@metadata.code.branch_hint annotation: invalid placement", annotation: annotation)
            }
            hints.append((offset, value[0], annotation))
        }
        // Sorted by offset, then by position: of two hints on one instruction, the later is reported.
        hints.sort { $0.offset != $1.offset ? $0.offset < $1.offset : $0.annotation.start < $1.annotation.start }
        var duplicate: Annotation?
        for k in hints.indices.dropFirst() where hints[k].offset == hints[k - 1].offset {
            if let found = duplicate, found.start <= hints[k].annotation.start { continue }
            duplicate = hints[k].annotation
        }
        if let duplicate {
            throw error("@metadata.code.branch_hint annotation: duplicate annotation", annotation: duplicate)
        }
        branchHintSection.appendULEB(field.index)
        branchHintSection.appendULEB(UInt64(hints.count))
        for hint in hints {
            branchHintSection.appendULEB(hint.offset)
            branchHintSection.append(1)
            branchHintSection.append(hint.value)
        }
        branchHintFunctionCount += 1
    }

    /// The `@custom` and `@name` annotations, after the fields are encoded (so errors in the
    /// fields come first, as in the reference interpreter).
    mutating func interpretAnnotations() throws(TextError) {
        for annotation in annotations {
            switch annotation.kind {
            case .custom: customSections.append(try customSection(annotation))
            case .name: try nameAnnotation(annotation)
            case .branchHint: break
            }
        }
    }

    /// `(@custom "name" ((before|after) section)? "data"*)`, which must be between fields.
    mutating func customSection(_ annotation: Annotation) throws(TextError) -> CustomSectionText {
        var i = annotation.contentFrom
        let end = annotation.contentTo
        guard i < end, annotationToken(i).kind == .string else {
            throw error("@custom annotation: missing section name", annotation: annotation)
        }
        let name = try annotationString(annotationToken(i))
        guard UTF8Validation.isValid(name) else {
            throw TextError("@custom annotation: malformed UTF-8 encoding", at: Int(annotationToken(i).start))
        }
        i += 1
        var placement = CustomPlacement.afterLast
        if i < end, annotationToken(i).kind == .leftParen {
            let open = annotationToken(i)
            i += 1
            let direction = i < end && annotationToken(i).kind == .keyword ? annotationWord(annotationToken(i)) : []
            let before = direction == Array("before".utf8)
            guard before || direction == Array("after".utf8) else {
                throw TextError("@custom annotation: malformed placement", at: Int(open.start))
            }
            i += 1
            guard i < end, annotationToken(i).kind == .keyword else {
                throw TextError("@custom annotation: malformed section kind", at: Int(open.start))
            }
            let section = annotationWord(annotationToken(i))
            if section == Array("first".utf8) {
                placement = before ? .beforeFirst : .after(.type)
            } else if section == Array("last".utf8) {
                placement = before ? .before(.data) : .afterLast
            } else if let anchor = CustomPlacement.Anchor(keyword: section) {
                placement = before ? .before(anchor) : .after(anchor)
            } else {
                throw TextError("@custom annotation: malformed section kind", at: Int(open.start))
            }
            i += 1
            guard i < end, annotationToken(i).kind == .rightParen else {
                throw TextError("@custom annotation: unexpected token", at: Int(annotationToken(min(i, end - 1)).start))
            }
            i += 1
        }
        var content: [UInt8] = []
        while i < end, annotationToken(i).kind == .string {
            content.append(contentsOf: try annotationString(annotationToken(i)))
            i += 1
        }
        guard i == end else {
            throw TextError("@custom annotation: unexpected token", at: Int(annotationToken(i).start))
        }
        if field(containing: Int(annotation.at)) != nil {
            throw error("misplaced @custom annotation", annotation: annotation)
        }
        return CustomSectionText(name: name, placement: placement, content: content)
    }

    /// `(@name "string")` after `module $id?`, `func $id?` or `tag $id?` (definitions and
    /// imports). On parameters, locals, types and fields it is accepted and not written.
    mutating func nameAnnotation(_ annotation: Annotation) throws(TextError) {
        let i = annotation.contentFrom
        guard i < annotation.contentTo, annotationToken(i).kind == .string else {
            throw error("@name annotation: string expected", annotation: annotation)
        }
        let name = try annotationString(annotationToken(i))
        guard UTF8Validation.isValid(name) else {
            throw TextError("malformed UTF-8 encoding", at: Int(annotationToken(i).start))
        }
        guard i + 1 == annotation.contentTo else {
            throw TextError("@name annotation: unexpected token", at: Int(annotationToken(i + 1).start))
        }
        let at = Int(annotation.at)
        guard let index = field(containing: at) else {
            // Between fields: only before the first one, where it names the module.
            guard fields.isEmpty || at <= fields[0].open else {
                throw error("misplaced @name annotation", annotation: annotation)
            }
            guard moduleNameAnnotation == nil else {
                throw error("@name annotation: multiple module names", annotation: annotation)
            }
            moduleNameAnnotation = name
            return
        }
        let field = fields[index]
        // The keyword the name must follow: the field's, or an import's descriptor's.
        let keyword = field.kind == .import ? field.open + 5 : field.open + 1
        let named = keyword + (kind(keyword + 1) == .identifier ? 2 : 1)
        if at == named, field.kind == .function || field.kind == .tag
            || (field.kind == .import && (isKeyword(keyword, "func") || isKeyword(keyword, "tag")))
        {
            if field.kind == .function || (field.kind == .import && isKeyword(keyword, "func")) {
                guard annotatedFunctionNames.updateValue(name, forKey: field.index) == nil else {
                    throw error("@name annotation: multiple function names", annotation: annotation)
                }
            } else {
                guard annotatedTagNames.updateValue(name, forKey: field.index) == nil else {
                    throw error("@name annotation: multiple tag names", annotation: annotation)
                }
            }
            return
        }
        // Names of parameters, locals, types and fields are not written.
        let binder = kind(at - 1) == .identifier ? at - 2 : at - 1
        if binder > field.open, kind(binder - 1) == .leftParen,
           isKeyword(binder, "param") || isKeyword(binder, "local") || isKeyword(binder, "type")
            || isKeyword(binder, "field")
        {
            return
        }
        throw error("misplaced @name annotation", annotation: annotation)
    }
}
