#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmBinary
import WasmValidation
import WippyBLAKE3

/// A persistent cache of validation results, like wasmtime's `-C cache`: a record says that a
/// module with exactly these bytes up to its data section validated under this runtime and
/// these features, so the
/// next run skips validating its function bodies (on a 100 MB module, most of the start-up).
/// Function bodies are still translated lazily from the same bytes, and the module-level rules
/// are checked on every run.
///
/// ```swift
/// let cache = try ValidationCache(directory: "/home/me/.cache/wippy-wasm", runtimeVersion: "1.2.0")
/// let (validated, outcome) = try cache.load(bytes)   // outcome: .hit or .miss
/// ```
///
/// Records are keyed by the BLAKE3 digest of the module's bytes before its trailing data and
/// custom sections (``HashedPrefix``: they cannot change whether a body validates, and the
/// module-level rules that check data segments run on every load; hashed on a second thread
/// while the module is decoded, and by both threads after that), that prefix's length, the validation features, and the runtime's
/// identity: the version given, the validator's revision and the running executable's file
/// (device, inode, size, modification time), so a rebuilt runtime does not trust the records
/// of an older one. The safety rules:
/// - the directory is created with mode 0700 and used only when it is a directory (not a
///   symbolic link) owned by the effective user and not writable by its group or others
///   (``init(directory:runtimeVersion:)`` throws otherwise);
/// - records are written to a temporary file and renamed into place, and carry their full key
///   and a checksum; a truncated, corrupted, foreign or stale record is a miss (the module is
///   validated again and the record rewritten), never an error;
/// - only a module that validated is recorded; decoding errors and invalid modules are
///   reported exactly as without the cache, on every run.
public final class ValidationCache: Sendable {
    /// Whether a load found its record.
    public enum Outcome: Hashable, Sendable {
        /// The record was found: the function bodies were not validated again.
        case hit
        /// No usable record: the module was validated (and recorded if valid).
        case miss
    }

    /// Changes whenever the validator's rules change, so records of an older validator miss.
    static let validatorRevision = 4

    /// The directory of the records.
    public var directory: String { storage.path }
    /// The runtime identity that records are keyed by.
    let identity: String
    private let storage: CacheDirectory

    /// The default ``sizeLimit``: 512 MiB (CPython's 99 MB module has a record of 418 KB).
    public static let defaultSizeLimit = 512 << 20

    /// The most bytes the records may take (see ``init(directory:runtimeVersion:sizeLimit:)``).
    public let sizeLimit: Int

    /// Opens (creating it with mode 0700 if needed) the cache at `directory`.
    ///
    /// - Parameters:
    ///   - directory: The cache directory.
    ///   - runtimeVersion: The embedding runtime's version; records of other versions miss.
    /// - Throws: ``ValidationCacheError`` when the directory cannot be created or opened, is a
    ///   symbolic link, is owned by another user, or is writable by its group or others.
    ///   - sizeLimit: The most bytes the records may take: when a new record takes them past
    ///     it, the least recently used records are removed until they take three quarters of it
    ///     (files that are not this cache's records are never removed).
    public init(directory: String, runtimeVersion: String,
                sizeLimit: Int = ValidationCache.defaultSizeLimit) throws(ValidationCacheError) {
        storage = try CacheDirectory(directory)
        self.sizeLimit = sizeLimit
        identity = "\(runtimeVersion); validator \(Self.validatorRevision); \(Self.executableIdentity())"
    }

