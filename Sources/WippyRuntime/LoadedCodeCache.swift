import Synchronization

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
