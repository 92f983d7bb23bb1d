import ComponentModel
import WasmBinary
import WasmText
import WasmValidation

/// What a `function.wasm` file holds once loaded.
enum LoadedCode {
    case module(ValidatedModule)
    case component(LoadedComponent)
}

/// Reads, verifies, decodes and validates the module behind a function entry.
struct ModuleLoading {
    let file: EntryFile
    let entry: Entry

    private func error(_ message: String) -> EntryError {
        EntryError(file: file.path, entryID: entry.id, message)
    }

    /// The module of a `function.wasm` entry: found through its `fs.directory` entry, with the
    /// SHA-256 checked before decoding. The caller keeps the result as long as it runs the code.
    func load(_ function: WasmFunction) throws(EntryError) -> SharedLoadedCode {
        guard let directoryEntry = file.entry(id: function.fs) else {
            throw error("field 'fs': no entry '\(function.fs)' (known: \(file.entries.map(\.id).joined(separator: ", ")))")
        }
        guard case .directory(let directory) = directoryEntry.definition else {
            throw error("field 'fs': '\(function.fs)' is a \(directoryEntry.kind) entry, not fs.directory")
        }
        // `/module.wasm` (the documented form) names the file at the directory's root.
        let relative = String(function.path.drop(while: { $0 == "/" }))
        let location = FileAccess.join(directory, relative)
        let cacheKey = "\(location)\u{0}\(function.hash)"
        if let cached = LoadedCodeCache.shared.code(cacheKey) { return cached }
        let code = try read(function, directory: directory, relative: relative, location: location)
        LoadedCodeCache.shared.store(cacheKey, code)
        return code
    }

    private func read(_ function: WasmFunction, directory: String, relative: String, location: String) throws(EntryError) -> SharedLoadedCode {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(relative, inside: directory, limit: file.limits.moduleBytes)
        } catch {
            if case .escapes = error.reason {
                throw self.error("field 'path': \(MessageText.short(function.path)) escapes the directory of '\(function.fs)'")
            }
            throw self.error("field 'path': cannot read \(MessageText.short(location)): \(error.reasonText)")
        }
        // The digest is computed beside the decoding and validation; its mismatch is reported
        // before anything they found, and nothing of the bytes runs before it is checked.
        let digest = BackgroundDigest(bytes)
        let loaded = Result { () throws(EntryError) -> LoadedCode in try decodeAndValidate(bytes, location: location) }
        let actual = digest.hexDigest()
        guard actual == function.hash else {
            throw error("hash verification failed: expected \(function.hash), got \(actual)")
        }
        return SharedLoadedCode(try loaded.get(), byteCount: bytes.count)
    }

    /// The component or core module in `bytes`, decoded and validated.
    private func decodeAndValidate(_ bytes: [UInt8], location: String) throws(EntryError) -> LoadedCode {
        if bytes.count >= 8, bytes[4] == 0x0d, bytes[5] == 0x00, bytes[6] == 0x01, bytes[7] == 0x00 {
            do {
                return .component(try LoadedComponent(bytes: bytes))
            } catch {
                throw self.error("\(location): \(error.kind == .decode ? "malformed" : "invalid") component: \(error)")
            }
        }
        let module: Module
        do {
            module = try decodeModule(bytes)
        } catch {
            throw self.error("\(location): malformed module: \(error)")
        }
        return .module(try validate(module, what: location))
    }

    /// The module of a `function.wat` entry, parsed from its source text.
    func load(_ function: WATFunction) throws(EntryError) -> ValidatedModule {
        let module: Module
        let sourceMap: WATSourceMap
        do {
            let parsed = try parseWATWithSourceMap(function.source)
            sourceMap = parsed.sourceMap
            module = try decodeModule(parsed.binary)
        } catch {
            throw self.error("field 'source': \(error)")
        }
        do {
            return try validateModule(module)
        } catch let error as ValidationError {
            // At the line and column of the text: offsets of the binary made from it mean nothing.
            guard let (line, column) = sourceMap.location(ofBinaryOffset: error.offset) else {
                throw self.error("field 'source': invalid module: \(error)")
            }
            let function = error.functionIndex.map { " (in function \($0))" } ?? ""
            throw self.error("field 'source' \(line):\(column): invalid module: \(error.message)\(function)")
        } catch {
            throw self.error("field 'source': invalid module: \(error)")
        }
    }

    private func validate(_ module: Module, what: String) throws(EntryError) -> ValidatedModule {
        do {
            return try validateModule(module)
        } catch {
            throw self.error("\(what): invalid module: \(error)")
        }
    }
}
