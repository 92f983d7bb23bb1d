#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// A registration with the dispatcher (a timer or a descriptor watch), for cancelling it.
public struct DispatcherToken: Hashable, Sendable {
    let id: UInt64
}

/// The event loop that waiting guests park on: one `epoll` instance for descriptors plus a
/// heap of timers, serving any number of suspended executions from one thread.
///
/// A host function that has to wait (a sleep, `poll`, a read from a pipe with nothing in it)
/// registers a callback here and returns "pending"; the guest's execution is saved and the
/// thread goes on with other work. When the timer fires or the descriptor is ready the callback
/// runs on the dispatcher's thread and resumes the guest. No thread blocks per waiting guest.
///
/// Not thread-safe: use a dispatcher from the thread that runs it; other threads hand it work
/// through its ``remote``.
public final class Dispatcher {
    private let epollFD: Int32
    private let wakeFD: Int32
    private let epoll: Epoll.Functions
    private var nextID: UInt64 = 1
    private var timers = TimerHeap()
    private var timerCallbacks: [UInt64: () -> Void] = [:]
    private var signalCallbacks: [UInt64: () -> Void] = [:]
    private struct Watch {
        let fd: Int32
        let events: UInt32
        let callback: () -> Void
    }
    private var watches: [UInt64: Watch] = [:]
    /// Watches by descriptor, and the events registered with epoll for it.
    private var byDescriptor: [Int32: (events: UInt32, ids: [UInt64])] = [:]
    private var ready: [() -> Void] = []
    /// Work on other threads that will post back (``beginRemoteWork()``).
    private var remoteWork = 0
    private var readyHead = 0
    /// Hands work to this dispatcher from any thread.
    public let remote: DispatcherRemote

    /// Creates a dispatcher (an epoll instance and an eventfd for ``post(_:)``).
    public init() throws(SystemError) {
        guard let f = Epoll.functions else { throw .posix(ENOSYS) }
        epoll = f
        epollFD = f.create(Epoll.cloexec)
        guard epollFD >= 0 else { throw .last }
        wakeFD = f.eventfd(0, Epoll.cloexec | Epoll.eventNonblock)
        guard wakeFD >= 0 else {
            let e = SystemError.last
            close(epollFD)
            throw e
        }
        _ = Epoll.control(f, epollFD, Epoll.ctlAdd, wakeFD, events: Epoll.eventIn, data: UInt64.max)
        remote = DispatcherRemote(wakeFD: wakeFD)
    }

    deinit {
        close(wakeFD)
        close(epollFD)
    }

    /// The monotonic clock in nanoseconds (what timer deadlines are measured on).
    public static func now() -> UInt64 { (try? HostClock.monotonic.now()) ?? 0 }

    /// Runs `work` on the dispatcher's thread in its next turn (after what is queued already).
    public func schedule(_ work: @escaping () -> Void) { ready.append(work) }

    private func makeID() -> UInt64 {
        defer { nextID &+= 1 }
        return nextID
    }

    /// Calls `callback` once the monotonic clock reaches `deadline` (nanoseconds).
    @discardableResult
    public func addTimer(deadline: UInt64, _ callback: @escaping () -> Void) -> DispatcherToken {
        let id = makeID()
        timers.push(.init(deadline: deadline, id: id))
        timerCallbacks[id] = callback
        return DispatcherToken(id: id)
    }

    /// Calls `callback` once `fd` is readable (`write` false) or writable (`write` true), or has
    /// an error or hang-up. A descriptor epoll cannot watch (a regular file) counts as ready.
    @discardableResult
    public func watch(_ fd: Int32, write: Bool, _ callback: @escaping () -> Void) -> DispatcherToken {
        let id = makeID()
        let events = write ? Epoll.eventOut : Epoll.eventIn
        var state = byDescriptor[fd] ?? (events: 0, ids: [])
        let wanted = state.events | events
        if wanted != state.events {
            let op = state.events == 0 ? Epoll.ctlAdd : Epoll.ctlMod
            if Epoll.control(epoll, epollFD, op, fd, events: wanted, data: UInt64(UInt32(bitPattern: fd))) != 0 {
                // Regular files and the like: always ready.
                schedule(callback)
                return DispatcherToken(id: id)
            }
            state.events = wanted
        }
        state.ids.append(id)
        byDescriptor[fd] = state
        watches[id] = Watch(fd: fd, events: events, callback: callback)
        return DispatcherToken(id: id)
    }

    /// Calls `callback` in the next turn after ``signal(_:)`` is called with the returned
    /// token (for readiness the host decides itself, such as a finished name lookup).
    @discardableResult
    public func addSignal(_ callback: @escaping () -> Void) -> DispatcherToken {
        let id = makeID()
        signalCallbacks[id] = callback
        return DispatcherToken(id: id)
    }

    /// Queues the callback registered with ``addSignal(_:)`` under `token` (once; nothing when
    /// it was cancelled or signalled already).
    public func signal(_ token: DispatcherToken) {
        if let cb = signalCallbacks.removeValue(forKey: token.id) { ready.append(cb) }
    }

