#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `run --timings`: the CPU and wall time of each start-up phase (reading, decoding and
/// validating, instantiating), then, when the first guest call begins, the process's CPU time
/// since it started (the loader and the runtime's own start included) and the wall time since
/// the command started; on stderr, one line each.
///
/// CPU time is the process's user plus system time (`getrusage`), all threads included, so a
/// phase that validates on several threads shows more CPU than wall time.
final class StartupTimings {
    private var lastCPU: Double
    private var lastWall: Double
    private let startWall: Double
    /// Whether the first call's line was printed (later calls print nothing).
    private var reachedFirstCall = false

    init() {
        lastCPU = Self.processCPU()
        lastWall = Self.wall()
        startWall = lastWall
    }

    /// Prints the time since the previous mark as `phase`'s.
    func mark(_ phase: String) {
        let (cpu, wall) = (Self.processCPU(), Self.wall())
        printError("wippy-wasm: timings: \(phase) \(Self.ms(cpu - lastCPU)) ms CPU, \(Self.ms(wall - lastWall)) ms wall")
        (lastCPU, lastWall) = (cpu, wall)
    }

    /// Marks the end of decoding and validating (through the validation cache when `cached`).
    func markValidation(cached: Bool) {
        mark(cached ? "decode and validate (with the cache)" : "decode and validate")
    }

    /// Prints the totals when the first guest call, `call` (what it calls), begins; nothing
    /// for later calls.
    func firstCall(_ call: String) {
        guard !reachedFirstCall else { return }
        reachedFirstCall = true
        let (cpu, wall) = (Self.processCPU(), Self.wall())
        printError("wippy-wasm: timings: first call (\(call)) at \(Self.ms(cpu)) ms CPU since the process started, "
                   + "\(Self.ms(wall - startWall)) ms wall since the command started")
        (lastCPU, lastWall) = (cpu, wall)
    }

    /// User plus system CPU seconds of the whole process so far.
    private static func processCPU() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func seconds(_ t: timeval) -> Double {
        Double(t.tv_sec) + Double(t.tv_usec) / 1e6
    }

    /// Monotonic seconds.
    private static func wall() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Seconds as milliseconds with one decimal.
    private static func ms(_ seconds: Double) -> String {
        let tenths = Int((max(seconds, 0) * 10_000).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
