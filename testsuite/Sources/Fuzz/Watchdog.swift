#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// Ends the run when one input runs longer than a limit: a hang is a failure, as a crash is.
/// Every surface bounds its guests (fuel, deadlines), so an input that takes this long means
/// something escaped them; without the watchdog the run would stop moving and never report it.
/// The input is in .build/fuzz/current-SURFACE.bin, as for a crash.
final class Watchdog: Sendable {
    private struct Current {
        var surface = ""
        var index = -1
        /// When the input began (seconds on the monotonic clock); 0 between inputs.
        var started = 0.0
    }

    private let current = Mutex(Current())
    let limit: Double

    /// A watchdog allowing `limit` seconds per input, checking once a second on a thread of its own.
    init(limit: Double) {
        self.limit = limit
        DispatchQueue.global().async { [self] in
            while true {
                sleep(1)
                check()
            }
        }
    }

    /// Input `index` of `surface` begins.
    func begin(_ surface: String, _ index: Int) {
        let now = seconds()
        current.withLock { $0 = Current(surface: surface, index: index, started: now) }
    }

    /// The input ended.
    func end() { current.withLock { $0.started = 0 } }

    private func check() {
        let (surface, index, started) = current.withLock { ($0.surface, $0.index, $0.started) }
        guard started > 0, seconds() - started > limit else { return }
        print("wippy-fuzz: \(surface): input \(index) hangs (more than \(Int(limit)) s; kept in .build/fuzz/current-\(surface).bin)")
        fflush(nil)
        _exit(1)
    }
}

/// Seconds on the monotonic clock.
func seconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
