import ComponentModel
import Synchronization
import WasmBinary
import WasmText
import WasmValidation

/// What a `function.wasm` file holds once loaded.
enum LoadedCode {
    case module(ValidatedModule)
    case component(LoadedComponent)
}

/// Code loaded by `function.wasm` entries in this process, by file and expected hash: each
/// file is read, hashed, decoded and validated once, and shared by every entry naming it, in
/// any registry. The cache holds code weakly, and strongly only the files used last (at most
/// ``recentFiles`` of them and ``recentBytes`` of module bytes): a registry made per call
/// (``EntryFile/call(id:arguments:limits:)``) finds its code again, and a process that loads
/// one module after another (reloads with new modules) does not keep them all; what no entry
/// runs and is not recent is freed.
final class LoadedCodeCache: @unchecked Sendable {
    static let shared = LoadedCodeCache()
    static let recentFiles = 8
    static let recentBytes = 256 << 20

    private struct State {
        var all: [String: WeakCode] = [:]
        /// The files used last, the latest first.
        var recent: [(key: String, code: SharedLoadedCode)] = []
    }

    private struct WeakCode {
        weak var code: SharedLoadedCode?
    }

    private let state = Mutex(State())

    /// The code stored under `key`, if it is still held.
    func code(_ key: String) -> SharedLoadedCode? {
        state.withLock { state in
            guard let code = state.all[key]?.code else { return nil }
            Self.use(key, code, in: &state)
            return code
        }
    }

    /// Stores `code` under `key`, dropping the keys whose code is gone.
    func store(_ key: String, _ code: SharedLoadedCode) {
        state.withLock { state in
            state.all = state.all.filter { $0.value.code != nil }
            state.all[key] = WeakCode(code: code)
            Self.use(key, code, in: &state)
        }
    }

    /// Makes `key` the latest recent file, then keeps as many as the bounds allow.
    private static func use(_ key: String, _ code: SharedLoadedCode, in state: inout State) {
        state.recent.removeAll { $0.key == key }
        state.recent.insert((key, code), at: 0)
        var bytes = 0
        var kept = 0
        for file in state.recent {
            guard kept < recentFiles, kept == 0 || bytes + file.code.byteCount <= recentBytes else { break }
            bytes += file.code.byteCount
            kept += 1
        }
        state.recent.removeLast(state.recent.count - kept)
    }

    /// Whether code is held under `key` (for tests).
    func holds(_ key: String) -> Bool { state.withLock { $0.all[key]?.code != nil } }
}

/// One file's loaded code, held by the entries that run it.
final class SharedLoadedCode: @unchecked Sendable {
    let code: LoadedCode
    /// The size of the file the code was loaded from.
    let byteCount: Int
    init(_ code: LoadedCode, byteCount: Int) {
        self.code = code
        self.byteCount = byteCount
    }
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
