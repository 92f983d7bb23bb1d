import BenchSupport

/// Two loops that are not wippy-wasm's code, timed beside the calls by `--each-round`: one
/// that loads and stores in a 16 KiB array (it lives in the first-level data cache, with four
/// independent sums), one whose every step waits on the one before (a register-only xorshift
/// chain). When the machine slows the calls down for a while, the first slows down with them and
/// the second does not (docs/architecture.md, "Component calls: slow periods of the machine").
struct MachineCheck {
    static let columns = "cache-loop-ns register-loop-ns"

    let iterations: Int
    private var buffer = [UInt64](repeating: 3, count: 2048)
    /// Keeps the loops' results alive.
    private(set) var sink: UInt64 = 0

    init(iterations: Int) { self.iterations = iterations }

    /// Runs both loops once; their CPU time per iteration in nanoseconds.
    mutating func measure() -> String {
        var t = cpuSeconds()
        sink &+= cacheLoop()
        let cache = (cpuSeconds() - t) / Double(iterations) * 1e9
        t = cpuSeconds()
        sink &+= registerLoop()
        let register = (cpuSeconds() - t) / Double(iterations) * 1e9
        return "\(fmt(cache)) \(fmt(register))"
    }

    @inline(never) private mutating func cacheLoop() -> UInt64 {
        var a: UInt64 = 0, b: UInt64 = 1, c: UInt64 = 2, d: UInt64 = 3
        let n = iterations
        buffer.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                let j = (i &* 4) & 2047
                a &+= p[j]; b ^= p[j &+ 1]; c &+= p[j &+ 2] &* 3; d |= p[j &+ 3]
                p[(j &+ 5) & 2047] = a &+ b
            }
        }
        return a &+ b &+ c &+ d
    }

    @inline(never) private func registerLoop() -> UInt64 {
        var x: UInt64 = 88_172_645_463_325_252
        for _ in 0..<iterations { x ^= x << 13; x ^= x >> 7; x ^= x << 17 }
        return x
    }
}
