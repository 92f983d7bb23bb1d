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
/// The bodies are cut into contiguous chunks of about equal code size, `chunksPerThread` per
/// thread, and the threads (the calling one among them) take the chunks in order from a shared
/// counter, each checking its chunks with a validator of its own. Code size predicts checking
/// time only roughly: with one fixed run per thread, one could finish early and wait for the
/// others; small chunks taken as they come keep every thread busy to the end. A chunk stops at its first invalid
/// body. The error reported is the one of the lowest chunk that failed, which is the lowest
/// invalid function: every chunk below it was checked to its end (a chunk is skipped, or
/// stopped early, only when a lower chunk has already failed, and then its result can no
/// longer matter). That is exactly what checking every body in order on one thread reports.
enum ParallelBodies {
    /// Below this much code the bodies are checked on the calling thread only (starting a
    /// thread costs more than checking a small module).
    static let minimumParallelBytes = 1 << 20
    /// Most threads used.
    static let maximumThreads = 8
    /// Chunks of bodies per thread.
    static let chunksPerThread = 16

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

/// The chunks of one module's bodies: which is next, and what checking each found.
final class BodyChunks: Sendable {
    let ranges: [Range<Int>]
    /// One per chunk, written by the one thread that took it and read after the joins.
    let results: [ChunkResult]
    private let next = Atomic<Int>(0)
    let firstFailure = FirstFailure()

    init(_ ranges: [Range<Int>]) {
        self.ranges = ranges
        results = ranges.map { _ in ChunkResult() }
    }

    /// The index of the next chunk to check; nil when none is left.
    func take() -> Int? {
        let k = next.add(1, ordering: .relaxed).oldValue
        return k < ranges.count ? k : nil
    }
}

/// What checking one chunk found: the facts of its bodies, or the error of its first invalid
/// one.
final class ChunkResult: @unchecked Sendable {
    var infos: [FunctionInfo] = []
    var failure: (any Error)?
}

/// A started thread (or nil when none started), kept to be joined.
final class HelperThread {
    var thread: NativeThread?

    init(_ thread: consuming NativeThread?) { self.thread = thread }
}

/// The lowest chunk that failed so far (`Int.max`: none), shared by the threads of one module.
final class FirstFailure: Sendable {
    private let lowest = Atomic<Int>(Int.max)

    /// Whether a chunk below `chunk` has failed.
    func isBelow(_ chunk: Int) -> Bool { lowest.load(ordering: .relaxed) < chunk }

    /// Records that `chunk` failed.
    func record(_ chunk: Int) {
        var current = lowest.load(ordering: .relaxed)
        while chunk < current {
            let (exchanged, original) = lowest.compareExchange(expected: current, desired: chunk, ordering: .relaxed)
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
        if threads == 1 { return try checkBodies(0 ..< module.bodies.count, stopIf: nil) }
        let chunks = BodyChunks(ParallelBodies.split(module.bodies, total: codeBytes,
                                                     parts: threads * ParallelBodies.chunksPerThread))
        let checker = self
        let work: @Sendable () -> Void = {
            var validator = checker.makeBodyValidator()
            while let k = chunks.take() {
                if chunks.firstFailure.isBelow(k) { continue }
                do {
                    chunks.results[k].infos = try checker.checkBodies(chunks.ranges[k], with: &validator) { chunks.firstFailure.isBelow(k) }
                } catch {
                    chunks.results[k].failure = error
                    chunks.firstFailure.record(k)
                }
            }
        }
        let helpers = (1 ..< threads).map { _ in HelperThread(try? NativeThread.start(work)) }  // nil: fewer threads
        work()
        for helper in helpers { helper.thread.take()?.join() }

        var infos: [FunctionInfo] = []
        infos.reserveCapacity(module.bodies.count)
        for result in chunks.results {
            if let failure = result.failure { throw failure }
            infos.append(contentsOf: result.infos)
        }
        return infos
    }
}
