import WippyYAML

/// Turns the parsed YAML of an entry file into ``EntryFile``, with errors naming the field.
struct EntryLoader {
    let file: String
    let folder: String
    let limits: InputLimits

    func load(_ root: YAMLNode) throws(EntryError) -> EntryFile {
        guard root.map != nil else {
            throw EntryError(file: file, mark: root.mark, "an entry file must be a mapping with 'namespace' and 'entries'")
        }
        let fields = FieldReader(loader: self, entryID: nil, node: root)
        let namespace = try fields.requiredString("namespace")
        guard let list = root["entries"] else { throw EntryError(file: file, "field 'entries' is required") }
        guard let items = list.list else {
            throw EntryError(file: file, mark: list.mark, "field 'entries' must be a list")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(items.count)
        var seen: Set<String> = []
        for item in items {
            let entry = try loadEntry(item, namespace: namespace)
            guard seen.insert(entry.id).inserted else {
                throw EntryError(file: file, entryID: entry.id, mark: item.mark, "duplicate entry ID")
            }
            entries.append(entry)
        }
        return EntryFile(path: file, folder: folder, namespace: namespace, entries: entries)
    }

    private func loadEntry(_ node: YAMLNode, namespace: String) throws(EntryError) -> Entry {
        guard node.map != nil else { throw EntryError(file: file, mark: node.mark, "each entry must be a mapping") }
        let anonymous = FieldReader(loader: self, entryID: nil, node: node)
        let name = try anonymous.requiredString("name")
        let id = "\(namespace):\(name)"
        let fields = FieldReader(loader: self, entryID: id, node: node)
        let kind = try fields.requiredString("kind")
        let definition: Entry.Definition
        switch kind {
        case "fs.directory":
            definition = .directory(path: FileAccess.join(folder, try fields.requiredString("directory")))
        case "function.wasm", "process.wasm":
            let method = try fields.requiredString("method")
            let hash = try fields.requiredString("hash")
            let digits = hash.hasPrefix("sha256:") ? String(hash.dropFirst(7)) : ""
            guard digits.utf8.count == 64, digits.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
                throw fields.error("hash", "field 'hash' must be sha256:<64 lowercase hex>")
            }
            var function = WasmFunction(
                fs: try fields.requiredString("fs"),
                path: try fields.requiredString("path"),
                hash: digits,
                method: method,
                wit: try fields.wit(method: method),
                imports: try fields.importGroups(),
                wasi: try fields.wasi(),
                limits: try fields.limits(),
                tls: try fields.tls())
            if kind == "process.wasm" {
                if node["pool"] != nil {
                    throw fields.error("pool", "field 'pool': a process.wasm entry has no pool (a process runs once, on its own instance)")
                }
                definition = .process(function)
            } else {
                function.pool = try fields.pool()
                definition = .wasmFunction(function)
            }
        case "function.wat":
            let method = try fields.requiredString("method")
            definition = .watFunction(WATFunction(
                source: try fields.requiredString("source"),
                method: method,
                wit: try fields.wit(method: method),
                pool: try fields.pool(),
                limits: try fields.limits()))
        case "env.variable":
            definition = .variable(EnvVariable(
                variable: try fields.optionalString("variable") ?? name,
                defaultValue: try fields.optionalString("default")))
        default:
            definition = .unknown
        }
        return Entry(id: id, kind: kind, mark: node.mark, definition: definition)
    }

    /// Replaces `${env:...}` in a string value, or reads the file a value written as
    /// `file://rel/path` names. Only the text as written in the entry file can name a file: a
    /// variable whose value starts with `file://` stays that text. The file is found inside the
    /// entry file's folder without leaving it (`..`, absolute paths and symbolic links pointing
    /// out are refused).
    func resolve(_ text: String) -> Result<String, Substitution.SubstitutionFailure> {
        guard text.hasPrefix("file://") else { return Substitution.environment(in: text) }
        let relative = String(text.dropFirst(7))
        do {
            let bytes = try InputFile.read(relative, inside: folder, limit: limits.textBytes)
            return .success(String(decoding: bytes, as: UTF8.self))
        } catch {
            let name = "file://" + MessageText.short(relative)
            if case .escapes = error.reason { return .failure(.init(message: "\(name) escapes the entry file's folder")) }
            return .failure(.init(message: "cannot read \(name): \(error.reasonText)"))
        }
    }
}

/// Reads the fields of one YAML mapping, reporting errors with the file, entry ID and field.
struct FieldReader {
    let loader: EntryLoader
    let entryID: String?
    let node: YAMLNode

    func error(_ field: String, _ message: String) -> EntryError {
        EntryError(file: loader.file, entryID: entryID, mark: node[field]?.mark, message)
    }

    /// A string field that must be present (numbers and booleans are taken as written).
    func requiredString(_ field: String) throws(EntryError) -> String {
        guard let value = try optionalString(field) else {
            throw EntryError(file: loader.file, entryID: entryID, "field '\(field)' is required")
        }
        return value
    }

    /// A string field, nil when absent or null.
    func optionalString(_ field: String) throws(EntryError) -> String? {
        guard let value = node[field], !value.isNull else { return nil }
        guard value.isScalar, let text = value.string else {
            throw error(field, "field '\(field)' must be a string")
        }
        switch loader.resolve(text) {
        case .success(let resolved): return resolved
        case .failure(let failure): throw error(field, "field '\(field)': \(failure.message)")
        }
    }

    /// The mapping in `field` as a reader of its own; nil when absent or null. A key not in
    /// `known` is refused, naming it (`FIELD.KEY is not a known field (known: …)`).
    func submapping(_ field: String, known: [String]) throws(EntryError) -> FieldReader? {
        guard let value = node[field], !value.isNull else { return nil }
        guard let keys = value.map?.keys else { throw error(field, "field '\(field)' must be a mapping") }
        let reader = FieldReader(loader: loader, entryID: entryID, node: value)
        for key in keys where !known.contains(key) {
            throw reader.error(key, "\(field).\(MessageText.short(key)) is not a known field (known: \(known.joined(separator: ", ")))")
        }
        return reader
    }

    /// A list of strings, empty when absent.
    func stringList(_ field: String) throws(EntryError) -> [String] {
        guard let value = node[field], !value.isNull else { return [] }
        guard let items = value.list else { throw error(field, "field '\(field)' must be a list") }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            guard item.isScalar, let text = item.string else {
                throw EntryError(file: loader.file, entryID: entryID, mark: item.mark, "field '\(field)[\(index)]' must be a string")
            }
            strings.append(text)
        }
        return strings
    }

    /// The optional `wit:` field, parsed; it must describe `method` when given.
    func wit(method: String) throws(EntryError) -> WITSignatures? {
        guard let text = try optionalString("wit") else { return nil }
        switch WITSignatures.parse(text) {
        case .success(let signatures):
            guard signatures.functions[method] != nil else {
                throw error("wit", "field 'wit' has no signature for method '\(method)'")
            }
            return signatures
        case .failure(let failure):
            throw error("wit", "field 'wit': \(failure.message)")
        }
    }
}
