// `make bench-wat`: how fast `parseWAT` turns text into a binary.
//
// Generates a large module (about 20 MB of WAT by default, or the size in MB given as the
// first argument): functions with named locals and parameters, folded and plain instructions,
// blocks, loops, branches, calls, memory accesses and constants of every type. Parses it a few
// times and prints the best run as `wat-parse: N MB in T s = X MB/s`. T is the CPU time of the
// parse (the machines this runs on are often shared; wall-clock time is printed after it).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmBinary
import WasmText

/// A small deterministic generator of numbers (no Foundation).
struct Random {
    var state: UInt64

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 17
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// One generated function, about 1 KB of text.
func function(_ index: Int, _ random: inout Random) -> String {
    let previous = index == 0 ? 0 : index - 1
    let shift = random.below(31)
    let offset = random.below(4096) * 4
    let big = random.next()
    let scale = Double(random.below(100_000)) / 128.0
    return """
      (func $f\(index) (export "f\(index)") (param $a i32) (param $b i32) (result i32)
        (local $i i32) (local $acc i32) (local $x i64) (local $y f64)
        ;; sum a slice of memory
        (local.set $acc (i32.const \(random.below(1000))))
        (block $exit
          (loop $top
            (br_if $exit (i32.ge_u (local.get $i) (local.get $b)))
            (local.set $acc
              (i32.add (local.get $acc)
                (i32.load offset=\(offset) align=4 (i32.shl (local.get $i) (i32.const 2)))))
            local.get $i
            i32.const 1
            i32.add
            local.set $i
            br $top))
        (local.set $x (i64.mul (i64.extend_i32_u (local.get $acc)) (i64.const 0x\(String(big, radix: 16)))))
        (local.set $x (i64.rotl (local.get $x) (i64.const \(shift))))
        (local.set $y (f64.add (f64.convert_i64_s (local.get $x)) (f64.const \(scale))))
        (f32.store offset=\(offset) (local.get $a) (f32.demote_f64 (local.get $y)))
        (if (result i32) (f64.gt (local.get $y) (f64.const -1.5e3))
          (then (call $f\(previous) (local.get $a) (i32.and (local.get $acc) (i32.const 15))))
          (else
            local.get $x
            i32.wrap_i64
            local.get $a
            i32.xor)))

    """
}

/// The whole module: a memory and functions until `megabytes` MB of text.
func generate(megabytes: Int) -> String {
    var random = Random(state: 42)
    var parts: [String] = ["(module\n  (memory (export \"memory\") 1)\n"]
    var size = parts[0].utf8.count
    var index = 0
    while size < megabytes * 1_000_000 {
        let text = function(index, &random)
        size += text.utf8.count
        parts.append(text)
        index += 1
    }
    parts.append(")\n")
    return parts.joined()
}

func seconds(_ clock: clockid_t) -> Double {
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let megabytes = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20 : 20
let text = generate(megabytes: megabytes)
let size = Double(text.utf8.count) / 1_000_000
var best = Double.infinity
var bestWall = Double.infinity
var binary: [UInt8] = []
for _ in 0..<5 {
    let start = seconds(CLOCK_PROCESS_CPUTIME_ID)
    let wallStart = seconds(CLOCK_MONOTONIC)
    do {
        binary = try parseWAT(text)
    } catch {
        print("wat-parse: error: \(error)")
        exit(1)
    }
    best = min(best, seconds(CLOCK_PROCESS_CPUTIME_ID) - start)
    bestWall = min(bestWall, seconds(CLOCK_MONOTONIC) - wallStart)
}
do {
    let module = try decodeModule(binary)
    guard module.bodies.count > 1000 else {
        print("wat-parse: error: only \(module.bodies.count) functions")
        exit(1)
    }
} catch {
    print("wat-parse: error: the binary does not decode: \(error)")
    exit(1)
}
func rounded(_ value: Double, _ places: Double) -> String {
    let factor = places
    return "\(Double(Int(value * factor + 0.5)) / factor)"
}
print("wat-parse: \(rounded(size, 10)) MB in \(rounded(best, 1000)) s = \(rounded(size / best, 10)) MB/s"
    + " (CPU time; wall clock \(rounded(bestWall, 1000)) s = \(rounded(size / bestWall, 10)) MB/s)")
