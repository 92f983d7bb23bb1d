import ComponentModel
import Synchronization
import WASIHost
import WasmInterpreter
import WippyFuncs
import WippyJSON

/// The entries of one or more entry files, ready to be called by ID (DESIGN.md §3–§5).
///
/// Each function entry's code is read, verified, decoded, validated and linked once (on its
/// first call) and shared by all of its instances. Instances come from the entry's pool
/// (``PoolConfig``) and stay warm: an instance keeps its translated code across calls, and is
/// discarded only after a trap or when it holds more linear memory than its entry's
/// `limits.max_retained_memory_bytes` (64 MiB by default). Calls run
/// on a few worker threads, each with its own dispatcher; calls of different instances run in
/// parallel, and a guest that waits (a sleep, a `funcs` call) costs no thread.
///
/// ```swift
/// let registry = try EntryRegistry(paths: ["app.yaml"])
/// try registry.register("myns:upper") { input throws(FuncsFailure) in ... }
/// let result = try await registry.call("myns:hello", json: [.string("world")])
/// ```
public final class EntryRegistry: @unchecked Sendable {
    /// The loaded files, in the order given.
    public let files: [EntryFile]
    private let entries: [String: RegistryEntry]
    private let order: [String]
    private let workers: [RegistryWorker]
    private let functions = Mutex<[String: SwiftFunction]>([:])
    private let nextSpareWorker = Atomic<Int>(0)
    /// Refuses `funcs` waits that would deadlock.
    private let waits = WaitCheck()
    /// What instances' `funcs` sessions call into (weak: instances do not keep the registry).
    private let targets = RegistryTargets()


    /// How deep a chain of funcs calls may run nested on one thread's stack before the next
    /// callee is queued on the dispatcher instead.
    static let maxNestedCalls = 8

    /// A function registered from Swift as a `funcs` target: receives the input, returns the
    /// output or throws a failure whose message the caller gets after `ns:name: `.
    public typealias SwiftFunction = @Sendable (FuncsPayload) throws(FuncsFailure) -> FuncsPayload

    /// Limits every call of this registry gets on top of its entry's own `limits` (the tighter
    /// of each wins): the command line's `--max-time`, `--max-memory` and `--fuel`.
    public let limits: CallLimits

    /// Builds a registry of the entries of `files` (IDs must be unique across them) served by
    /// `workerCount` threads (default: one per processor); every call runs under its entry's
    /// `limits` tightened by `limits`.
    public init(files: [EntryFile], workerCount: Int? = nil, limits: CallLimits = CallLimits()) throws(EntryError) {
        self.files = files
        self.limits = limits
        var workers: [RegistryWorker] = []
        for index in 0..<max(1, min(workerCount ?? RegistryWorker.defaultCount, 64)) {
            workers.append(try RegistryWorker(index: index))
        }
        self.workers = workers
        var entries: [String: RegistryEntry] = [:]
        var order: [String] = []
        let all = files.flatMap(\.entries)
        for file in files {
            var view = file
            view.entries = file.entries + all.filter { other in !file.entries.contains { $0.id == other.id } }
            for entry in file.entries {
                guard entries[entry.id] == nil else {
                    workers.forEach { $0.stop() }
                    throw EntryError(file: file.path, entryID: entry.id, mark: entry.mark, "duplicate entry ID (defined in an earlier file too)")
                }
                entries[entry.id] = RegistryEntry(entry: entry, file: view, workers: workers, limits: limits)
                order.append(entry.id)
            }
        }
        self.entries = entries
        self.order = order
        targets.registry = self
    }

    /// Loads the entry files at `paths` (see ``EntryFile/load(path:limits:)``) into a registry.
    public convenience init(paths: [String], workerCount: Int? = nil, limits: CallLimits = CallLimits()) throws(EntryError) {
        var files: [EntryFile] = []
        for path in paths { files.append(try EntryFile.load(path: path)) }
        try self.init(files: files, workerCount: workerCount, limits: limits)
    }

    deinit { shutdown() }

    /// Stops the worker threads (calls still queued on them never finish; later calls fail at
    /// once). Also done when the registry goes away.
    public func shutdown() {
        isShutDown.store(true, ordering: .releasing)
        workers.forEach { $0.stop() }
    }

    private let isShutDown = Atomic<Bool>(false)

    /// The workers in turn (for processes and calls started from outside).
    private func nextWorker() -> RegistryWorker {
        workers[Int(UInt(bitPattern: nextSpareWorker.add(1, ordering: .relaxed).oldValue) % UInt(workers.count))]
    }

