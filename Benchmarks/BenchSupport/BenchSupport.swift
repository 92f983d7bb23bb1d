// What the benchmark programs share: clocks and reading a file (benchmarks only; no product
// depends on this target).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import FileSupport

/// Seconds on the monotonic clock (wall time).
public func wallSeconds() -> Double { seconds(CLOCK_MONOTONIC) }

/// CPU seconds the process has used on all its threads: unlike wall time, not inflated by other
/// programs on a busy machine.
public func cpuSeconds() -> Double { seconds(CLOCK_PROCESS_CPUTIME_ID) }

private func seconds(_ clock: clockid_t) -> Double {
    var t = timespec()
    clock_gettime(clock, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// The whole file at `path`, or nil when it cannot be opened.
public func readFile(_ path: String) -> [UInt8]? {
    Files.read(path)
}
