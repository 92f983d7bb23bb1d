#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WASIHost

/// A `poll_oneoff` that has to wait: its subscriptions as host values (no guest pointers but
/// the output addresses, checked again when the events are written).
struct PollRequest {
    var ready: [PollEvent]
    var polled: [(fd: pollfd, userdata: UInt64, type: UInt8)]
    var timers: [(deadline: UInt64, userdata: UInt64)]  // monotonic nanoseconds
    let output: UInt32
    let count: UInt32
    let countAddress: UInt32
}

/// One event `poll_oneoff` reports.
struct PollEvent {
    var userdata: UInt64
    var error: Errno
    var type: UInt8
    var bytes: UInt64 = 0
    var hangup = false
}

extension WASIPreview1 {
    private typealias Event = PollEvent
    /// `poll_oneoff(in: ptr<subscription>, out: ptr<event>, nsubscriptions: size) -> (size)`:
    /// waits until at least one subscription is ready: a clock timeout (relative or absolute),
    /// or a descriptor ready to read or write. Regular files and in-memory streams are always
    /// ready; host streams (terminals, pipes) are polled with `poll`. With a ``dispatcher`` the
    /// guest's execution suspends while it waits (the embedder drives it, as ``runCommand``
    /// does); without one the calling thread blocks.
    func pollOneoff(_ a: Arguments, _ memory: GuestMemory) throws(CallError) {
        var request: PollRequest
        do throws(Errno) { request = try pollRequest(a, memory) } catch { throw .errno(error) }
        if request.ready.isEmpty && dispatcher != nil && !(request.polled.isEmpty && request.timers.isEmpty) {
            throw .wait(request)
        }
        do throws(Errno) {
            try Self.collect(&request, blocking: true)
            try Self.writeEvents(request, memory)
        } catch {
            throw .errno(error)
        }
    }

    /// Reads the subscriptions; events that are ready at once (files, errors) are in `ready`.
    func pollRequest(_ a: Arguments, _ memory: GuestMemory) throws(Errno) -> PollRequest {
        let input = a.u32(0), output = a.u32(1), count = a.u32(2), countAddress = a.u32(3)
        guard count > 0 else { throw .inval }
        guard count <= 1 << 16 else { throw .inval }
        _ = try memory.pointer(input, Int(count) * P1.subscriptionSize)
        _ = try memory.pointer(output, Int(count) * P1.eventSize)
        _ = try memory.pointer(countAddress, 4)

        var ready: [Event] = []
        var polled: [(fd: pollfd, userdata: UInt64, type: UInt8)] = []
        var timers: [(deadline: UInt64, userdata: UInt64)] = []  // monotonic nanoseconds
        let start: UInt64
        do { start = try HostClock.monotonic.now() } catch { throw Errno(error) }

        for i in 0..<count {
            let base = input + i * UInt32(P1.subscriptionSize)
            let userdata = try memory.load64(base)
            let tag = try memory.load8(base + 8)
            switch tag {
            case P1.eventClock:
                let id = try memory.load32(base + 16)
                let timeout = try memory.load64(base + 24)
                let flags = try memory.load16(base + 40)
                do {
                    let clock = try Self.clock(id)
                    var remaining = timeout
                    if flags & P1.subscriptionClockAbstime != 0 {
                        let now = try clock.now()
                        remaining = timeout > now ? timeout - now : 0
                    }
                    let (deadline, overflow) = start.addingReportingOverflow(remaining)
                    timers.append((overflow ? UInt64.max : deadline, userdata))
                } catch let error as Errno {
                    ready.append(Event(userdata: userdata, error: error, type: tag))
                } catch {
                    ready.append(Event(userdata: userdata, error: .inval, type: tag))
                }
            case P1.eventFDRead, P1.eventFDWrite:
                let fd = try memory.load32(base + 16)
                guard let entry = try? descriptor(fd) else {
                    ready.append(Event(userdata: userdata, error: .badf, type: tag))
                    continue
                }
                switch entry.backing {
                case .host(let hostFD, _):
                    if entry.filetype == P1.filetypeRegularFile || entry.isDirectory {
                        var bytes: UInt64 = 0
                        if tag == P1.eventFDRead && !entry.isDirectory {
                            var info = stat()
                            let offset = lseek(hostFD, 0, SEEK_CUR)
                            if fstat(hostFD, &info) == 0, offset >= 0, info.st_size > offset {
                                bytes = UInt64(info.st_size - offset)
                            }
                        }
                        ready.append(Event(userdata: userdata, error: .success, type: tag, bytes: bytes))
                    } else {
                        let events = Int16(tag == P1.eventFDRead ? POLLIN : POLLOUT)
                        polled.append((pollfd(fd: hostFD, events: events, revents: 0), userdata, tag))
                    }
                case .buffer(let buffer):
                    let bytes = tag == P1.eventFDRead ? UInt64(buffer.remaining) : 0
                    ready.append(Event(userdata: userdata, error: .success, type: tag, bytes: bytes))
                case .null:
                    ready.append(Event(userdata: userdata, error: .success, type: tag))
                }
            default:
                throw .inval
            }
        }
        return PollRequest(ready: ready, polled: polled, timers: timers, output: output, count: count, countAddress: countAddress)
    }

