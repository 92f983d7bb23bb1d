#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ComponentBinary
import Testing

/// The 18 MB Python components decode fast (measure with `swift test -c release`).
@Suite(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missing)))
struct SpeedTests {
    /// Seconds on a monotonic clock.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    @Test(arguments: ["components/py-cli-tour.wasm", "components/py-wippy-echo.wasm"])
    func largeComponentDecodesFast(_ file: String) throws {
        let bytes = try #require(Fixtures.read(file))
        let megabytes = Double(bytes.count) / 1_000_000
        var best = Double.infinity
        for _ in 0..<3 {
            let start = Self.now()
            let c = try decodeComponent(bytes)
            best = min(best, Self.now() - start)
            #expect(!c.sections.isEmpty)
        }
        let start = Self.now()
        let c = try decodeComponent(bytes)
        var moduleBytes = 0
        for m in c.modules {
            moduleBytes += m.range.count
            _ = try m.decode()
        }
        let withModules = Self.now() - start
        let validateStart = Self.now()
        _ = try validateComponent(c)
        let validation = Self.now() - validateStart
        print("\(file): \(bytes.count) bytes; decodeComponent \(Int(best * 1e6)) µs (\(Int(megabytes / best)) MB/s); with its \(c.modules.count) core modules (\(moduleBytes) bytes) decoded: \(Int(withModules * 1e3)) ms (\(Int(megabytes / withModules)) MB/s); validateComponent (decodes the modules again) \(Int(validation * 1e3)) ms")
        #expect(best < 1.0)
    }
}
