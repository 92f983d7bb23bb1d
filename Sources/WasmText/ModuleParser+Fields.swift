import WasmBinary

// The first pass: find the fields, check their order, assign indices to named entities.

extension ModuleParser {
    /// Finds the fields among the tokens `from..<to` and fills the index spaces. Returns the
    /// error for a token that cannot start a field, if any: the fields before it are still
    /// parsed, so that errors come in text order.
    mutating func scanFields(from: Int, to: Int) throws(TextError) -> TextError? {
        var trailing: TextError?
        var i = from
        var lastDefinition: String?
        var sawStart = false
        var typeCount = 0
        var importCounts = [UInt32](repeating: 0, count: Space.allCases.count)
        // (field index, space, name token or -1) of everything that takes an index
        var entities: [(field: Int, space: Space, name: Int)] = []
        while i < to {
            guard kind(i) == .leftParen else {
                trailing = error(kind(i) == .end ? "unexpected end" : kind(i) == .reserved ? "unknown operator" : "unexpected token", at: i)
                break
            }
            let close = Int(tokens[i].link)
            let keyword = i + 1
            var field = Field(kind: .type, open: i, close: close)
            var space: Space?
            var nameToken = kind(i + 2) == .identifier ? i + 2 : -1
            if isKeyword(keyword, "func") {
                field.kind = .function
                space = .function
            } else if isKeyword(keyword, "table") {
                field.kind = .table
                space = .table
            } else if isKeyword(keyword, "memory") {
                field.kind = .memory
                space = .memory
            } else if isKeyword(keyword, "global") {
                field.kind = .global
                space = .global
            } else if isKeyword(keyword, "tag") {
                field.kind = .tag
                space = .tag
            } else if isKeyword(keyword, "type") {
                field.kind = .type
                space = .type
                typeGroups.append(TypeGroup(first: typeCount, count: 1, isRec: false))
                typeCount += 1
            } else if isKeyword(keyword, "import") {
                field.kind = .import
                field.isImport = true
                // (import "m" "n" (kind $id? ...))
                let descriptor = i + 4
                guard kind(i + 2) == .string, kind(i + 3) == .string, kind(descriptor) == .leftParen else {
                    throw error("unexpected token", at: kind(i + 2) == .string ? (kind(i + 3) == .string ? descriptor : i + 3) : i + 2)
                }
                if isKeyword(descriptor + 1, "func") {
                    space = .function
                } else if isKeyword(descriptor + 1, "table") {
                    space = .table
                } else if isKeyword(descriptor + 1, "memory") {
                    space = .memory
                } else if isKeyword(descriptor + 1, "global") {
                    space = .global
                } else if isKeyword(descriptor + 1, "tag") {
                    space = .tag
                } else {
                    throw error("unexpected token", at: descriptor + 1)
                }
                nameToken = kind(descriptor + 2) == .identifier ? descriptor + 2 : -1
            } else if isKeyword(keyword, "export") {
                field.kind = .export
                nameToken = -1
            } else if isKeyword(keyword, "start") {
                field.kind = .start
                nameToken = -1
                if sawStart { throw error("multiple start sections", at: i) }
                sawStart = true
            } else if isKeyword(keyword, "elem") {
                field.kind = .element
                space = .element
            } else if isKeyword(keyword, "data") {
                field.kind = .data
                space = .data
            } else if isKeyword(keyword, "rec") {
                // Each `(type ...)` inside is a field of its own; the group is kept for encoding.
                let first = typeCount
                var j = keyword + 1
                while j < close {
                    guard isGroup(j, "type") else { throw error("unexpected token", at: j) }
                    let inner = Int(tokens[j].link)
                    entities.append((fields.count, .type, kind(j + 2) == .identifier ? j + 2 : -1))
                    fields.append(Field(kind: .type, open: j, close: inner))
                    typeCount += 1
                    j = inner + 1
                }
                typeGroups.append(TypeGroup(first: first, count: typeCount - first, isRec: true))
                i = close + 1
                continue
            } else {
                let known = kind(keyword) == .keyword && isKnownKeyword(keyword)
                throw error(kind(keyword) == .keyword || kind(keyword) == .reserved ? (known ? "unexpected token" : "unknown operator") : "unexpected token", at: keyword)
            }

            switch field.kind {
            case .function, .table, .memory, .global, .tag:
                // Inline exports, then maybe an inline import.
                var j = nameToken >= 0 ? i + 3 : i + 2
                while isGroup(j, "export") { j = Int(tokens[j].link) + 1 }
                if isGroup(j, "import") {
                    field.isImport = true
                } else if field.kind == .table || field.kind == .memory {
                    // An inline (elem ...) or (data ...) is the last part of the field.
                    let inlineKeyword: StaticString = field.kind == .table ? "elem" : "data"
                    while j < close {
                        if kind(j) == .leftParen {
                            if isKeyword(j + 1, inlineKeyword) { field.hasInlineSegment = true }
                            j = Int(tokens[j].link) + 1
                        } else {
                            j += 1
                        }
                    }
                }
            default:
                break
            }

            // Imports must come before the definitions of functions, tables, memories, globals.
            if field.isImport {
                if let lastDefinition { throw error("import after \(lastDefinition)", at: i) }
            } else {
                switch field.kind {
                case .function: lastDefinition = "function"
                case .table: lastDefinition = "table"
                case .memory: lastDefinition = "memory"
                case .global: lastDefinition = "global"
                default: break
                }
            }

            let fieldIndex = fields.count
            if let space {
                if field.isImport { importCounts[space.rawValue] += 1 }
                entities.append((fieldIndex, space, nameToken))
            }
            if field.hasInlineSegment {
                entities.append((fieldIndex, field.kind == .table ? .element : .data, -1))
            }
            fields.append(field)
            i = close + 1
        }

        // Assign indices: imports first in every space, then definitions, each in text order.
        var nextImport = [UInt32](repeating: 0, count: Space.allCases.count)
        var nextDefinition = importCounts
        for (fieldIndex, space, nameToken) in entities {
            let field = fields[fieldIndex]
            let isSegment = (space == .element && field.kind == .table) || (space == .data && field.kind == .memory)
            let index: UInt32
            if field.isImport && !isSegment {
                index = nextImport[space.rawValue]
                nextImport[space.rawValue] += 1
            } else {
                index = nextDefinition[space.rawValue]
                nextDefinition[space.rawValue] += 1
            }
            if isSegment {
                fields[fieldIndex].inlineSegment = index
            } else {
                fields[fieldIndex].index = index
            }
            if nameToken >= 0 {
                let name = tokens[nameToken].link
                if !spaces[space.rawValue].indexByName.insert(name, index) {
                    throw error("duplicate \(space.word) \(identifierText(nameToken))", at: nameToken)
                }
                if space == .function { functionNames.append((index, name)) }
                if space == .tag { tagNames.append((index, name)) }
            }
            spaces[space.rawValue].count += 1
        }
        return trailing
    }
}