    /// A worker for work started from outside the registry; nil once it is shut down.
    func spareWorker() -> RegistryWorker? {
        isShutDown.load(ordering: .acquiring) ? nil : nextWorker()
    }

    /// Loads the code of every `function.wasm`, `function.wat` and `process.wasm` entry now
    /// (read, verified, decoded, validated, linked), so that the first calls do not wait for it
    /// and a broken entry is found at once (a server checks its entries before it listens).
    /// - Throws: the first entry's ``EntryError``, in file order.
    public func preload() throws(EntryError) {
        for id in order {
            guard let entry = entries[id] else { continue }
            switch entry.entry.definition {
            case .wasmFunction, .watFunction, .process: try entry.ensureLoaded()
            case .directory, .variable, .unknown: continue
            }
        }
    }

    /// Every entry ID, in file order.
    public var entryIDs: [String] { order }

    /// The IDs of the entries that can be called (functions and processes).
    public var functionIDs: [String] { order.filter { entries[$0]?.entry.isFunction ?? false } }

    /// The entry with `id`: its exact ID, or (with one file) its name alone.
    public func entry(_ id: String) -> Entry? { lookup(id)?.entry }

    func lookup(_ id: String) -> RegistryEntry? {
        if let entry = entries[id] { return entry }
        if files.count == 1, let file = files.first, let entry = file.entry(id: id) { return entries[entry.id] }
        return nil
    }

    /// Registers a Swift function as the `funcs` target `id` (`ns:name`; an entry of that ID
    /// cannot be shadowed).
    public func register(_ id: String, _ function: @escaping SwiftFunction) throws(EntryError) {
        if let problem = FuncsLimits.targetProblem(id) { throw EntryError(file: fileLabel, problem) }
        guard entries[id] == nil else { throw EntryError(file: fileLabel, entryID: id, "an entry already has this ID") }
        functions.withLock { $0[id] = function }
    }

    /// The pool numbers of entry `id` (nil for an unknown ID or an entry without a pool).
    public func statistics(_ id: String) -> PoolStatistics? { lookup(id)?.pool?.statistics }

    private var fileLabel: String { files.count == 1 ? files.first?.path ?? "registry" : "registry" }

    func unknown(_ id: String) -> EntryError {
        EntryError(.unknownEntry, file: fileLabel, "unknown entry ID '\(MessageText.short(id))'; known: \(order.joined(separator: ", "))")
    }

    // MARK: Calls

    /// Starts a call of entry `id`; `done` runs once, on any thread.
    func start(_ id: String, _ arguments: CallArguments, done: @escaping CallCompletion) {
        guard let entry = lookup(id) else { return done(.failure(unknown(id))) }
        guard !isShutDown.load(ordering: .acquiring) else { return done(.failure(entry.error("the registry is shut down"))) }
        dispatch(entry, arguments, depth: 0, callChain: nil, done: done)
    }

    /// Runs a call of `entry` on an instance of its pool. `depth`: how many `funcs` calls led
    /// here (0 for a top-level call); `callChain`: their record, nil for a top-level call (one is
    /// made here when the entry may make `funcs` calls).
    func dispatch(_ entry: RegistryEntry, _ arguments: CallArguments, depth: Int, callChain: CallChain?,
                  done: @escaping CallCompletion) {
        do {
            try entry.ensureLoaded()
        } catch {
            return done(.failure(error))
        }
        // A core module makes no funcs calls, so a top-level call of one needs no record.
        let callChain = callChain ?? (entry.runsOnCallerThread ? nil : CallChain())
        guard let pool = entry.pool else {
            // A process: its own instance, used once.
            return run(entry, PooledInstance(worker: nextWorker()), arguments, depth: depth, callChain: callChain, pool: nil, done: done)
        }
        let near = depth == 0 ? nil : workers.first { $0.isCurrent }
        func grant() -> EntryPool.Grant {
            { [self] instance in run(entry, instance, arguments, depth: depth, callChain: callChain, pool: pool, granted: true, done: done) }
        }
        // A top-level call holds no instance, so its wait cannot close a cycle of waits; a funcs
        // call's wait is checked first (WaitCheck).
        var answer = pool.acquire(chain: callChain, mayQueue: depth == 0, near: near, grant)
        if case .full = answer {
            if let callChain {
                answer = waits.acquire(pool, chain: callChain, near: near, grant)
            } else {
                answer = pool.acquire(chain: nil, mayQueue: true, near: near, grant)
            }
        }
        switch answer {
        case .granted(let instance): run(entry, instance, arguments, depth: depth, callChain: callChain, pool: pool, done: done)
        case .queued, .full: break
        case .refused(let message): done(.failure(entry.error(message, .busy)))
        }
    }

