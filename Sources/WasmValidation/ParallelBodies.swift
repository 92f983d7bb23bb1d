#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization
import WasmBinary
import WippyThreads

/// Validating a module's function bodies on several threads.
///
/// The bodies are cut into contiguous runs of about equal code size, one per thread (the
/// calling thread takes the first). Each run is checked in order by its own `FunctionValidator`
/// and stops at its first invalid body. The error reported is the one of the lowest run that
/// failed, which is the lowest invalid function: exactly what checking every body in order on
/// one thread reports. A run stops early when a lower run has already failed (its result can
/// no longer matter).
enum ParallelBodies {
    /// Below this much code the bodies are checked on the calling thread only (starting a
    /// thread costs more than checking a small module).
    static let minimumParallelBytes = 1 << 20
    /// Most threads used.
    static let maximumThreads = 8

    /// Threads to use for `codeBytes` of function bodies.
    static func threadCount(codeBytes: Int) -> Int {
        guard codeBytes >= minimumParallelBytes else { return 1 }
        let online = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        let cores = online > 0 ? online : 1
        return min(cores, maximumThreads, max(1, codeBytes / minimumParallelBytes))
    }

    /// The bytes of code of all `bodies` (read in place: a `FunctionBody` copied out of the
    /// array costs a retain and a release).
    static func codeBytes(_ bodies: [FunctionBody]) -> Int {
        bodies.withUnsafeBufferPointer { bodies in
            var total = 0
            for i in bodies.indices { total &+= bodies[i].code.count }
            return total
        }
    }

    /// Splits `bodies` (with `total` bytes of code) into at most `parts` contiguous ranges of
    /// about equal code size.
    static func split(_ bodies: [FunctionBody], total: Int, parts: Int) -> [Range<Int>] {
        guard parts > 1, bodies.count > 1 else { return [0..<bodies.count] }
        var ranges: [Range<Int>] = []
        var start = 0
        var sum = 0
        bodies.withUnsafeBufferPointer { bodies in
            for i in bodies.indices {
                sum &+= bodies[i].code.count
                let cut = total / parts * (ranges.count + 1)
                if ranges.count < parts - 1 && sum >= cut && i + 1 < bodies.count {
                    ranges.append(start..<(i + 1))
                    start = i + 1
                }
            }
        }
        ranges.append(start..<bodies.count)
        return ranges
    }
}

/// One run of bodies and what checking it found; written by its thread, read after the join.
final class BodyRun: @unchecked Sendable {
    let index: Int
    let range: Range<Int>
    let work: @Sendable (BodyRun) -> Void
    var infos: [FunctionInfo] = []
    var failure: (any Error)?
    /// The thread checking the run (nil: checked on the calling thread); touched only by the
    /// calling thread.
    var thread: NativeThread?

    init(index: Int, range: Range<Int>, work: @escaping @Sendable (BodyRun) -> Void) {
        self.index = index
        self.range = range
        self.work = work
    }
}

/// The lowest run that failed so far (`Int.max`: none), shared by the threads of one module.
final class FirstFailure: Sendable {
    private let lowest = Atomic<Int>(Int.max)

    /// Whether a run below `run` has failed.
    func isBelow(_ run: Int) -> Bool { lowest.load(ordering: .relaxed) < run }

    /// Records that `run` failed.
    func record(_ run: Int) {
        var current = lowest.load(ordering: .relaxed)
        while run < current {
            let (exchanged, original) = lowest.compareExchange(expected: current, desired: run, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}

extension ModuleChecker {
    /// Checks every function body, on several threads for a large module; returns the facts
    /// of each body in order, or throws the error of the lowest invalid body.
    func checkBodiesInParallel() throws -> [FunctionInfo] {
        let codeBytes = ParallelBodies.codeBytes(module.bodies)
        let threads = ParallelBodies.threadCount(codeBytes: codeBytes)
        let ranges = ParallelBodies.split(module.bodies, total: codeBytes, parts: threads)
        if ranges.count == 1 { return try checkBodies(ranges[0], stopIf: nil) }

        let checker = self
        let failures = FirstFailure()
        let runs = ranges.enumerated().map { i, range in
            BodyRun(index: i, range: range) { run in
                do {
                    run.infos = try checker.checkBodies(run.range) { failures.isBelow(run.index) }
                } catch {
                    run.failure = error
                    failures.record(run.index)
                }
            }
        }
        for run in runs.dropFirst() {
            do {
                run.thread = try NativeThread.start { run.work(run) }
            } catch {
                run.work(run)  // no thread: check the run here
            }
        }
        runs[0].work(runs[0])
        for run in runs.dropFirst() { run.thread.take()?.join() }

        var infos: [FunctionInfo] = []
        infos.reserveCapacity(module.bodies.count)
        for run in runs {
            if let failure = run.failure { throw failure }
            infos.append(contentsOf: run.infos)
        }
        return infos
    }
}
