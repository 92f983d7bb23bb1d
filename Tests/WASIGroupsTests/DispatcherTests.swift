#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
import WASIHost
import WippyThreads

@Test func timersFireInDeadlineOrder() throws {
    let d = try Dispatcher()
    let start = Dispatcher.now()
    var fired: [Int] = []
    d.addTimer(deadline: start + 30_000_000) { fired.append(3) }
    d.addTimer(deadline: start + 10_000_000) { fired.append(1) }
    d.addTimer(deadline: start + 20_000_000) { fired.append(2) }
    let cancelled = d.addTimer(deadline: start + 15_000_000) { fired.append(99) }
    d.cancel(cancelled)
    d.run()
    #expect(fired == [1, 2, 3])
    #expect(Dispatcher.now() - start >= 30_000_000)
    #expect(!d.hasWork)
}

@Test func aWatchFiresWhenThePipeIsWritten() throws {
    let d = try Dispatcher()
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    defer { close(fds[0]); close(fds[1]) }
    var order: [String] = []
    let readable = DescriptorPollable(fd: fds[0], forWriting: false)
    #expect(!readable.isReady())
    _ = readable.whenReady(on: d) { order.append("readable") }
    d.addTimer(deadline: Dispatcher.now() + 5_000_000) {
        order.append("write")
        var byte: UInt8 = 7
        _ = write(fds[1], &byte, 1)
    }
    d.run()
    #expect(order == ["write", "readable"])
    #expect(readable.isReady())
}

@Test func workPostedFromAnotherThreadRuns() throws {
    let d = try Dispatcher()
    let flag = Flag()
    // Keep the loop waiting in epoll_wait until the posted work wakes it.
    let keepAlive = d.addTimer(deadline: Dispatcher.now() + 30_000_000_000) {}
    let remote = d.remote
    try NativeThread.detach { remote.post { flag.set() } }
    d.run { flag.isSet }
    d.cancel(keepAlive)
    #expect(flag.isSet)
}

final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
