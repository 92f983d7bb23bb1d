import WASIHost

/// Builds the WASI context of a component entry's call from its `wasi` field: mounts through
/// `fs.directory` entries, and an environment looked up each time the guest asks.
struct EntryEnvironment {
    let file: EntryFile
    let entry: Entry
    let wasi: EntryWASI

    private func error(_ message: String) -> EntryError {
        EntryError(file: file.path, entryID: entry.id, message)
    }

    /// The mounts: each `fs` must name an `fs.directory` entry.
    func mounts() throws(EntryError) -> [WASIMount] {
        var result: [WASIMount] = []
        for (index, mount) in wasi.mounts.enumerated() {
            guard let target = file.entry(id: mount.fs) else {
                throw error("wasi.mounts[\(index)].fs: no entry '\(MessageText.short(mount.fs))'")
            }
            guard case .directory(let path) = target.definition else {
                throw error("wasi.mounts[\(index)].fs: '\(mount.fs)' is a \(target.kind) entry, not fs.directory")
            }
            result.append(WASIMount(hostPath: path, guestPath: mount.guest, readOnly: mount.readOnly))
        }
        return result
    }

    /// The variables the guest sees now: each binding's value from its `env.variable` entry (its
    /// process variable, else its default) or, for an ID naming no entry, the process variable
    /// of the ID's name. A `required` one without a value fails the call naming it.
    func variables() throws(EntryError) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for (index, binding) in wasi.environment.enumerated() {
            var value: String?
            if let target = file.entry(id: binding.id) {
                guard case .variable(let variable) = target.definition else {
                    throw error("wasi.env[\(index)].id: '\(binding.id)' is a \(target.kind) entry, not env.variable")
                }
                value = ProcessEnvironment.value(of: variable.variable) ?? variable.defaultValue
            } else {
                value = ProcessEnvironment.value(of: EntryWASI.EnvBinding.namePart(of: binding.id))
            }
            if let value {
                result.append((binding.name, value))
            } else if binding.required {
                throw error("wasi.env[\(index)]: required variable '\(binding.id)' has no value")
            }
        }
        return result
    }
}
