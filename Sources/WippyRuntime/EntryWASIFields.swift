import WippyYAML

/// Reading the `imports` and `wasi` fields of a `function.wasm` entry, each error naming the
/// field (`myns:f: wasi.mounts[0].guest must be absolute`).
extension FieldReader {
    /// `imports`: the host groups, canonical; an unknown name is an error listing the known ones.
    func importGroups() throws(EntryError) -> [String] {
        var groups: [String] = []
        for (index, name) in try stringList("imports").enumerated() {
            guard let group = ImportGroupName.canonical(name) else {
                throw error("imports", "imports[\(index)]: unknown host group '\(MessageText.short(name))' (known: \(ImportGroupName.known.joined(separator: ", ")))")
            }
            if !groups.contains(group) { groups.append(group) }
        }
        return groups
    }

    /// `wasi`: arguments, working directory, environment bindings and mounts.
    func wasi() throws(EntryError) -> EntryWASI {
        var result = EntryWASI()
        guard let node = node["wasi"], !node.isNull else { return result }
        guard node.map != nil else { throw error("wasi", "field 'wasi' must be a mapping") }
        let wasi = FieldReader(loader: loader, entryID: entryID, node: node)
        for key in node.map?.keys ?? [] where !["args", "cwd", "env", "mounts"].contains(key) {
            throw wasi.error(key, "wasi.\(MessageText.short(key)) is not a known field (known: args, cwd, env, mounts)")
        }
        result.arguments = try wasi.stringList("args")
        if let cwd = try wasi.optionalString("cwd") {
            guard cwd.hasPrefix("/") else { throw wasi.error("cwd", "wasi.cwd must be absolute") }
            result.workingDirectory = cwd
        }
        for (index, item) in try wasi.mappings("env", what: "wasi.env").enumerated() {
            let at = "wasi.env[\(index)]"
            let id = try item.requiredString("id", what: at)
            guard id.contains(":") else { throw item.error("id", "\(at).id must be an entry ID ns:name") }
            let name = try item.optionalString("name") ?? EntryWASI.EnvBinding.namePart(of: id)
            guard !name.isEmpty, !name.contains("=") else { throw item.error("name", "\(at).name must be a variable name") }
            result.environment.append(.init(id: id, name: name, required: try item.bool("required", what: at)))
        }
        for (index, item) in try wasi.mappings("mounts", what: "wasi.mounts").enumerated() {
            let at = "wasi.mounts[\(index)]"
            let fs = try item.requiredString("fs", what: at)
            let guest = try item.requiredString("guest", what: at)
            guard guest.hasPrefix("/") else { throw item.error("guest", "\(at).guest must be absolute") }
            result.mounts.append(.init(fs: fs, guest: guest, readOnly: try item.bool("read_only", what: at)))
        }
        return result
    }

    /// A list of mappings, each as a reader of its own.
    func mappings(_ field: String, what: String) throws(EntryError) -> [FieldReader] {
        guard let value = node[field], !value.isNull else { return [] }
        guard let items = value.list else { throw error(field, "\(what) must be a list") }
        var readers: [FieldReader] = []
        for (index, item) in items.enumerated() {
            guard item.map != nil else {
                throw EntryError(file: loader.file, entryID: entryID, mark: item.mark, "\(what)[\(index)] must be a mapping")
            }
            readers.append(FieldReader(loader: loader, entryID: entryID, node: item))
        }
        return readers
    }

    /// A required string field of a nested mapping, named `what.field` in errors.
    func requiredString(_ field: String, what: String) throws(EntryError) -> String {
        guard let value = try optionalString(field) else {
            throw EntryError(file: loader.file, entryID: entryID, mark: node.mark, "\(what).\(field) is required")
        }
        return value
    }

    /// A boolean field (false when absent).
    func bool(_ field: String, what: String) throws(EntryError) -> Bool {
        guard let value = node[field], !value.isNull else { return false }
        switch value.string?.lowercased() {
        case "true"?: return true
        case "false"?: return false
        default: throw error(field, "\(what).\(field) must be true or false")
        }
    }
}