    /// The default directory: `$XDG_CACHE_HOME/wippy-wasm`, else `$HOME/.cache/wippy-wasm`;
    /// nil when neither variable holds an absolute path.
    public static func defaultDirectory(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/wippy-wasm" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/wippy-wasm" }
        return nil
    }

    /// Decodes `bytes` and validates the module, unless a record says that these bytes
    /// validated before; records the result of a validation that passed.
    ///
    /// - Parameters:
    ///   - names: The function names to give the module instead of its `name` section's, for
    ///     bytes read without that section's content (`InputFile.readModule` in `WippyRuntime`).
    /// - Throws: `DecodeError` or ``ValidationError``, as `decodeModule` and `validateModule`.
    public func load(_ bytes: [UInt8], options: DecodeOptions = DecodeOptions(),
                     features: ValidationFeatures = .all,
                     names: FunctionNames? = nil) throws -> (module: ValidatedModule, outcome: Outcome) {
        let hashed = HashedPrefix.length(of: bytes)
        let hashing = BackgroundHash(bytes, prefix: hashed)
        // The code section is left undecoded: on a hit the record says where each body is, so
        // its 89,060 bodies (CPython) are never walked, and each body's local declarations are
        // decoded when it is first translated. The record vouches for them as for the rest.
        var deferred = options
        deferred.deferCode = true
        var module: Module
        do {
            module = try decodeModule(bytes, options: deferred)
        } catch {
            hashing.cancel()
            // The code section, decoded first, may hold an earlier error: report that one.
            _ = try decodeModule(bytes, options: options)
            throw error
        }
        let record = CacheRecord(moduleDigest: hashing.digest(), hashedLength: hashed,
                                 features: features, identity: identity)
        let name = record.fileName
        if let stored = storage.record(name),
           let facts = record.decode(stored, expectedCount: module.codeSection?.count ?? 0),
           module.adoptBodies(facts.extents) {
            if let names { module.names = names }
            return (try validateModule(module, features: features, knownValidBodies: facts.functions), .hit)
        }
        // A miss: the bodies decoded (the rest of the module is) and validated exactly as
        // without the cache, then recorded.
        try module.decodeDeferredCode(options: options)
        if let names { module.names = names }
        let validated = try validateModule(module, features: features)
        file(record, validated, extents: module.bodyExtents())
        return (validated, .miss)
    }

    /// Validates `module`, already decoded (for example a core module embedded in a component,
    /// decoded in place), unless a record says that its bytes validated before; records the
    /// result of a validation that passed.
    ///
    /// The record is the one ``load(_:options:features:names:)`` files for the same module
    /// bytes: it is keyed by the module's own bytes (``Module/range`` within ``Module/bytes``),
    /// wherever they lie. A record is used only when it holds one entry per body and its body
    /// extents are the module's.
    ///
    /// - Throws: ``ValidationError`` (or `DecodeError`), as `validateModule`.
    public func validate(_ module: Module, features: ValidationFeatures = .all) throws -> (module: ValidatedModule, outcome: Outcome) {
        let range = module.range.clamped(to: 0 ..< module.bytes.count)
        let hashed = HashedPrefix.length(of: module.bytes, in: range)
        let digest = module.bytes.withUnsafeBytes { raw in
            BLAKE3.hash(UnsafeRawBufferPointer(rebasing: raw[range.lowerBound ..< range.lowerBound + hashed]))
        }
        let record = CacheRecord(moduleDigest: digest, hashedLength: hashed, features: features, identity: identity)
        let name = record.fileName
        if let stored = storage.record(name),
           let facts = record.decode(stored, expectedCount: module.bodies.count),
           facts.extents == module.bodyExtents() {
            return (try validateModule(module, features: features, knownValidBodies: facts.functions), .hit)
        }
        let validated = try validateModule(module, features: features)
        file(record, validated, extents: module.bodyExtents())
        return (validated, .miss)
    }

    /// Writes the record of a module that validated, then trims the cache to its limit. Only
    /// with one extent per body (a code section that decoded always gives them): a record
    /// without them could never hit, so none is written.
    private func file(_ record: CacheRecord, _ validated: ValidatedModule, extents: [BodyExtent]) {
        guard extents.count == validated.functions.count else { return }
        let name = record.fileName
        if storage.store(name, record.encode(validated.functions, extents: extents)) {
            storage.trim(toFit: sizeLimit, keeping: name)
        }
    }

    /// `exe DEVICE:INODE:SIZE:MTIME` of the running executable, or `exe unknown`.
    private static func executableIdentity() -> String {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return "exe unknown" }
        return "exe \(status.st_dev):\(status.st_ino):\(status.st_size):\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }
}
