#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import WippySHA256

/// A throughput measurement, run only when `WIPPY_SHA256_BENCH` is set:
///
///     WIPPY_SHA256_BENCH=1 swift test -c release --filter WippySHA256Tests.ThroughputTests
///
/// It prints the best of five runs over 64 MiB, in wall-clock and in
/// thread-CPU time (the CPU figure is steadier on a busy machine).
@Suite("SHA-256 throughput")
struct ThroughputTests {
    static var enabled: Bool { getenv("WIPPY_SHA256_BENCH") != nil }

    static func seconds(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test("hash 64 MiB", .enabled(if: ThroughputTests.enabled))
    func throughput() {
        let size = 64 << 20
        var data = [UInt8](repeating: 0, count: size)
        for index in 0 ..< size { data[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 13) }
        var bestWall = 0.0
        var bestCPU = 0.0
        for _ in 0 ..< 5 {
            let wall = Self.seconds(CLOCK_MONOTONIC), cpu = Self.seconds(CLOCK_THREAD_CPUTIME_ID)
            let digest = SHA256.hash(data)
            let wallTime = Self.seconds(CLOCK_MONOTONIC) - wall, cpuTime = Self.seconds(CLOCK_THREAD_CPUTIME_ID) - cpu
            #expect(digest.count == 32)
            bestWall = max(bestWall, Double(size) / wallTime / 1e6)
            bestCPU = max(bestCPU, Double(size) / cpuTime / 1e6)
        }
        print("SHA-256 throughput over 64 MiB: \(Int(bestWall)) MB/s wall, \(Int(bestCPU)) MB/s CPU")
    }
}