    /// Adds to `request.ready` what is ready now; with `blocking`, first waits (the calling
    /// thread) until something is.
    static func collect(_ request: inout PollRequest, blocking: Bool) throws(Errno) {
        var ready = request.ready
        let polled = request.polled
        let timers = request.timers
        defer { request.ready = ready }
        while true {
            var now: UInt64
            do { now = try HostClock.monotonic.now() } catch { throw Errno(error) }
            let earliest = timers.map(\.deadline).min()
            var waitNanoseconds: UInt64? = nil  // nil: forever
            if !ready.isEmpty || !blocking {
                waitNanoseconds = 0
            } else if let earliest {
                waitNanoseconds = earliest > now ? earliest - now : 0
            }
            if polled.isEmpty {
                if let wait = waitNanoseconds, wait > 0 { HostClock.sleep(nanoseconds: wait) }
                if waitNanoseconds == nil { throw .inval }  // nothing could ever become ready
            } else {
                var fds = polled.map(\.fd)
                var milliseconds: Int32 = -1
                if let wait = waitNanoseconds {
                    milliseconds = Int32(min((wait + 999_999) / 1_000_000, UInt64(Int32.max)))
                }
                let result = fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), milliseconds) }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw .last
                }
                for (i, fd) in fds.enumerated() where fd.revents != 0 {
                    let item = polled[i]
                    var event = Event(userdata: item.userdata, error: .success, type: item.type)
                    if fd.revents & Int16(POLLNVAL) != 0 {
                        event.error = .badf
                    } else if fd.revents & Int16(POLLERR) != 0 && item.type == P1.eventFDWrite {
                        event.error = .io
                    }
                    if fd.revents & Int16(POLLHUP) != 0 { event.hangup = true }
                    if item.type == P1.eventFDRead {
                        var available: Int32 = 0
                        if ioctl(fd.fd, UInt(FIONREAD), &available) == 0, available > 0 { event.bytes = UInt64(available) }
                    }
                    ready.append(event)
                }
            }
            do { now = try HostClock.monotonic.now() } catch { throw Errno(error) }
            for timer in timers where timer.deadline <= now {
                ready.append(Event(userdata: timer.userdata, error: .success, type: P1.eventClock))
            }
            if !ready.isEmpty || !blocking { break }
        }
    }

    /// Writes the ready events and their count into guest memory.
    static func writeEvents(_ request: PollRequest, _ memory: GuestMemory) throws(Errno) {
        let output = request.output, count = request.count, countAddress = request.countAddress
        let ready = request.ready
        for (i, event) in ready.prefix(Int(count)).enumerated() {
            let base = output + UInt32(i * P1.eventSize)
            let p = try memory.slice(base, UInt32(P1.eventSize))
            p.initializeMemory(as: UInt8.self, repeating: 0)
            try memory.store64(base, event.userdata)
            try memory.store16(base + 8, event.error.rawValue)
            try memory.store8(base + 10, event.type)
            if event.type != P1.eventClock {
                try memory.store64(base + 16, event.bytes)
                try memory.store16(base + 24, event.hangup ? 1 : 0)
            }
        }
        try memory.store32(countAddress, UInt32(min(ready.count, Int(count))))
    }
}