    /// Runs one call on `instance`'s worker, making the instance first if it is new; gives the
    /// instance back to its pool afterwards (discarded after a trap or when it keeps too much
    /// memory).
    ///
    /// `granted`: the instance was handed over by the end of another call (a waiting caller's
    /// turn). Such a call is always queued on the instance's worker, never run in place, so a
    /// long queue of waiters is not served by ever deeper nesting on one stack.
    private func run(_ entry: RegistryEntry, _ instance: PooledInstance, _ arguments: CallArguments, depth: Int,
                     callChain: CallChain?, pool: EntryPool?, granted: Bool = false, done: @escaping CallCompletion) {
        // A core module never waits (it has no imports), so it needs no dispatcher: it runs on
        // the calling thread, saving the two thread hand-offs. The pool still gives each
        // instance to one caller at a time (its lock orders the threads' accesses).
        // A funcs call whose callee lives on the caller's own worker runs at once, inside the
        // caller's host call: when the callee does not wait, the caller gets its answer without
        // suspending. Deep chains are queued instead, so nesting stays shallow on the stack.
        let nested = depth > 0 && depth < Self.maxNestedCalls && instance.worker.isCurrent
        if !granted, nested || entry.runsOnCallerThread {
            // Run in place: no closure is made for the hand-off.
            Self.perform(entry, instance, arguments, depth: depth, callChain: callChain, pool: pool, targets: targets, done: done)
        } else {
            let targets = self.targets
            instance.worker.execute {
                Self.perform(entry, instance, arguments, depth: depth, callChain: callChain, pool: pool, targets: targets, done: done)
            }
        }
    }

    /// The call itself, on `instance`'s worker thread (see ``run(_:_:_:depth:callChain:pool:granted:done:)``).
    private static func perform(_ entry: RegistryEntry, _ instance: PooledInstance, _ arguments: CallArguments, depth: Int,
                                callChain: CallChain?, pool: EntryPool?, targets: any FuncsTargets, done: @escaping CallCompletion) {
        let limits = entry.limits
        let live: LiveInstance
        if let existing = instance.live {
            live = existing
        } else {
            do throws(EntryError) {
                live = try entry.makeInstance(on: instance.worker, targets: targets, limits: limits)
                instance.live = live
            } catch {
                pool?.release(instance, discard: true)
                return done(.failure(error))
            }
        }
        live.call(arguments, depth: depth, callChain: callChain, limits: limits) { result in
            let discard = pool == nil || live.isBroken || live.retainedMemory > entry.maxRetainedMemory
            if let pool { pool.release(instance, discard: discard) } else { instance.live = nil }
            done(result)
        }
    }

    /// A `funcs` call from a guest (see ``FuncsTargets``).
    func callTarget(_ request: FuncsRequest, completion: @escaping @Sendable (Result<FuncsPayload, FuncsFailure>) -> Void) {
        let target = request.target
        // Entries first (no lock): `register` refuses an entry's ID, so the two never overlap.
        guard let entry = entries[target] else {
            guard let function = functions.withLock({ $0[target] }) else {
                return completion(.failure(FuncsFailure("unknown target: \(target)")))
            }
            do throws(FuncsFailure) {
                completion(.success(try function(request.input)))
            } catch {
                completion(.failure(FuncsFailure("\(target): \(error.message)")))
            }
            return
        }
        dispatch(entry, .funcs(request.input), depth: request.depth, callChain: request.callChain as? CallChain) { result in
            switch result {
            case .success(.funcs(let payload)): completion(.success(payload))
            case .success: completion(.failure(FuncsFailure("\(target): unexpected result")))
            case .failure(let error): completion(.failure(FuncsFailure("\(target): \(error.message)")))
            }
        }
    }
}

/// The registry as instances' `funcs` sessions see it: a weak reference, so that warm
/// instances do not keep their registry alive.
final class RegistryTargets: FuncsTargets, @unchecked Sendable {
    /// Set once, when the registry is made.
    weak var registry: EntryRegistry?

    func call(_ request: FuncsRequest, completion: @escaping @Sendable (Result<FuncsPayload, FuncsFailure>) -> Void) {
        guard let registry else { return completion(.failure(FuncsFailure("\(request.target): the registry is gone"))) }
        registry.callTarget(request, completion: completion)
    }
}
