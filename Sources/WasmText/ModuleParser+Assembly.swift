import WasmBinary

// Putting the sections together.

extension ModuleParser {
    /// The module binary: preamble and the non-empty sections in the required order.
    mutating func assemble() -> [UInt8] {
        var out: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        var size = importSection.count + functionSection.count + tableSection.count + memorySection.count
        size += tagSection.count + globalSection.count + exportSection.count + elementSection.count
        size += codeSection.count + dataSection.count + 128 + types.count * 8
        out.reserveCapacity(size)
        if !types.isEmpty {
            var content: [UInt8] = []
            for type in types {
                content.append(0x60)
                content.appendULEB(UInt64(type.parameters.count))
                for t in type.parameters { content.appendValueType(t) }
                content.appendULEB(UInt64(type.results.count))
                for t in type.results { content.appendValueType(t) }
            }
            out.appendSection(1, count: types.count, content)
        }
        if importCount > 0 { out.appendSection(2, count: importCount, importSection) }
        if functionCount > 0 { out.appendSection(3, count: functionCount, functionSection) }
        if tableCount > 0 { out.appendSection(4, count: tableCount, tableSection) }
        if memoryCount > 0 { out.appendSection(5, count: memoryCount, memorySection) }
        if tagCount > 0 { out.appendSection(13, count: tagCount, tagSection) }
        if globalCount > 0 { out.appendSection(6, count: globalCount, globalSection) }
        if exportCount > 0 { out.appendSection(7, count: exportCount, exportSection) }
        if let startFunction {
            var content: [UInt8] = []
            content.appendULEB(startFunction)
            out.appendSection(8, count: nil, content)
        }
        if elementCount > 0 { out.appendSection(9, count: elementCount, elementSection) }
        if needsDataCount {
            var content: [UInt8] = []
            content.appendULEB(UInt64(dataCount))
            out.appendSection(12, count: nil, content)
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
        if dataCount > 0 { out.appendSection(11, count: dataCount, dataSection) }
        if !functionNames.isEmpty { out.append(contentsOf: nameSection()) }
        return out
    }

    /// The `name` custom section with the function names (subsection 1), like `wasm-tools`
    /// writes it, so traps and stack traces can name functions.
    func nameSection() -> [UInt8] {
        var names: [UInt8] = []
        let sorted = functionNames.sorted { $0.index < $1.index }
        names.appendULEB(UInt64(sorted.count))
        for (index, name) in sorted {
            names.appendULEB(index)
            names.appendBytesWithLength(Array(self.names.name(name)))
        }
        var content: [UInt8] = []
        content.appendBytesWithLength(Array("name".utf8))
        content.append(1)
        content.appendULEB(UInt64(names.count))
        content.append(contentsOf: names)
        var section: [UInt8] = []
        section.appendSection(0, count: nil, content)
        return section
    }
}