    /// Cancels a timer, watch or signal that has not fired yet.
    public func cancel(_ token: DispatcherToken) {
        if timerCallbacks.removeValue(forKey: token.id) != nil { return }
        if signalCallbacks.removeValue(forKey: token.id) != nil { return }
        guard let w = watches.removeValue(forKey: token.id) else { return }
        if var state = byDescriptor[w.fd] {
            state.ids.removeAll { $0 == token.id }
            update(w.fd, state)
        }
    }

    /// Re-registers a descriptor with the events its remaining watches want.
    private func update(_ fd: Int32, _ state: (events: UInt32, ids: [UInt64])) {
        var wanted: UInt32 = 0
        for id in state.ids { wanted |= watches[id]?.events ?? 0 }
        if state.ids.isEmpty {
            byDescriptor[fd] = nil
            _ = epoll.ctl(epollFD, Epoll.ctlDel, fd, nil)
            return
        }
        if wanted != state.events {
            _ = Epoll.control(epoll, epollFD, Epoll.ctlMod, fd, events: wanted, data: UInt64(UInt32(bitPattern: fd)))
        }
        byDescriptor[fd] = (wanted, state.ids)
    }

    /// Says that work on another thread (a name lookup) will post back through ``remote``:
    /// ``run(until:)`` keeps waiting for it until ``endRemoteWork()``.
    public func beginRemoteWork() { remoteWork += 1 }

    /// Says that remote work announced with ``beginRemoteWork()`` has posted back.
    public func endRemoteWork() { remoteWork = max(0, remoteWork - 1) }

    /// Whether anything is queued, timed, watched or expected from another thread.
    public var hasWork: Bool { readyHead < ready.count || !timerCallbacks.isEmpty || !watches.isEmpty || remoteWork > 0 }

    /// Runs until nothing is queued, timed or watched any more (or `until` says stop).
    public func run(until done: () -> Bool = { false }) {
        while !done() {
            runReady()
            if done() { return }
            guard !timerCallbacks.isEmpty || !watches.isEmpty || remoteWork > 0 else {
                if takePosted() { continue }
                return
            }
            waitForEvents()
        }
    }

    private func runReady() {
        while readyHead < ready.count {
            let work = ready[readyHead]
            readyHead += 1
            work()
        }
        ready.removeAll(keepingCapacity: true)
        readyHead = 0
    }

    private func takePosted() -> Bool {
        let works = remote.take()
        for w in works { ready.append(w) }
        return !works.isEmpty
    }

    /// One `epoll_wait` with the next timer's deadline as its timeout; queues what became ready.
    private func waitForEvents() {
        var timeout: Int32 = -1
        while let top = timers.first, timerCallbacks[top.id] == nil { _ = timers.pop() }
        if let top = timers.first {
            let now = Self.now()
            if top.deadline <= now {
                timeout = 0
            } else {
                let ms = (top.deadline - now + 999_999) / 1_000_000
                timeout = Int32(min(ms, UInt64(Int32.max)))
            }
        }
        let capacity = 128
        var raw = [UInt8](repeating: 0, count: capacity * Epoll.eventSize)
        let n = raw.withUnsafeMutableBytes { epoll.wait(epollFD, $0.baseAddress, Int32(capacity), timeout) }
        if n > 0 {
            var found: [(UInt32, UInt64)] = []
            raw.withUnsafeBytes { buf in
                for i in 0..<Int(n) {
                    let at = i * Epoll.eventSize
                    found.append((buf.loadUnaligned(fromByteOffset: at, as: UInt32.self),
                                  buf.loadUnaligned(fromByteOffset: at + Epoll.dataOffset, as: UInt64.self)))
                }
            }
            for (events, data) in found {
                if data == UInt64.max {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                    _ = takePosted()
                    continue
                }
                fire(Int32(bitPattern: UInt32(truncatingIfNeeded: data)), events)
            }
        }
        let now = Self.now()
        while let top = timers.first, top.deadline <= now {
            _ = timers.pop()
            if let cb = timerCallbacks.removeValue(forKey: top.id) { ready.append(cb) }
        }
    }

    /// Queues the watches of `fd` that the events satisfy (errors and hang-ups satisfy all).
    private func fire(_ fd: Int32, _ events: UInt32) {
        guard var state = byDescriptor[fd] else { return }
        let any = events & (Epoll.eventErr | Epoll.eventHup) != 0
        var keep: [UInt64] = []
        for id in state.ids {
            guard let w = watches[id] else { continue }
            if any || events & w.events != 0 {
                watches[id] = nil
                ready.append(w.callback)
            } else {
                keep.append(id)
            }
        }
        state.ids = keep
        update(fd, state)
    }
}

/// The thread-safe side of a ``Dispatcher``: work posted here runs on the dispatcher's thread
/// in its next turn (an `eventfd` wakes its `epoll_wait`). The dispatcher closes the
/// descriptor, so do not post after the dispatcher is gone.
public final class DispatcherRemote: Sendable {
    private let posted = Mutex<[@Sendable () -> Void]>([])
    private let wakeFD: Int32

    init(wakeFD: Int32) { self.wakeFD = wakeFD }

    /// Runs `work` on the dispatcher's thread; may be called from any thread.
    public func post(_ work: @escaping @Sendable () -> Void) {
        posted.withLock { $0.append(work) }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    func take() -> [@Sendable () -> Void] {
        posted.withLock { list in
            defer { list.removeAll() }
            return list
        }
    }
}
