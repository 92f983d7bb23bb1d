#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization
import Testing
import WippyThreads

@Test func aThreadRunsItsBodyAndJoinWaitsForIt() throws {
    let ran = Counter()
    let thread = try NativeThread.start {
        usleep(20_000)
        ran.add()
    }
    thread.join()
    #expect(ran.value == 1)
}

@Test func manyThreadsRunAtOnceAndAreJoined() throws {
    let count = 32
    let counter = Counter()
    let gate = Gate()
    let slots = (0..<count).map { _ in ThreadSlot() }
    for slot in slots {
        slot.thread = try NativeThread.start {
            gate.wait()
            counter.add()
        }
    }
    #expect(counter.value == 0)
    gate.open()
    for slot in slots { slot.thread.take()?.join() }
    #expect(counter.value == count)
}

@Test func theBodyIsReleasedWhenTheThreadEnds() throws {
    let gate = Gate()
    weak var watched: Counter?
    let thread = try startCounting(gate) { watched = $0 }
    #expect(watched != nil)  // the thread still holds it
    gate.open()
    thread.join()
    #expect(watched == nil)
}

@Test func aDetachedThreadRunsAndReleasesItsBody() throws {
    let gate = Gate()
    let ran = Counter()
    weak var watched: Counter?
    try detachCounting(gate, ran) { watched = $0 }
    #expect(watched != nil)  // the thread still holds it
    gate.open()
    // Nobody joins: wait (at most 10 s) for the body, then for its release just after it.
    #expect(eventually { ran.value == 1 })
    #expect(eventually { watched == nil })
}

@Test func aThreadDroppedWithoutJoinRunsOn() throws {
    let ran = Counter()
    _ = try NativeThread.start { ran.add() }
    #expect(eventually { ran.value == 1 })
}

@Test func theStartErrorSaysWhatFailed() {
    #expect(ThreadStartError(code: EAGAIN).description == "cannot start a thread (error \(EAGAIN))")
}

/// Starts a thread holding the only reference to a new counter (shown to `watch` before the
/// thread starts), which it counts once `gate` opens.
private func startCounting(_ gate: Gate, watch: (Counter) -> Void) throws -> NativeThread {
    let counter = Counter()
    watch(counter)
    return try NativeThread.start {
        gate.wait()
        counter.add()
    }
}

/// Detaches a thread holding the only reference to a new counter (shown to `watch`), which
/// counts it and then `ran` once `gate` opens.
private func detachCounting(_ gate: Gate, _ ran: Counter, watch: (Counter) -> Void) throws {
    let counter = Counter()
    watch(counter)
    try NativeThread.detach {
        gate.wait()
        counter.add()
        ran.add()
    }
}

/// Whether `condition` holds within 10 seconds (checked every millisecond).
private func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<10_000 {
        if condition() { return true }
        usleep(1_000)
    }
    return condition()
}

/// A joinable thread kept in a class (an array cannot hold a non-copyable value).
private final class ThreadSlot {
    var thread: NativeThread?
}

private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .releasing) }
    var value: Int { count.load(ordering: .acquiring) }
}

/// Holds threads until it is opened.
private final class Gate: Sendable {
    private let isOpen = Atomic<Bool>(false)
    func open() { isOpen.store(true, ordering: .releasing) }
    func wait() {
        while !isOpen.load(ordering: .acquiring) { usleep(500) }
    }
}
