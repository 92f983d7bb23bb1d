#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization
import WippyThreads

/// Resolves host names to addresses without blocking the dispatcher: `getaddrinfo` runs on a
/// small pool of worker threads (``threadCount``, started on the first lookup and kept for the
/// life of the process), and each answer is posted back to the dispatcher that asked
/// (``DispatcherRemote/post(_:)``), where the guest waiting on the ``NameLookup`` resumes.
public final class NameResolver: @unchecked Sendable {
    // Sendable by hand: `queue` is behind a mutex, `semaphore` is a POSIX semaphore (made for
    // threads), `started` is behind a mutex; nothing else is mutable.

    /// The process's resolver.
    public static let shared = NameResolver(threadCount: 2)

    /// The number of worker threads.
    public let threadCount: Int
    private let queue = Mutex<[Job]>([])
    private let started = Mutex(false)
    private let semaphore: UnsafeMutablePointer<sem_t>

    struct Job: Sendable {
        let host: String
        let done: @Sendable (Result<[IPAddress], NetworkError>) -> Void
    }

    init(threadCount: Int) {
        self.threadCount = max(1, threadCount)
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, 0)
    }

    /// Starts resolving `host` (a name or an address literal); the returned lookup becomes
    /// ready on `dispatcher` when the answer is there. Call on the dispatcher's thread.
    public func lookup(_ host: String, on dispatcher: Dispatcher) -> NameLookup {
        let lookup = NameLookup()
        if let literal = IPAddress(parsing: host) {
            lookup.result = .success([literal])
            return lookup
        }
        dispatcher.beginRemoteWork()
        let delivery = LookupDelivery(lookup: lookup, dispatcher: dispatcher)
        let remote = dispatcher.remote
        enqueue(Job(host: host) { result in
            remote.post { delivery.deliver(result) }
        })
        return lookup
    }

    private func enqueue(_ job: Job) {
        let start = started.withLock { s -> Bool in
            defer { s = true }
            return !s
        }
        if start { startThreads() }
        queue.withLock { $0.append(job) }
        sem_post(semaphore)
    }

    private func startThreads() {
        for _ in 0..<threadCount {
            // A thread that cannot start is left out: those that did start serve the queue.
            try? NativeThread.detach { self.work() }
        }
    }

    private func work() -> Never {
        while true {
            while sem_wait(semaphore) != 0 {}
            let job = queue.withLock { q -> Job? in q.isEmpty ? nil : q.removeFirst() }
            guard let job else { continue }
            job.done(Self.resolve(job.host))
        }
    }

    /// `getaddrinfo` for `host`: its addresses in the system's order, without duplicates.
    static func resolve(_ host: String) -> Result<[IPAddress], NetworkError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let r = getaddrinfo(host, nil, &hints, &list)
        guard r == 0 else { return .failure(error(resolverCode: r)) }
        defer { freeaddrinfo(list) }
        var found: [IPAddress] = []
        var node = list
        while let n = node {
            if let sa = n.pointee.ai_addr, n.pointee.ai_addrlen <= socklen_t(MemoryLayout<sockaddr_storage>.size) {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { out in
                    out.copyMemory(from: UnsafeRawBufferPointer(start: UnsafeRawPointer(sa), count: Int(n.pointee.ai_addrlen)))
                }
                if let a = SocketAddress(storage: storage), !found.contains(a.address) { found.append(a.address) }
            }
            node = n.pointee.ai_next
        }
        return found.isEmpty ? .failure(.nameUnresolvable) : .success(found)
    }

    // glibc's values of two GNU codes the Glibc module does not export.
    static let eaiNoData: Int32 = -5
    static let eaiAddressFamily: Int32 = -9

    /// The error for a `getaddrinfo` result.
    static func error(resolverCode code: Int32) -> NetworkError {
        switch code {
        case EAI_NONAME, eaiNoData, eaiAddressFamily: return .nameUnresolvable
        case EAI_AGAIN: return .temporaryResolverFailure
        case EAI_FAIL: return .permanentResolverFailure
        case EAI_MEMORY: return .outOfMemory
        case EAI_SYSTEM: return NetworkError(errno: errno)
        default: return .permanentResolverFailure
        }
    }
}

/// A name lookup under way: ready (as a ``HostPollable``) when ``result`` is set. Lives on the
/// dispatcher's thread.
public final class NameLookup: HostPollable {
    /// The addresses, or why there are none; nil until the worker has answered.
    public internal(set) var result: Result<[IPAddress], NetworkError>?
    private var waiters: [DispatcherToken] = []

    init() {}

    public func isReady() -> Bool { result != nil }

    public func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        if result != nil { return dispatcher.addTimer(deadline: 0, wake) }
        let token = dispatcher.addSignal(wake)
        waiters.append(token)
        return token
    }

    /// Stores the answer and wakes who waits.
    func deliver(_ result: Result<[IPAddress], NetworkError>, on dispatcher: Dispatcher) {
        self.result = result
        for token in waiters { dispatcher.signal(token) }
        waiters = []
    }
}

/// Carries a lookup's answer from a worker thread to its dispatcher's thread. Sendable by
/// hand: it is only touched in ``deliver(_:)``, which runs on the dispatcher's thread.
final class LookupDelivery: @unchecked Sendable {
    private let lookup: NameLookup
    private let dispatcher: Dispatcher

    init(lookup: NameLookup, dispatcher: Dispatcher) {
        self.lookup = lookup
        self.dispatcher = dispatcher
    }

    func deliver(_ result: Result<[IPAddress], NetworkError>) {
        dispatcher.endRemoteWork()
        lookup.deliver(result, on: dispatcher)
    }
}
