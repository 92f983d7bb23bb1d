#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization
import WASIHost
import WippyThreads

/// One thread of the registry: it runs its own ``Dispatcher`` loop, and the pool instances
/// placed on it live and run only there. Calls of instances on different workers run in
/// parallel; a guest waiting (a sleep, a `funcs` call) is parked on the dispatcher and costs no
/// thread.
final class RegistryWorker: @unchecked Sendable {
    /// The worker's number (0-based), for placing instances.
    let index: Int
    /// Hands work to the worker from any thread.
    let remote: DispatcherRemote
    /// Touched only on the worker's thread (through ``dispatcher``).
    private let ownDispatcher: Dispatcher
    private let threadID = Atomic<UInt>(0)
    private let stopped = Atomic<Bool>(false)

    /// Starts a worker thread.
    init(index: Int) throws(EntryError) {
        self.index = index
        do {
            ownDispatcher = try Dispatcher()
        } catch {
            throw EntryError(file: "registry", "cannot create a dispatcher: \(error)")
        }
        remote = ownDispatcher.remote
        do throws(ThreadStartError) {
            try NativeThread.detach { self.loop() }
        } catch {
            throw EntryError(file: "registry", "cannot start a worker thread (error \(error.code))")
        }
    }

    private func loop() {
        threadID.store(UInt(bitPattern: Int(bitPattern: UInt(pthread_self()))), ordering: .releasing)
        ownDispatcher.serve { self.stopped.load(ordering: .acquiring) }
    }

    /// Whether the calling thread is this worker's.
    var isCurrent: Bool { threadID.load(ordering: .acquiring) == UInt(pthread_self()) }

    /// The dispatcher; only on the worker's own thread (inside work it runs).
    var dispatcher: Dispatcher { ownDispatcher }

    /// Runs `work` on the worker's thread: queued directly when already there, else posted.
    func execute(_ work: @escaping @Sendable () -> Void) {
        if isCurrent { ownDispatcher.schedule(work) } else { remote.post(work) }
    }

    /// Ends the worker's loop after the work already queued.
    func stop() {
        stopped.store(true, ordering: .releasing)
        remote.post {}
    }

    /// How many worker threads a registry starts by default: one per processor online.
    static var defaultCount: Int {
        let online = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return online > 0 ? min(Int(online), 64) : 2
    }
}
