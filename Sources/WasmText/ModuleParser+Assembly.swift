import WasmBinary

// Putting the sections together.

extension ModuleParser {
    /// The module binary: preamble and the non-empty sections in the required order, with the
    /// custom sections of `@custom` annotations where their placements put them, the
    /// `metadata.code.branch_hint` section just before the code section and the `name` section
    /// last (where `wasm-tools` writes them).
    mutating func assemble() -> [UInt8] {
        var out: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        var size = importSection.count + functionSection.count + tableSection.count + memorySection.count
        size += tagSection.count + globalSection.count + exportSection.count + elementSection.count
        size += codeSection.count + dataSection.count + 128 + types.count * 8
        out.reserveCapacity(size)
        let customs = customSections
        /// Appends the custom sections placed at `placement`, in text order.
        func appendCustoms(_ placement: CustomPlacement) {
            for custom in customs where custom.placement == placement {
                var content: [UInt8] = []
                content.appendBytesWithLength(custom.name)
                content.append(contentsOf: custom.content)
                out.appendSection(0, count: nil, content)
            }
        }
        /// Appends the sections before `anchor`, `section` and the ones after it.
        func appendAnchored(_ anchor: CustomPlacement.Anchor, _ section: () -> Void) {
            if customs.isEmpty {
                section()
                return
            }
            appendCustoms(.before(anchor))
            section()
            appendCustoms(.after(anchor))
        }
        appendCustoms(.beforeFirst)
        appendAnchored(.type) {
            guard !types.isEmpty || !typeGroups.isEmpty else { return }
            let (content, count) = typeSectionContent()
            out.appendSection(1, count: count, content)
        }
        appendAnchored(.import) { if importCount > 0 { out.appendSection(2, count: importCount, importSection) } }
        appendAnchored(.function) { if functionCount > 0 { out.appendSection(3, count: functionCount, functionSection) } }
        appendAnchored(.table) { if tableCount > 0 { out.appendSection(4, count: tableCount, tableSection) } }
        appendAnchored(.memory) { if memoryCount > 0 { out.appendSection(5, count: memoryCount, memorySection) } }
        appendAnchored(.tag) { if tagCount > 0 { out.appendSection(13, count: tagCount, tagSection) } }
        appendAnchored(.global) { if globalCount > 0 { out.appendSection(6, count: globalCount, globalSection) } }
        appendAnchored(.export) { if exportCount > 0 { out.appendSection(7, count: exportCount, exportSection) } }
        appendAnchored(.start) {
            guard let startFunction else { return }
            var content: [UInt8] = []
            content.appendULEB(startFunction)
            out.appendSection(8, count: nil, content)
        }
        appendAnchored(.element) { if elementCount > 0 { out.appendSection(9, count: elementCount, elementSection) } }
        appendAnchored(.dataCount) {
            guard needsDataCount else { return }
            var content: [UInt8] = []
            content.appendULEB(UInt64(dataCount))
            out.appendSection(12, count: nil, content)
        }
        if !customs.isEmpty { appendCustoms(.before(.code)) }
        if branchHintFunctionCount > 0 {
            var content: [UInt8] = []
            content.appendBytesWithLength(Array("metadata.code.branch_hint".utf8))
            content.appendULEB(UInt64(branchHintFunctionCount))
            content.append(contentsOf: branchHintSection)
            out.appendSection(0, count: nil, content)
        }
        if codeCount > 0 {
            // The code section's content starts after its id, size and count.
            var header: [UInt8] = []
            header.appendULEB(UInt64(codeCount))
            var size: [UInt8] = []
            size.appendULEB(UInt64(header.count + codeSection.count))
            let start = out.count + 1 + size.count + header.count
            sourceMarks = codeMarks.map { SourceMark(binary: start + $0.binary, source: $0.source) }
            out.appendSection(10, count: codeCount, codeSection)
        }
        if !customs.isEmpty { appendCustoms(.after(.code)) }
        appendAnchored(.data) { if dataCount > 0 { out.appendSection(11, count: dataCount, dataSection) } }
        appendCustoms(.afterLast)
        if let names = nameSection() { out.append(contentsOf: names) }
        return out
    }

    /// The `name` custom section like `wasm-tools` writes it: the module name of a `@name`
    /// annotation (subsection 0; unlike `wasm-tools`, not the module's identifier), function
    /// names (1) and tag names (11), from identifiers or `@name` annotations (which take
    /// precedence), so traps and stack traces can name functions. Nil when there are none.
    func nameSection() -> [UInt8]? {
        let moduleName = moduleNameAnnotation
        let functions = nameMap(functionNames, annotatedFunctionNames)
        let tags = nameMap(tagNames, annotatedTagNames)
        guard moduleName != nil || !functions.isEmpty || !tags.isEmpty else { return nil }
        var content: [UInt8] = []
        content.appendBytesWithLength(Array("name".utf8))
        if let moduleName {
            var subsection: [UInt8] = []
            subsection.appendBytesWithLength(moduleName)
            content.append(0)
            content.appendBytesWithLength(subsection)
        }
        for (id, map) in [(UInt8(1), functions), (11, tags)] where !map.isEmpty {
            var subsection: [UInt8] = []
            subsection.appendULEB(UInt64(map.count))
            for (index, name) in map {
                subsection.appendULEB(index)
                subsection.appendBytesWithLength(name)
            }
            content.append(id)
            content.appendBytesWithLength(subsection)
        }
        var section: [UInt8] = []
        section.appendSection(0, count: nil, content)
        return section
    }

    /// The names of an index space in increasing index order: identifiers, replaced by the
    /// `@name` annotations.
    private func nameMap(
        _ identifiers: [(index: UInt32, name: Int32)], _ annotated: [UInt32: [UInt8]]
    ) -> [(index: UInt32, name: [UInt8])] {
        var all = annotated
        for (index, name) in identifiers where all[index] == nil {
            all[index] = Array(names.name(name))
        }
        return all.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
